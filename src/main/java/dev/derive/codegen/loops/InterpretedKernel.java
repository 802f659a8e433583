package dev.derive.codegen.loops;

import dev.derive.codegen.runtime.LoopKernel;
import dev.derive.graph.Node;
import dev.derive.indexed.Layout;
import dev.derive.indexed.Runner;
import dev.derive.indexed.Scopes;
import dev.derive.indexed.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel of a program too large for one class of bytecode even split into methods (its
 * constant pool overflows at some 20,000 terms written out): derive's reference interpreter,
 * which computes the same bits in the same order, only slower.
 */
final class InterpretedKernel implements LoopKernel {
    private final Scopes scopes;
    private final Layout layout;
    private final List<Step> steps;
    private final List<Node> results = new ArrayList<>();

    InterpretedKernel(Scopes scopes, Layout layout, List<Step> steps, Node value, List<Node> partials) {
        this.scopes = scopes;
        this.layout = layout;
        this.steps = steps;
        results.add(value);
        results.addAll(partials);
    }

    @Override
    public double run(double[][] arrays, int[] dims, int[] sizes, double[] scalars, double[][] gradients,
                      double[] partials) {
        long[] wide = new long[sizes.length];
        for (int k = 0; k < sizes.length; k++) wide[k] = sizes[k];
        double[] r = Runner.run(scopes, layout, steps, results, arrays, dims, wide, scalars, gradients);
        for (int k = 1; k < r.length; k++) if (results.get(k) != null) partials[k - 1] = r[k];
        return r[0];
    }
}
