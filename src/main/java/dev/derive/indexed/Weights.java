package dev.derive.indexed;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import dev.derive.graph.Op;

/**
 * How much a term of a product, a max or a min counts in its derivative: one rule for reverse
 * mode ({@link Backprop}) and forward mode ({@link Tangents}). Each needs sums over the
 * range, which the caller makes: for a product, Z (the number of terms that are 0) and Q (the
 * product of the others); for a max or min, the number of terms equal to it.
 */
final class Weights {
    private Weights() {}

    /** 1 where term {@code t} is 0, else 0: the body of Z. */
    static Node isZero(Graph g, Node t) {
        return g.apply(Op.EQ, t, g.constant(0));
    }

    /** t, or 1 where it is 0: the body of Q. */
    static Node nonZero(Graph g, Node t) {
        return g.select(isZero(g, t), g.constant(1), t);
    }

    /**
     * The product of the terms other than t: Q/t where Z = 0, Q where Z = 1 and t is the zero,
     * and 0 otherwise, so no term is divided by zero.
     */
    static Node others(Graph g, Node t, Node zeros, Node nonZeroProduct) {
        Node zero = g.constant(0);
        return g.select(g.apply(Op.EQ, zeros, zero), g.div(nonZeroProduct, t),
                g.select(g.apply(Op.EQ, zeros, g.constant(1)), g.select(isZero(g, t), nonZeroProduct, zero), zero));
    }

    /** 1 where term t equals the max (or min) {@code total}: the body of the count of ties. */
    static Node chosen(Graph g, Node t, Node total) {
        return g.apply(Op.EQ, t, total);
    }

    /** {@code d} shared among the ties: d/ties where t is chosen, else 0. */
    static Node split(Graph g, Node t, Node total, Node ties, Node d) {
        return g.select(chosen(g, t, total), g.div(d, ties), g.constant(0));
    }
}
