package dev.derive.diff;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Second derivatives, forward over reverse: reverse mode builds the gradient, then a forward
 * sweep over the gradient's graph per variable builds a column of the Hessian, and one with a
 * vector of tangents builds a Hessian-vector product without the Hessian.
 *
 * <p>Why forward over reverse: a forward sweep visits only the nodes of the gradient that
 * depend on its variable, so a column of a sparse Hessian costs what its nonzeros cost (the
 * Hessian of extended Rosenbrock, tridiagonal, is built in time linear in n), where
 * reverse over reverse would sweep the whole gradient's graph once per row. And H·v is one
 * forward sweep, about twice the gradient's operations, whatever n is.
 */
public final class Hessians {
    private Hessians() {}

    /** Entry (row, column) of the Hessian's lower triangle. */
    public record Entry(int row, int column, Node node) {}

    /**
     * The Hessian's lower triangle, its entries that are not the constant 0, row by row: the
     * second partial of the output with respect to variables i and j for {@code j <= i}. By
     * symmetry it is the whole Hessian; each pair is built once.
     *
     * @param gradient the output's partials with respect to {@code variables}
     */
    public static List<Entry> lowerTriangle(Graph graph, List<Node> gradient, List<Node> variables) {
        List<Entry> entries = new ArrayList<>();
        ForwardMode sweeps = ForwardMode.over(graph, gradient);
        Node one = graph.constant(1);
        for (int j = 0; j < variables.size(); j++) {
            for (ForwardMode.Tangent t : sweeps.sweepNonzero(List.of(variables.get(j)), List.of(one))) {
                if (t.output() >= j && !t.node().isConstant(0)) entries.add(new Entry(t.output(), j, t.node()));
            }
        }
        entries.sort((a, b) -> a.row != b.row ? Integer.compare(a.row, b.row) : Integer.compare(a.column, b.column));
        return entries;
    }

    /** {@code H·v}: one forward sweep over the gradient with tangents {@code seeds} for the variables. */
    public static List<Node> hessianVector(Graph graph, List<Node> gradient, List<Node> variables, List<Node> seeds) {
        return ForwardMode.over(graph, gradient).sweep(variables, seeds);
    }

    /** The gradient of {@code Σ weights[i]·outputs[i]}: one reverse sweep seeded with the weights. */
    public static List<Node> weightedGradient(Graph graph, List<Node> outputs, List<Node> weights, List<Node> variables) {
        return ReverseMode.vectorJacobian(graph, outputs, weights, variables);
    }
}
