package dev.derive.diff;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The partial derivatives of several outputs with respect to several variables, built one of
 * two ways in the same graph: one reverse sweep per output (a row of the Jacobian each), or one
 * forward sweep per variable (a column each). Hash-consing shares what the sweeps have in
 * common. Asked to choose, it builds both where that is affordable and keeps the one that needs
 * fewer operations, counted on the graph; where it is not, the one with fewer sweeps.
 */
public final class Jacobians {
    /** Graphs of at most this many nodes times sweeps are built both ways to compare. */
    private static final long BOTH_WAYS_BUDGET = 2_000_000;

    public enum Direction {
        FORWARD, REVERSE;

        public String word() {
            return this == FORWARD ? "forward" : "reverse";
        }
    }

    /**
     * The partials, {@code partials[i][j]} of output i with respect to variable j, and what they
     * cost: the operations the outputs and partials need together, and that of each direction
     * built (-1 for one not built).
     */
    public record Built(Direction direction, Partials partials, int operations,
                        int forwardOperations, int reverseOperations) {}

    private Jacobians() {}

    /** @param direction the direction to use, or null to choose the cheaper */
    public static Built build(Graph graph, List<Node> outputs, List<Node> variables, Direction direction) {
        int size = operations(graph, outputs);
        boolean affordable = (long) Math.max(outputs.size(), variables.size()) * size <= BOTH_WAYS_BUDGET;
        Partials reverse = null;
        Partials forward = null;
        if (direction == Direction.REVERSE || direction == null
                && (affordable || outputs.size() <= variables.size())) {
            reverse = reverse(graph, outputs, variables);
        }
        if (direction == Direction.FORWARD || direction == null
                && (affordable || variables.size() < outputs.size())) {
            forward = forward(graph, outputs, variables);
        }
        int reverseOps = reverse == null ? -1 : operations(graph, outputs, reverse);
        int forwardOps = forward == null ? -1 : operations(graph, outputs, forward);
        boolean useForward = reverse == null || forward != null && forwardOps < reverseOps;
        return useForward ? new Built(Direction.FORWARD, forward, forwardOps, forwardOps, reverseOps)
                          : new Built(Direction.REVERSE, reverse, reverseOps, forwardOps, reverseOps);
    }

    /** One reverse sweep per output, each over the output's cone. */
    public static Partials reverse(Graph graph, List<Node> outputs, List<Node> variables) {
        return ReverseMode.rows(graph, outputs, variables);
    }

    /** One forward sweep per variable, each over the variable's cone. */
    public static Partials forward(Graph graph, List<Node> outputs, List<Node> variables) {
        Partials.Builder columns = new Partials.Builder(outputs.size(), variables.size(), graph.constant(0));
        ForwardMode sweeps = ForwardMode.over(graph, outputs);
        Node one = graph.constant(1);
        for (int j = 0; j < variables.size(); j++) {
            for (ForwardMode.Tangent t : sweeps.sweepNonzero(List.of(variables.get(j)), List.of(one))) {
                columns.set(t.output(), j, t.node());
            }
        }
        return columns.build();
    }

    /** The operations (nodes that are not leaves) needed to compute {@code roots}. */
    public static int operations(Graph graph, List<Node> roots) {
        BitSet needed = graph.reachable(roots);
        int count = 0;
        for (int id = needed.nextSetBit(0); id >= 0; id = needed.nextSetBit(id + 1)) {
            if (!graph.node(id).isLeaf()) count++;
        }
        return count;
    }

    private static int operations(Graph graph, List<Node> outputs, Partials partials) {
        List<Node> roots = new ArrayList<>(outputs);
        for (int i = 0; i < partials.rows(); i++) roots.addAll(partials.nonzeros(i));
        return operations(graph, roots);
    }
}
