/**
 * Stage 3, graphs to JVM bytecode: {@link dev.derive.codegen.BytecodeCompiler} is the one door
 * in. It takes a graph's value and partial nodes and returns compiled objects, defined as
 * hidden classes in this package; {@link dev.derive.codegen.Options} turns each rewrite off for
 * testing. Three layers below it: {@code plan} decides what code to make (no ASM), {@code emit}
 * writes it with ASM, and {@code runtime} is what the generated classes plug into. Depends on
 * {@code graph} and {@code diff}, and on the API's interfaces.
 */
package dev.derive.codegen;
