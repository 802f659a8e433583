package dev.derive.bench;

import org.hipparchus.CalculusFieldElement;

/**
 * A benchmark function for second derivatives: its text, and written by hand its Hessian (dense
 * row-major, or for a sparse one the lower triangle's nonzeros row by row, columns increasing:
 * derive's order of {@code sparseRows}) and its Hessian-vector product. Inputs are named by
 * {@link #names()}, which is derive's order.
 */
public abstract class HessianProblem {
    public abstract String name();

    public abstract String description();

    public abstract int size();

    public abstract String[] names();

    /** Whether the Hessian is timed sparse (its lower triangle's nonzeros) rather than dense. */
    public abstract boolean sparse();

    public abstract String source();

    public abstract double[] point();

    /** The seeded vector v of H·v. */
    public double[] direction() {
        return new java.util.Random(3).doubles(size(), -1, 1).toArray();
    }

    /** The value, the gradient into {@code g}, the Hessian into {@code h}, dense or sparse as {@link #sparse()} says. */
    public abstract double hessian(double[] x, double[] g, double[] h);

    /** H·v into {@code out}. */
    public abstract void hessianVector(double[] x, double[] v, double[] out);

    /** The value and gradient, hand-written as reverse mode computes them. */
    public abstract double gradient(double[] x, double[] g);

    /** The function on any field, for Hipparchus. */
    public abstract <T extends CalculusFieldElement<T>> T value(T[] x);
}
