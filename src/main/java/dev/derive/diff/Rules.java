package dev.derive.diff;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;

import static dev.derive.graph.Op.COS;
import static dev.derive.graph.Op.COSH;
import static dev.derive.graph.Op.HYPOT;
import static dev.derive.graph.Op.LOG;
import static dev.derive.graph.Op.SIGN;
import static dev.derive.graph.Op.SIN;
import static dev.derive.graph.Op.SINH;
import static dev.derive.graph.Op.SQRT;

/**
 * The derivative rules: one per operation, in one table.
 *
 * <p>Each rule gets the node {@code n} (its output, which rules reuse where the math allows),
 * its arguments {@code a} and {@code b}, the adjoint {@code adj} of {@code n}, and which
 * argument {@code i} is asked for; it returns that argument's share of the adjoint,
 * {@code dn/d(arg i) * adj}. Nodes are interned, so a subexpression two rules both build (like
 * {@code adj/b} for division) is made once and shared.
 *
 * <p>Conventions where the derivative does not exist: abs'(0) = 0 and relu'(0) = 0; max and min
 * split a tie evenly, 1/2 to each argument; sqrt'(0) = +inf; sign' = 0 everywhere.
 */
final class Rules {
    private Rules() {}

    static Node adjoint(Graph g, Node n, Node adj, int i) {
        Node a = n.a;
        Node b = n.b;
        return switch (n.op) {
            case CONST, VAR, SIGN -> g.constant(0);
            case ADD -> adj;
            case SUB -> i == 0 ? adj : g.neg(adj);
            case MUL -> i == 0 ? g.mul(b, adj) : g.mul(a, adj);
            case DIV -> i == 0 ? g.div(adj, b) : g.neg(g.mul(g.div(adj, b), n));
            case NEG -> g.neg(adj);
            case POW -> i == 0
                    ? g.mul(g.mul(b, g.pow(a, g.sub(b, g.constant(1)))), adj)
                    : g.mul(g.mul(n, g.apply(LOG, a)), adj);
            case EXP -> g.mul(n, adj);
            case LOG -> g.div(adj, a);
            case SIN -> g.mul(g.apply(COS, a), adj);
            case COS -> g.neg(g.mul(g.apply(SIN, a), adj));
            case TAN -> g.mul(g.add(g.constant(1), g.mul(n, n)), adj);
            case SQRT -> g.div(adj, g.mul(g.constant(2), n));
            case TANH -> g.mul(g.sub(g.constant(1), g.mul(n, n)), adj);
            case SINH -> g.mul(g.apply(COSH, a), adj);
            case COSH -> g.mul(g.apply(SINH, a), adj);
            case ASIN -> g.div(adj, sqrtOneMinusSquare(g, a));
            case ACOS -> g.neg(g.div(adj, sqrtOneMinusSquare(g, a)));
            case ATAN -> g.div(adj, g.add(g.constant(1), g.mul(a, a)));
            case ABS -> g.mul(g.apply(SIGN, a), adj);
            case SIGMOID -> g.mul(g.mul(n, g.sub(g.constant(1), n)), adj);
            case RELU -> g.mul(g.apply(SIGN, n), adj);
            case LOG1P -> g.div(adj, g.add(g.constant(1), a));
            case EXPM1 -> g.mul(g.add(n, g.constant(1)), adj);
            case MAX -> half(g, adj, i == 0 ? g.add(g.constant(1), signOfDifference(g, a, b))
                                            : g.sub(g.constant(1), signOfDifference(g, a, b)));
            case MIN -> half(g, adj, i == 0 ? g.sub(g.constant(1), signOfDifference(g, a, b))
                                            : g.add(g.constant(1), signOfDifference(g, a, b)));
            case ATAN2 -> i == 0 ? g.mul(overRadiusSquared(g, b, a, b), adj)
                                 : g.neg(g.mul(overRadiusSquared(g, a, a, b), adj));
            case HYPOT -> g.div(g.mul(i == 0 ? a : b, adj), n);
        };
    }

    /** sign(a - b): 1 where a wins, -1 where b wins, 0 at a tie. */
    private static Node signOfDifference(Graph g, Node a, Node b) {
        return g.apply(SIGN, g.sub(a, b));
    }

    private static Node half(Graph g, Node adj, Node twiceTheShare) {
        return g.div(g.mul(twiceTheShare, adj), g.constant(2));
    }

    private static Node sqrtOneMinusSquare(Graph g, Node a) {
        return g.apply(SQRT, g.sub(g.constant(1), g.mul(a, a)));
    }

    /**
     * u/(a^2 + b^2), computed as (u/r)/r with r = hypot(a, b), so it neither overflows nor
     * underflows where a^2 + b^2 would (|a|, |b| beyond 1e154 or below 1e-154).
     */
    private static Node overRadiusSquared(Graph g, Node u, Node a, Node b) {
        Node r = g.apply(HYPOT, a, b);
        return g.div(g.div(u, r), r);
    }
}
