package dev.derive.codegen.runtime;

import dev.derive.CompiledGradient;
import dev.derive.diff.Domain;
import java.util.List;

/** A large function and its gradient, each a {@link Kernel} of split classes. */
public final class SplitGradient extends SplitFunction implements CompiledGradient {
    private final List<String> gradientVariables;
    private final Kernel valueAndGradient;

    public SplitGradient(List<String> variables, List<String> gradientVariables, Kernel value, Kernel valueAndGradient) {
        super(variables, value);
        this.gradientVariables = gradientVariables;
        this.valueAndGradient = valueAndGradient;
    }

    @Override
    public List<String> gradientVariables() {
        return gradientVariables;
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        Checks.inputs(x, variables().size());
        Checks.gradient(gradient, gradientVariables.size());
        return Domain.restrict(valueAndGradient.run(x, gradient, null), gradient);
    }
}
