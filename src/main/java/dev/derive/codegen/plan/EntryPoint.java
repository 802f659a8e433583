package dev.derive.codegen.plan;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What one generated entry point computes: it returns {@code result} (0 if there is none), and
 * writes {@code arrays.get(k).get(i)} to element i of its output array k (at most two); a null
 * entry is not written (the caller has filled it, with zeros say). {@code variables.get(i)} is
 * element i of its input array.
 */
public final class EntryPoint {
    private final Graph graph;
    private final List<Node> variables;
    private final Node result;
    private final List<List<Node>> arrays;
    /** Every output, and where each goes: {-1, 0} for the result, else {array, element}. */
    private final List<Node> outputs = new ArrayList<>();
    private final List<int[]> targets = new ArrayList<>();
    private List<Node> schedule;

    /** Returns {@code result} (none if null) and writes each of {@code arrays} to an output array. */
    public static EntryPoint withArrays(Graph graph, List<Node> variables, Node result, List<List<Node>> arrays) {
        return new EntryPoint(graph, variables, result, arrays, 0);
    }

    /** Returns {@code result} and writes {@code gradient} to the one output array, if it is not empty. */
    public EntryPoint(Graph graph, List<Node> variables, Node result, List<Node> gradient) {
        this(graph, variables, result, gradient.isEmpty() ? List.<List<Node>>of() : List.of(gradient), 0);
    }

    private EntryPoint(Graph graph, List<Node> variables, Node result, List<List<Node>> arrays, int unusedTag) {
        if (arrays.size() > 2) throw new IllegalArgumentException("at most two output arrays");
        this.graph = graph;
        this.variables = variables;
        this.result = result;
        this.arrays = arrays;
        if (result != null) {
            outputs.add(result);
            targets.add(new int[] {-1, 0});
        }
        for (int k = 0; k < arrays.size(); k++) {
            List<Node> array = arrays.get(k);
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) == null) continue;
                outputs.add(array.get(i));
                targets.add(new int[] {k, i});
            }
        }
    }

    public Graph graph() {
        return graph;
    }

    public List<Node> variables() {
        return variables;
    }

    /** The node returned, or null. */
    public Node result() {
        return result;
    }

    /** The output arrays' nodes; null for an element not written. */
    public List<List<Node>> arrays() {
        return arrays;
    }

    /** The first output array's nodes (a gradient's entries), or none. */
    public List<Node> gradient() {
        return arrays.isEmpty() ? List.of() : arrays.get(0);
    }

    /** Every output written, in one list: the result if there is one, then each array's entries in order. */
    public List<Node> outputs() {
        return outputs;
    }

    /** Where output {@code i} of {@link #outputs} goes: {-1, 0} for the result, else {array, element}. */
    public int[] target(int i) {
        return targets.get(i);
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
