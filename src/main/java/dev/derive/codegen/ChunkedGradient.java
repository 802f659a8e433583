package dev.derive.codegen;

import dev.derive.CompiledGradient;
import dev.derive.diff.Domain;
import java.util.List;

/** A large function and its gradient, each run as a sequence of generated parts. */
final class ChunkedGradient extends ChunkedFunction implements CompiledGradient {
    private final List<String> gradientVariables;
    private final Part[] gradientParts;
    private final int gradientSize;

    ChunkedGradient(List<String> variables, List<String> gradientVariables, Part[] valueParts, double[] valueScratch,
                    Part[] gradientParts, double[] gradientScratch, int gradientSize) {
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
