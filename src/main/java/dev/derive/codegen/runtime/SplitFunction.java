package dev.derive.codegen.runtime;

import dev.derive.CompiledFunction;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A large function: runs its generated parts in order. Values pass between the parts through
 * a scratch array that each thread makes once per entry point, as a copy of the initial one
 * (which holds the tables of constants loops read), so calls allocate nothing after the first.
 */
public class SplitFunction implements CompiledFunction, DoubleUnaryOperator {
    static final int VALUE = 0;
    static final int GRADIENT = 1;
    private static final int INPUT = 2;

    private final List<String> variables;
    private final SplitClass[] valueParts;
    private final ThreadLocal<double[][]> scratch;

    /**
     * @param valueScratch the initial scratch array of the value's parts
     * @param gradientScratch that of the value-and-gradient's parts, or null
     */
    public SplitFunction(List<String> variables, SplitClass[] valueParts, double[] valueScratch, double[] gradientScratch) {
        this.variables = variables;
        this.valueParts = valueParts;
        this.scratch = ThreadLocal.withInitial(() -> new double[][] {
            valueScratch.clone(), gradientScratch == null ? null : gradientScratch.clone(), new double[1]});
    }

    @Override
    public List<String> variables() {
        return variables;
    }

    @Override
    public double value(double[] x) {
        Checks.inputs(x, variables.size());
        return run(valueParts, VALUE, x, null);
    }

    @Override
    public double applyAsDouble(double x) {
        double[] input = scratch.get()[INPUT];
        input[0] = x;
        return value(input);
    }

    /** Runs {@code parts} with this thread's scratch array {@code which}; returns the result. */
    final double run(SplitClass[] parts, int which, double[] x, double[] gradient) {
        double[] s = scratch.get()[which];
        for (SplitClass part : parts) {
            part.run(x, s, gradient);
        }
        return s[0];
    }
}
