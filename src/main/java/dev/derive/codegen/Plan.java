package dev.derive.codegen;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What one generated entry point computes: it returns {@code result}, and writes
 * {@code gradient.get(i)} to {@code gradient[i]} when that list is not empty.
 */
record Plan(Graph graph, List<Node> variables, Node result, List<Node> gradient) {

    List<Node> outputs() {
        List<Node> outputs = new ArrayList<>(gradient.size() + 1);
        outputs.add(result);
        outputs.addAll(gradient);
        return outputs;
    }

    /** The nodes to compute, in id (topological) order: every non-leaf node the outputs need. */
    List<Node> schedule() {
        BitSet needed = graph.reachable(outputs());
        List<Node> order = new ArrayList<>(needed.cardinality());
        for (int id = needed.nextSetBit(0); id >= 0; id = needed.nextSetBit(id + 1)) {
            Node n = graph.node(id);
            if (!n.isLeaf()) order.add(n);
        }
        return order;
    }

    /** For each node id, the variable's position in the input array, or -1. */
    int[] inputIndex() {
        int[] index = new int[graph.size()];
        java.util.Arrays.fill(index, -1);
        for (int i = 0; i < variables.size(); i++) index[variables.get(i).id] = i;
        return index;
    }
}
