package dev.derive;

/**
 * A function of one output compiled with its first and second derivatives. The Hessian is
 * symmetric, and built from its lower triangle, each pair of variables once; its structure
 * (the entries that are not zero everywhere) is known symbolically, so a sparse Hessian costs
 * what its nonzeros cost. {@code H·v} needs no Hessian at all. Immutable and thread-safe; calls
 * allocate nothing. Where the value is NaN, so is every derivative.
 */
public interface CompiledHessian extends CompiledGradient {
    /**
     * The value, the gradient into {@code gradient}, and the Hessian into {@code hessian},
     * row-major n×n (both triangles).
     *
     * @throws IllegalArgumentException if an array's length is not what it must be
     * @throws UnsupportedOperationException if n×n is too large to hold; use {@link #sparseHessian}
     */
    double hessian(double[] x, double[] gradient, double[] hessian);

    /** {@code H·v} at {@code x}, into {@code out} (length n): one forward sweep over the gradient. */
    void hessianVector(double[] x, double[] v, double[] out);

    /** The lower triangle's structure: the row of each entry that is not zero everywhere, row by row. */
    int[] sparseRows();

    /** The columns of {@link #sparseRows()}'s entries ({@code column <= row}). */
    int[] sparseColumns();

    /** The value, the gradient, and the lower triangle's nonzero entries in {@link #sparseRows()}'s order. */
    double sparseHessian(double[] x, double[] gradient, double[] nonzeros);
}
