/**
 * Stage 2, differentiation: {@link dev.derive.diff.ReverseMode} walks a function's nodes once,
 * from the highest id down, and builds each node's adjoint in the same graph, with one rule per
 * operation from {@link dev.derive.diff.Rules}; {@link dev.derive.diff.Domain} makes partials
 * NaN where the function is. Graph in, partial-derivative nodes out. Depends on {@code graph}
 * only.
 */
package dev.derive.diff;
