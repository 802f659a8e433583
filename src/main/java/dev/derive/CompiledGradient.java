package dev.derive;

/** A function compiled together with its gradient, computed in one pass. */
public interface CompiledGradient extends CompiledFunction {
    /**
     * Fills {@code gradient[i]} with the partial derivative for {@code variables().get(i)} at
     * {@code x} and returns the value there.
     *
     * @throws IllegalArgumentException if either array's length is not the number of variables
     */
    double valueAndGradient(double[] x, double[] gradient);
}
