package dev.derive.codegen.plan;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What one generated entry point computes: it returns {@code result}, and writes
 * {@code gradient.get(i)} to {@code gradient[i]} when that list is not empty.
 */
public final class EntryPoint {
    private final Graph graph;
    private final List<Node> variables;
    private final Node result;
    private final List<Node> gradient;
    private List<Node> schedule;
    private List<Node> outputs;

    public EntryPoint(Graph graph, List<Node> variables, Node result, List<Node> gradient) {
        this.graph = graph;
        this.variables = variables;
        this.result = result;
        this.gradient = gradient;
    }

    public Graph graph() {
        return graph;
    }

    public List<Node> variables() {
        return variables;
    }

    public Node result() {
        return result;
    }

    public List<Node> gradient() {
        return gradient;
    }

    /** The result, then the gradient's entries. */
    public List<Node> outputs() {
        if (outputs == null) {
            List<Node> all = new ArrayList<>(gradient.size() + 1);
            all.add(result);
            all.addAll(gradient);
            outputs = List.copyOf(all);
        }
        return outputs;
    }

    /** The nodes to compute, in id (topological) order: every non-leaf node the outputs need. */
    public List<Node> schedule() {
        if (schedule == null) schedule = computeSchedule();
        return schedule;
    }

    private List<Node> computeSchedule() {
        BitSet needed = graph.reachable(outputs());
        List<Node> order = new ArrayList<>(needed.cardinality());
        for (int id = needed.nextSetBit(0); id >= 0; id = needed.nextSetBit(id + 1)) {
            Node n = graph.node(id);
            if (!n.isLeaf()) order.add(n);
        }
        return order;
    }

    /** For each node id, its position in {@link #schedule}, or -1. */
    public int[] positions() {
        int[] position = new int[graph.size()];
        java.util.Arrays.fill(position, -1);
        List<Node> order = schedule();
        for (int p = 0; p < order.size(); p++) position[order.get(p).id] = p;
        return position;
    }

    /** For each node id, the variable's position in the input array, or -1. */
    public int[] inputIndex() {
        int[] index = new int[graph.size()];
        java.util.Arrays.fill(index, -1);
        for (int i = 0; i < variables.size(); i++) index[variables.get(i).id] = i;
        return index;
    }
}
