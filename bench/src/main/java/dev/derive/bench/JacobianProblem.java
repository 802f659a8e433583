package dev.derive.bench;

import org.hipparchus.CalculusFieldElement;

/**
 * A benchmark system of m outputs in n inputs: its text, and its Jacobian written by hand, dense
 * row-major or, for a sparse one, its structurally nonzero entries row by row with columns
 * increasing (derive's order of {@code sparseRows}). Inputs are x0..x(n-1), in that order.
 */
public abstract class JacobianProblem {
    public abstract String name();

    public abstract String description();

    public abstract int inputs();

    public abstract int outputs();

    /** Whether the Jacobian is timed sparse (its nonzeros) rather than dense. */
    public abstract boolean sparse();

    /** The text in derive's language: the outputs, comma-separated. */
    public abstract String source();

    /** The seeded point every method is timed at. */
    public abstract double[] point();

    /** The outputs into {@code y} and the Jacobian into {@code jacobian}, dense or sparse as {@link #sparse()} says. */
    public abstract void jacobian(double[] x, double[] y, double[] jacobian);

    /** The rows of the sparse entries, for reading Hipparchus's dense result into the same order. */
    public abstract int[] sparseRows();

    /** Their columns. */
    public abstract int[] sparseColumns();

    /** The outputs on any field, for Hipparchus's forward mode. */
    public abstract <T extends CalculusFieldElement<T>> void residuals(T[] x, T[] y);
}
