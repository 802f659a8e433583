package dev.derive.codegen.runtime;

import dev.derive.CompiledGradient;
import dev.derive.diff.Domain;
import java.util.List;

/** A large function and its gradient, each run as a sequence of generated parts. */
public final class SplitGradient extends SplitFunction implements CompiledGradient {
    private final List<String> gradientVariables;
    private final SplitClass[] gradientParts;
    private final int gradientSize;

    public SplitGradient(List<String> variables, List<String> gradientVariables, SplitClass[] valueParts, double[] valueScratch,
                    SplitClass[] gradientParts, double[] gradientScratch, int gradientSize) {
        super(variables, valueParts, valueScratch, gradientScratch);
        this.gradientVariables = gradientVariables;
        this.gradientParts = gradientParts;
        this.gradientSize = gradientSize;
    }

    @Override
    public List<String> gradientVariables() {
        return gradientVariables;
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        Checks.inputs(x, variables().size());
        Checks.gradient(gradient, gradientSize);
        return Domain.restrict(run(gradientParts, GRADIENT, x, gradient), gradient);
    }
}
