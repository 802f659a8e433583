package dev.derive.diff;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Symbolic reverse-mode differentiation with factored paths.
 *
 * <p>One pass over the function's nodes from the highest id down (a reverse topological
 * order). When a node is reached its adjoint is complete, the sum of every user's contribution,
 * and it is built once: each argument's share is added to that argument's adjoint. The
 * derivative nodes are made in the same graph as the function, so they reuse its nodes (exp's
 * derivative is exp itself) and the gradient stays linear in the size of the function.
 */
public final class ReverseMode {
    private ReverseMode() {}

    /** The local partial derivative of node {@code n} with respect to its argument {@code k}: an edge's label. */
    public static Node localPartial(Graph graph, Node n, int k) {
        return Rules.adjoint(graph, n, graph.constant(1), k);
    }

    /** The partial derivatives of {@code output} with respect to each of {@code variables}. */
    public static List<Node> gradient(Graph graph, Node output, List<Node> variables) {
        return vectorJacobian(graph, List.of(output), List.of(graph.constant(1)), variables);
    }

    /**
     * One reverse sweep from several outputs at once: for each variable, the sum over outputs of
     * {@code seeds.get(i)} times the partial of output {@code i}, that is {@code seedsᵀ·J}.
     * With one output and a seed of 1 it is the gradient; with seeds that are variables of
     * their own it is a vector-Jacobian product.
     */
    public static List<Node> vectorJacobian(Graph graph, List<Node> outputs, List<Node> seeds, List<Node> variables) {
        int top = 0;
        for (Node out : outputs) top = Math.max(top, out.id);
        BitSet relevant = dependsOnAny(graph, outputs, variables);
        Node[] adjoints = new Node[top + 1];
        for (int i = 0; i < outputs.size(); i++) {
            Node out = outputs.get(i);
            if (relevant.get(out.id)) accumulate(graph, adjoints, out, seeds.get(i));
        }
        for (int id = relevant.previousSetBit(top); id >= 0; id = relevant.previousSetBit(id - 1)) {
            Node n = graph.node(id);
            Node adj = adjoints[id];
            if (adj == null) {
                continue;
            }
            for (int i = 0; i < n.op.arity; i++) {
                Node arg = n.arg(i);
                if (relevant.get(arg.id)) {
                    accumulate(graph, adjoints, arg, Rules.adjoint(graph, n, adj, i));
                }
            }
        }
        List<Node> partials = new ArrayList<>(variables.size());
        for (Node v : variables) {
            Node adj = v.id < adjoints.length ? adjoints[v.id] : null;
            partials.add(adj != null ? adj : graph.constant(0));
        }
        return partials;
    }

    /**
     * The Jacobian's rows, one reverse sweep per output as {@link #gradient} makes it, each
     * visiting only that output's cone (the nodes it depends on), so that m outputs which each
     * touch a few of n variables cost what they touch, not m times the graph.
     */
    static Partials rows(Graph graph, List<Node> outputs, List<Node> variables) {
        Partials.Builder rows = new Partials.Builder(outputs.size(), variables.size(), graph.constant(0));
        BitSet relevant = dependsOnAny(graph, outputs, variables);
        int top = relevant.length();
        int[] columnOf = new int[top];
        java.util.Arrays.fill(columnOf, -1);
        for (int j = 0; j < variables.size(); j++) {
            if (relevant.get(variables.get(j).id)) columnOf[variables.get(j).id] = j;
        }
        Node[] adjoints = new Node[top];
        int[] visitedBy = new int[top];
        Node one = graph.constant(1);
        for (int i = 0; i < outputs.size(); i++) {
            Node out = outputs.get(i);
            if (!relevant.get(out.id)) continue;
            int[] cone = cone(graph, out, relevant, visitedBy, i + 1);
            adjoints[out.id] = one;
            for (int c = cone.length - 1; c >= 0; c--) {
                Node n = graph.node(cone[c]);
                Node adj = adjoints[n.id];
                if (adj == null) continue;
                for (int k = 0; k < n.op.arity; k++) {
                    Node arg = n.arg(k);
                    if (relevant.get(arg.id)) accumulate(graph, adjoints, arg, Rules.adjoint(graph, n, adj, k));
                }
            }
            for (int id : cone) {
                if (columnOf[id] >= 0 && adjoints[id] != null) rows.set(i, columnOf[id], adjoints[id]);
                adjoints[id] = null;
            }
        }
        return rows.build();
    }

    /** The ids of the relevant nodes {@code out} depends on, itself included, increasing; marks them with {@code mark}. */
    private static int[] cone(Graph graph, Node out, BitSet relevant, int[] visitedBy, int mark) {
        int[] found = new int[16];
        int count = 0;
        int[] stack = new int[16];
        int depth = 0;
        visitedBy[out.id] = mark;
        stack[depth++] = out.id;
        while (depth > 0) {
            int id = stack[--depth];
            if (count == found.length) found = java.util.Arrays.copyOf(found, 2 * count);
            found[count++] = id;
            Node n = graph.node(id);
            for (int k = 0; k < n.op.arity; k++) {
                int arg = n.arg(k).id;
                if (relevant.get(arg) && visitedBy[arg] != mark) {
                    visitedBy[arg] = mark;
                    if (depth == stack.length) stack = java.util.Arrays.copyOf(stack, 2 * depth);
                    stack[depth++] = arg;
                }
            }
        }
        int[] sorted = java.util.Arrays.copyOf(found, count);
        java.util.Arrays.sort(sorted);
        return sorted;
    }

    private static void accumulate(Graph graph, Node[] adjoints, Node arg, Node share) {
        if (share.isConstant(0)) {
            return;
        }
        Node sum = adjoints[arg.id];
        adjoints[arg.id] = sum == null ? share : graph.add(sum, share);
    }

    /**
     * The nodes on some path from a variable to an output: those reachable from the outputs
     * that depend on one of the variables. Only their adjoints are needed.
     */
    static BitSet dependsOnAny(Graph graph, List<Node> outputs, List<Node> variables) {
        BitSet reachable = graph.reachable(outputs);
        BitSet depends = new BitSet(reachable.length());
        for (Node v : variables) {
            if (reachable.get(v.id)) depends.set(v.id);
        }
        for (int id = reachable.nextSetBit(0); id >= 0; id = reachable.nextSetBit(id + 1)) {
            Node n = graph.node(id);
            for (int k = 0; k < n.op.arity; k++) {
                if (depends.get(n.arg(k).id)) depends.set(id);
            }
        }
        return depends;
    }
}
