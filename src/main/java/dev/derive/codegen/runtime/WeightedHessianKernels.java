package dev.derive.codegen.runtime;

import dev.derive.CompiledWeightedHessian;
import java.util.List;

/** A {@link CompiledWeightedHessian} made of two kernels, which take the weights after {@code x}. */
public final class WeightedHessianKernels implements CompiledWeightedHessian {
    private final List<String> variables;
    private final List<String> outputs;
    private final int hessianSize;
    private final Kernel sparse;
    private final Kernel hessianVector;
    private final int[] rows;
    private final int[] columns;
    private final ThreadLocal<double[]> withWeights;
    private final ThreadLocal<double[]> withWeightsAndVector;

    /**
     * @param hessianSize the number of variables the Hessian is taken with respect to
     * @param sparse takes {@code x} then the weights; writes the nonzero entries at {@code rows}, {@code columns}
     * @param hessianVector takes {@code x}, the weights, then {@code v}; writes {@code H·v}
     */
    public WeightedHessianKernels(List<String> variables, List<String> outputs, int hessianSize,
                                  Kernel sparse, Kernel hessianVector, int[] rows, int[] columns) {
        this.variables = variables;
        this.outputs = outputs;
        this.hessianSize = hessianSize;
        this.sparse = sparse;
        this.hessianVector = hessianVector;
        this.rows = rows;
        this.columns = columns;
        int n = variables.size();
        int m = outputs.size();
        this.withWeights = ThreadLocal.withInitial(() -> new double[n + m]);
        this.withWeightsAndVector = ThreadLocal.withInitial(() -> new double[n + m + hessianSize]);
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
    public int[] sparseRows() {
        return rows.clone();
    }

    @Override
    public int[] sparseColumns() {
        return columns.clone();
    }

    @Override
    public void sparseHessian(double[] x, double[] weights, double[] nonzeros) {
        Checks.inputs(x, variables.size());
        Checks.length("weights", weights, outputs.size(), "one per output");
        Checks.length("nonzeros", nonzeros, rows.length, "one per entry of sparseRows()");
        sparse.run(JacobianKernels.joined(withWeights.get(), x, weights), nonzeros, null);
    }

    @Override
    public void hessianVector(double[] x, double[] weights, double[] v, double[] out) {
        Checks.inputs(x, variables.size());
        Checks.length("weights", weights, outputs.size(), "one per output");
        Checks.length("v", v, hessianSize, "one per Hessian variable");
        Checks.length("out", out, hessianSize, "one per Hessian variable");
        double[] in = withWeightsAndVector.get();
        System.arraycopy(x, 0, in, 0, x.length);
        System.arraycopy(weights, 0, in, x.length, weights.length);
        System.arraycopy(v, 0, in, x.length + weights.length, v.length);
        hessianVector.run(in, out, null);
    }
}
