package dev.derive.codegen.runtime;

import dev.derive.CompiledFunction;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** A large function: its value is a {@link Kernel} of split classes. */
public class SplitFunction implements CompiledFunction, DoubleUnaryOperator {
    private final List<String> variables;
    private final Kernel value;
    private final ThreadLocal<double[]> oneInput = ThreadLocal.withInitial(() -> new double[1]);

    public SplitFunction(List<String> variables, Kernel value) {
        this.variables = variables;
        this.value = value;
    }

    @Override
    public List<String> variables() {
        return variables;
    }

    @Override
    public double value(double[] x) {
        Checks.inputs(x, variables.size());
        return value.run(x, null, null);
    }

    @Override
    public double applyAsDouble(double x) {
        double[] input = oneInput.get();
        input[0] = x;
        return value(input);
    }
}
