/**
 * The bytecode, written with ASM from a plan: {@link dev.derive.codegen.emit.NodeEmitter} has
 * one case per operation (an exhaustive switch); {@link dev.derive.codegen.emit.StraightLineEmitter}
 * and {@link dev.derive.codegen.emit.LoopEmitter} write a method's straight-line code and its
 * loops; {@link dev.derive.codegen.emit.SingleClassEmitter} writes a small function as one class
 * implementing the API, and {@link dev.derive.codegen.emit.SplitClassEmitter} a large one as
 * classes of methods. Class files out. Depends on {@code plan}, {@code runtime}, {@code graph}
 * and ASM.
 */
package dev.derive.codegen.emit;
