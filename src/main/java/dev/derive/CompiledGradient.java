package dev.derive;

import java.util.List;

/** A function compiled together with its gradient, computed in one pass. */
public interface CompiledGradient extends CompiledFunction {
    /**
     * Fills {@code gradient[i]} with the partial derivative with respect to
     * {@code gradientVariables().get(i)} at {@code x} and returns the value there. Where the
     * value is NaN, so is every partial.
     *
     * @throws IllegalArgumentException if {@code x.length} is not the number of variables, or
     *     {@code gradient.length} that of gradient variables
     */
    double valueAndGradient(double[] x, double[] gradient);

    /**
     * The variables the gradient is taken with respect to, in the order of {@code gradient[]}:
     * {@link #variables()} for a full gradient ({@link Derive#gradient}), the chosen ones for
     * {@link Formula#derivatives(java.util.List)}.
     */
    List<String> gradientVariables();
}
