/**
 * What generated classes call and plug into at run time: argument
 * {@link dev.derive.codegen.runtime.Checks}, and for a function split into classes of methods,
 * the {@link dev.derive.codegen.runtime.SplitClass} interface each implements and the
 * {@link dev.derive.codegen.runtime.SplitFunction} and {@link dev.derive.codegen.runtime.SplitGradient}
 * that run them in order with a per-thread scratch array. No ASM: nothing here generates code.
 * Depends on the API's interfaces and {@code diff}'s domain rule.
 */
package dev.derive.codegen.runtime;
