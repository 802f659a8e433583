package dev.derive.diff;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;

import static dev.derive.graph.Op.COS;
import static dev.derive.graph.Op.COSH;
import static dev.derive.graph.Op.EQ;
import static dev.derive.graph.Op.GT;
import static dev.derive.graph.Op.HYPOT;
import static dev.derive.graph.Op.LOG;
import static dev.derive.graph.Op.LT;
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
 * split a tie evenly, 1/2 to each argument, also a tie of infinities; sqrt'(0) = +inf (sqrt(-0)
 * is +0); hypot's partials are 0 where both arguments are 0, as abs's are; a^b's partial in a
 * is 0 where b = 0, as it is for a^0 = 1, and in b is 0 where a = 0, where 0^b is flat;
 * sign', comparisons' and an if's condition's are 0 everywhere. An if passes the adjoint to
 * the branch it takes, as if(cond, adj, 0), so the branch not taken contributes 0 even where
 * its own derivative is infinite or NaN (see Simplify).
 */
public final class Rules {
    private Rules() {}

    public static Node adjoint(Graph g, Node n, Node adj, int i) {
        Node a = n.a;
        Node b = n.b;
        Node zero = g.constant(0);
        return switch (n.op) {
            case CONST, VAR, SIGN, LT, LE, GT, GE, EQ, NE -> zero;
            case IF -> i == 0 ? zero : i == 1 ? g.select(a, adj, zero) : g.select(a, zero, adj);
            case ADD -> adj;
            case SUB -> i == 0 ? adj : g.neg(adj);
            case MUL -> i == 0 ? g.mul(b, adj) : g.mul(a, adj);
            case DIV -> i == 0 ? g.div(adj, b) : g.neg(g.mul(g.div(adj, b), n));
            case NEG -> g.neg(adj);
            case POW -> i == 0
                    ? g.mul(unlessZero(g, b, g.mul(b, g.pow(a, g.sub(b, g.constant(1))))), adj)
                    : g.mul(unlessZero(g, a, g.mul(n, g.apply(LOG, a))), adj);
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
            case MAX -> g.mul(tieSplit(g, a, b, i == 0 ? g.apply(GT, a, b) : g.apply(LT, a, b)), adj);
            case MIN -> g.mul(tieSplit(g, a, b, i == 0 ? g.apply(LT, a, b) : g.apply(GT, a, b)), adj);
            case ATAN2 -> i == 0 ? g.mul(overRadiusSquared(g, b, a, b), adj)
                                 : g.neg(g.mul(overRadiusSquared(g, a, a, b), adj));
            case HYPOT -> unlessZero(g, n, g.div(g.mul(i == 0 ? a : b, adj), n));
        };
    }

    /** if(a == b, 1/2, wins): the share of max or min an argument gets, half at a tie. */
    private static Node tieSplit(Graph g, Node a, Node b, Node wins) {
        return g.select(g.apply(EQ, a, b), g.constant(0.5), wins);
    }

    /** if(x == 0, 0, share): for a partial that is 0 where x is, though its formula is 0/0 or 0*inf. */
    private static Node unlessZero(Graph g, Node x, Node share) {
        Node zero = g.constant(0);
        return g.select(g.apply(EQ, x, zero), zero, share);
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
