package dev.derive.codegen.runtime;

import dev.derive.CompiledJacobian;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link CompiledJacobian} made of four kernels. The products take their vector as extra
 * inputs after {@code x}, so this copies {@code x} and the vector into one array per thread.
 */
public final class JacobianKernels implements CompiledJacobian {
    private final List<String> variables;
    private final List<String> outputs;
    private final List<String> jacobianVariables;
    private final Kernel values;
    private final Kernel jacobian;
    private final Kernel jvp;
    private final Kernel vjp;
    private final Kernel sparse;
    private final int[] rows;
    private final int[] columns;
    private final ThreadLocal<double[]> jvpInputs;
    private final ThreadLocal<double[]> vjpInputs;

    /**
     * @param jacobian writes the outputs and the Jacobian's structurally nonzero entries (the
     *     rest it leaves, and this fills with zeros)
     * @param sparse writes the outputs and the nonzero entries at {@code rows}, {@code columns}
     */
    public JacobianKernels(List<String> variables, List<String> outputs, List<String> jacobianVariables,
                           Kernel values, Kernel jacobian, Kernel jvp, Kernel vjp,
                           Kernel sparse, int[] rows, int[] columns) {
        this.variables = variables;
        this.outputs = outputs;
        this.jacobianVariables = jacobianVariables;
        this.values = values;
        this.jacobian = jacobian;
        this.jvp = jvp;
        this.vjp = vjp;
        this.sparse = sparse;
        this.rows = rows;
        this.columns = columns;
        int n = variables.size();
        this.jvpInputs = ThreadLocal.withInitial(() -> new double[n + jacobianVariables.size()]);
        this.vjpInputs = ThreadLocal.withInitial(() -> new double[n + outputs.size()]);
    }

    @Override
    public List<String> variables() {
        return variables;
    }

    @Override
    public List<String> outputs() {
        return outputs;
    }

    @Override
    public List<String> jacobianVariables() {
        return jacobianVariables;
    }

    @Override
    public void values(double[] x, double[] y) {
        Checks.inputs(x, variables.size());
        Checks.length("y", y, outputs.size(), "one per output");
        values.run(x, y, null);
    }

    @Override
    public void jacobian(double[] x, double[] y, double[] jacobian) {
        int n = jacobianVariables.size();
        if (this.jacobian == null) {
            throw new UnsupportedOperationException("a dense Jacobian of " + outputs.size() + " outputs and " + n
                    + " variables would hold " + (long) outputs.size() * n + " entries; use sparseJacobian");
        }
        Checks.inputs(x, variables.size());
        Checks.length("y", y, outputs.size(), "one per output");
        Checks.length("jacobian", jacobian, outputs.size() * n, "row-major, " + outputs.size() + " rows of " + n);
        Arrays.fill(jacobian, 0);
        this.jacobian.run(x, y, jacobian);
        for (int i = 0; i < y.length; i++) {
            if (y[i] != y[i]) Arrays.fill(jacobian, i * n, (i + 1) * n, y[i]);
        }
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
    public void sparseJacobian(double[] x, double[] y, double[] nonzeros) {
        Checks.inputs(x, variables.size());
        Checks.length("y", y, outputs.size(), "one per output");
        Checks.length("nonzeros", nonzeros, rows.length, "one per entry of sparseRows()");
        sparse.run(x, y, nonzeros);
        for (int k = 0; k < rows.length; k++) {
            if (y[rows[k]] != y[rows[k]]) nonzeros[k] = y[rows[k]];
        }
    }

    @Override
    public void jvp(double[] x, double[] v, double[] out) {
        Checks.inputs(x, variables.size());
        Checks.length("v", v, jacobianVariables.size(), "one per Jacobian variable");
        Checks.length("out", out, outputs.size(), "one per output");
        jvp.run(joined(jvpInputs.get(), x, v), out, null);
    }

    @Override
    public void vjp(double[] x, double[] u, double[] out) {
        Checks.inputs(x, variables.size());
        Checks.length("u", u, outputs.size(), "one per output");
        Checks.length("out", out, jacobianVariables.size(), "one per Jacobian variable");
        vjp.run(joined(vjpInputs.get(), x, u), out, null);
    }

    /** {@code x} then {@code v} in {@code into}. */
    static double[] joined(double[] into, double[] x, double[] v) {
        System.arraycopy(x, 0, into, 0, x.length);
        System.arraycopy(v, 0, into, x.length, v.length);
        return into;
    }
}
