package dev.derive.indexed;

import dev.derive.diff.Rules;
import dev.derive.graph.Graph;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forward mode over a program with sums, as a program with sums: the tangent of each node is
 * the sum over its arguments of the local derivative times the argument's tangent, an element
 * x[i] of a differentiated array has the direction's element dx[i] as its tangent, and a sum's
 * tangent is the sum of its terms' tangents over the same range. So the directional derivative
 * of a model is again a model (loops and all, any size), which reverse mode can differentiate
 * once more for Hessian-vector products. A product's and a max's tangents follow the rules
 * their gradients do ({@link Backprop}): zero terms counted, ties split.
 */
public final class Tangents {
    private final Graph graph;
    private final Indexing indexing;
    private final Map<String, String> directions;
    private final Map<String, Integer> arrays;
    private final Map<String, Indexing.Element> elements;
    private final Map<String, Indexing.Reduction> reductions;
    private final Map<Node, Node> tangent = new HashMap<>();

    /** The tangent of {@code root}, and the indexing it needs (the original's with the directions' arrays and new sums). */
    public record Result(Node tangent, Indexing indexing) {}

    private Tangents(Graph graph, Indexing indexing, Map<String, String> directions) {
        this.graph = graph;
        this.indexing = indexing;
        this.directions = directions;
        this.arrays = new LinkedHashMap<>(indexing.arrays());
        this.elements = new LinkedHashMap<>(indexing.elements());
        this.reductions = new LinkedHashMap<>(indexing.reductions());
    }

    /**
     * @param directions for each input differentiated (array or scalar), the name of its direction
     *     (an array of the same shape, or a scalar)
     */
    public static Result of(Graph graph, Indexing indexing, Node root, Map<String, String> directions) {
        Tangents t = new Tangents(graph, indexing, directions);
        for (String array : indexing.arrays().keySet()) {
            if (directions.containsKey(array)) t.arrays.put(directions.get(array), indexing.arrays().get(array));
        }
        for (Node n : Cones.withBodies(indexing, root)) t.tangent.put(n, t.tangentOf(n));
        // insertion-ordered: the arrays' order is the layout's and the order things are printed in
        return new Result(t.tangent.get(root), new Indexing(Collections.unmodifiableMap(t.arrays),
                Collections.unmodifiableMap(t.elements), Collections.unmodifiableMap(t.reductions),
                indexing.loopVariables(), indexing.sizes()));
    }

    private Node tangentOf(Node n) {
        Node zero = graph.constant(0);
        if (n.op == Op.CONST) return zero;
        if (n.op == Op.VAR) {
            Indexing.Element e = indexing.elements().get(n.name);
            if (e != null) return directions.containsKey(e.array()) ? element(directions.get(e.array()), e) : zero;
            Indexing.Reduction r = reductions.get(n.name);
            if (r != null) return reduction(n, r);
            if (indexing.loopVariables().contains(n.name) || indexing.sizes().contains(n.name)) return zero;
            return directions.containsKey(n.name) ? graph.variable(directions.get(n.name)) : zero;
        }
        Node sum = zero;
        for (int k = 0; k < n.op.arity; k++) {
            Node d = tangent.get(n.arg(k));
            if (d.isConstant(0)) continue;
            sum = graph.add(sum, Rules.adjoint(graph, n, d, k));
        }
        return sum;
    }

    /** The direction's element at e's indexes. */
    private Node element(String direction, Indexing.Element e) {
        Indexing.Element d = new Indexing.Element(direction, e.indexes(), e.line(), e.column());
        elements.putIfAbsent(d.name(), d);
        return graph.variable(d.name());
    }

    /** A sum's tangent: the sum of its terms' tangents; a product's, a max's and a min's weigh each term's. */
    private Node reduction(Node total, Indexing.Reduction r) {
        Node t = r.body();
        Node dt = tangent.get(t);
        if (dt.isConstant(0)) return graph.constant(0);
        Node term = switch (r.kind()) {
            case SUM -> dt;
            case PROD -> {
                Node zeros = reduce(Indexing.Kind.SUM, r, Weights.isZero(graph, t));
                Node nonZero = reduce(Indexing.Kind.PROD, r, Weights.nonZero(graph, t));
                yield graph.mul(Weights.others(graph, t, zeros, nonZero), dt);
            }
            case MAX, MIN -> Weights.split(graph, t, total, reduce(Indexing.Kind.SUM, r, Weights.chosen(graph, t, total)), dt);
        };
        return reduce(Indexing.Kind.SUM, r, term);
    }

    private Node reduce(Indexing.Kind kind, Indexing.Reduction like, Node body) {
        Indexing.Reduction r = new Indexing.Reduction(kind, like.variable(), like.lo(), like.hi(), body, like.line(),
                like.column());
        reductions.putIfAbsent(r.name(), r);
        return graph.variable(r.name());
    }
}
