package dev.derive;

import java.util.List;

/**
 * The Hessian of a weighted sum of a function's outputs, with the weights given at call time:
 * {@code Σ w[i]·∇²y[i]}. With the objective and the constraints of an optimization problem as
 * the outputs, this is the Hessian of its Lagrangian, {@code σ∇²f + Σ λᵢ∇²gᵢ}, which
 * interior-point solvers such as Ipopt ask of a model at every step. Its structure is the
 * union of the outputs' and does not depend on the weights. Immutable and thread-safe; calls
 * allocate nothing.
 */
public interface CompiledWeightedHessian {
    List<String> variables();

    List<String> outputs();

    /** The lower triangle's structure: the row of each entry that is not zero everywhere, row by row. */
    int[] sparseRows();

    /** The columns of {@link #sparseRows()}'s entries ({@code column <= row}). */
    int[] sparseColumns();

    /**
     * The lower triangle's nonzero entries of {@code Σ weights[i]·∇²y[i]} at {@code x}, in
     * {@link #sparseRows()}'s order.
     *
     * @throws IllegalArgumentException if an array's length is not what it must be
     */
    void sparseHessian(double[] x, double[] weights, double[] nonzeros);

    /** {@code (Σ weights[i]·∇²y[i])·v} at {@code x}, into {@code out}, without the Hessian. */
    void hessianVector(double[] x, double[] weights, double[] v, double[] out);
}
