package dev.derive;

import java.util.List;

/**
 * A function of several outputs compiled with its Jacobian, and the products with it that need
 * no Jacobian at all: {@code J·v} by one forward sweep, {@code uᵀ·J} by one reverse sweep.
 * Immutable and thread-safe; calls allocate nothing. Where an output is NaN, so are its row of
 * the Jacobian and every product it enters.
 */
public interface CompiledJacobian {
    /** The inputs, in order of first appearance; {@code x[j]} is {@code variables().get(j)}. */
    List<String> variables();

    /** The outputs; {@code y[i]} is {@code outputs().get(i)}. */
    List<String> outputs();

    /** The variables the Jacobian's columns are for (all of {@link #variables()}, or those chosen). */
    List<String> jacobianVariables();

    /**
     * The outputs at {@code x}, into {@code y}.
     *
     * @throws IllegalArgumentException if an array's length is not what it must be
     */
    void values(double[] x, double[] y);

    /**
     * The outputs into {@code y}, and the Jacobian into {@code jacobian}, row-major: m rows of n.
     *
     * @throws UnsupportedOperationException if m×n is too large to hold (over 4M entries); use {@link #sparseJacobian}
     */
    void jacobian(double[] x, double[] y, double[] jacobian);

    /**
     * The Jacobian's structure: the (row, column) of each entry that is not zero everywhere,
     * row by row. Known symbolically: an entry is structurally zero where the output does not
     * depend on the variable.
     */
    int[] sparseRows();

    /** The columns of {@link #sparseRows()}'s entries. */
    int[] sparseColumns();

    /** The outputs into {@code y} and the structurally nonzero entries into {@code nonzeros}, in that order. */
    void sparseJacobian(double[] x, double[] y, double[] nonzeros);

    /** {@code J·v} at {@code x}, into {@code out} (one per output): a forward sweep with tangent {@code v}. */
    void jvp(double[] x, double[] v, double[] out);

    /** {@code uᵀ·J} at {@code x}, into {@code out} (one per Jacobian variable): a reverse sweep with adjoint {@code u}. */
    void vjp(double[] x, double[] u, double[] out);
}
