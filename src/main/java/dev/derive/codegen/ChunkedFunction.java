package dev.derive.codegen;

import dev.derive.CompiledFunction;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A large function: runs its generated parts in order. Values pass between the parts through
 * a scratch array that each thread allocates once, so calls allocate nothing after the first.
 */
class ChunkedFunction implements CompiledFunction, DoubleUnaryOperator {
    private final List<String> variables;
    private final Part[] valueParts;
    private final ThreadLocal<double[][]> scratch;

    /** @param scratchSize the largest scratch array any of this object's entry points needs */
    ChunkedFunction(List<String> variables, Part[] valueParts, int scratchSize) {
        this.variables = variables;
        this.valueParts = valueParts;
        this.scratch = ThreadLocal.withInitial(() -> new double[][] {new double[scratchSize], new double[1]});
    }

    @Override
    public List<String> variables() {
        return variables;
    }

    @Override
    public double value(double[] x) {
        Checks.inputs(x, variables.size());
        return run(valueParts, x, null);
    }

    @Override
    public double applyAsDouble(double x) {
        double[] input = scratch.get()[1];
        input[0] = x;
        return value(input);
    }

    final double run(Part[] parts, double[] x, double[] gradient) {
        double[] s = scratch.get()[0];
        for (Part part : parts) {
            part.run(x, s, gradient);
        }
        return s[0];
    }
}
