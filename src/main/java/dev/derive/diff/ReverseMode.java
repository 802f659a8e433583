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
