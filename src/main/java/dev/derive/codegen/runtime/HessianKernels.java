package dev.derive.codegen.runtime;

import dev.derive.CompiledGradient;
import dev.derive.CompiledHessian;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link CompiledHessian} made of kernels: the value and gradient are a compiled gradient's,
 * the Hessian dense and sparse and its product with a vector each a kernel of its own.
 */
public final class HessianKernels implements CompiledHessian {
    private final CompiledGradient gradient;
    private final Kernel dense;
    private final Kernel sparse;
    private final Kernel hessianVector;
    private final int[] rows;
    private final int[] columns;
    private final ThreadLocal<double[]> joined;

    /**
     * @param dense returns the value, writes the gradient and the Hessian's nonzero entries
     *     (both triangles; the rest it leaves, and this fills with zeros); null if n×n is too large
     * @param sparse returns the value, writes the gradient and the nonzero entries at {@code rows}, {@code columns}
     * @param hessianVector takes {@code x} then {@code v}; returns the value, writes {@code H·v}
     */
    public HessianKernels(CompiledGradient gradient, Kernel dense, Kernel sparse, Kernel hessianVector,
                          int[] rows, int[] columns) {
        this.gradient = gradient;
        this.dense = dense;
        this.sparse = sparse;
        this.hessianVector = hessianVector;
        this.rows = rows;
        this.columns = columns;
        int inputs = gradient.variables().size() + gradient.gradientVariables().size();
        this.joined = ThreadLocal.withInitial(() -> new double[inputs]);
    }

    @Override
    public List<String> variables() {
        return gradient.variables();
    }

    @Override
    public List<String> gradientVariables() {
        return gradient.gradientVariables();
    }

    @Override
    public double value(double[] x) {
        return gradient.value(x);
    }

    @Override
    public double valueAndGradient(double[] x, double[] g) {
        return gradient.valueAndGradient(x, g);
    }

    @Override
    public double hessian(double[] x, double[] g, double[] hessian) {
        int n = gradientVariables().size();
        if (dense == null) {
            throw new UnsupportedOperationException("a dense Hessian of " + n + " variables would hold "
                    + (long) n * n + " entries; use sparseHessian");
        }
        Checks.inputs(x, variables().size());
        Checks.gradient(g, n);
        Checks.length("hessian", hessian, n * n, "row-major, " + n + " rows of " + n);
        Arrays.fill(hessian, 0);
        return undefinedWhereNaN(dense.run(x, g, hessian), g, hessian);
    }

    @Override
    public void hessianVector(double[] x, double[] v, double[] out) {
        int n = gradientVariables().size();
        Checks.inputs(x, variables().size());
        Checks.length("v", v, n, "one per gradient variable");
        Checks.length("out", out, n, "one per gradient variable");
        undefinedWhereNaN(hessianVector.run(JacobianKernels.joined(joined.get(), x, v), out, null), out, out);
    }

    @Override
    public int[] sparseRows() {
        return rows.clone();
    }

    @Override
    public int[] sparseColumns() {
        return columns.clone();
    }

    @Override
    public double sparseHessian(double[] x, double[] g, double[] nonzeros) {
        Checks.inputs(x, variables().size());
        Checks.gradient(g, gradientVariables().size());
        Checks.length("nonzeros", nonzeros, rows.length, "one per entry of sparseRows()");
        return undefinedWhereNaN(sparse.run(x, g, nonzeros), g, nonzeros);
    }

    /** Where the value is NaN, so is every derivative. */
    private static double undefinedWhereNaN(double value, double[] first, double[] second) {
        if (value != value) {
            Arrays.fill(first, value);
            Arrays.fill(second, value);
        }
        return value;
    }
}
