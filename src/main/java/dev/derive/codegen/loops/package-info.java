/**
 * Bytecode for programs with arrays and sums ({@link dev.derive.indexed.Step}s): real loops over
 * sizes given at call time, so one compiled class serves every size.
 */
package dev.derive.codegen.loops;
