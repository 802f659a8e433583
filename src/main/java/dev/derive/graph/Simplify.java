package dev.derive.graph;

/**
 * The rewrites applied when a node is made: constant folding and algebraic identities.
 *
 * <p>Comparisons are never rewritten, so {@code x != x} tests for NaN. Identities such as
 * {@code 0*x = 0} and {@code x - x = 0} assume finite values: they differ from IEEE arithmetic when {@code x} is infinite or NaN
 * ({@code 0/x = 0} also when x is 0). So does moving arithmetic into an if with a zero branch
 * ({@code k*if(c, s, 0)} is {@code if(c, k*s, 0)}), where that branch is taken.
 * {@code x + 0 = x} differs in the sign of zero alone: IEEE gives -0 + 0 = +0. Every other
 * rewrite gives bit-identical results: {@code a + -b} and {@code a - b}, {@code (-a)*b} and
 * {@code -(a*b)}, {@code a + a} and {@code 2*a}, {@code a*2} and {@code 2*a} round the same way.
 * No rewrite re-associates a sum, and a product only where a power-of-two factor makes it
 * exact, since anything else would change rounding.
 */
final class Simplify {
    private Simplify() {}

    /** A simpler node equal to {@code op(a, b, c)}, or null to make that node as it is. */
    static Node rewrite(Graph g, Op op, Node a, Node b, Node c) {
        if (a.isConstant() && (b == null || b.isConstant()) && (c == null || c.isConstant())) {
            return g.constant(op.apply(a.value, b == null ? 0 : b.value, c == null ? 0 : c.value));
        }
        return switch (op) {
            case ADD -> add(g, a, b);
            case SUB -> sub(g, a, b);
            case MUL -> mul(g, a, b);
            case DIV -> div(g, a, b);
            case NEG -> neg(g, a);
            case POW -> b.isConstant(1) ? a : b.isConstant(0) ? g.constant(1) : null;
            case IF -> select(g, a, b, c);
            default -> null;
        };
    }

    /**
     * if(cond, then, else) with a constant condition is the branch it picks; with equal
     * branches it is that branch (but for a NaN condition).
     */
    private static Node select(Graph g, Node cond, Node then, Node otherwise) {
        if (cond.isConstant()) return cond.value == 0 ? otherwise : cond.value != cond.value ? cond : then;
        return then == otherwise ? then : null;
    }

    /**
     * Arithmetic on if(c, s, 0) moves inside it: {@code k*if(c, s, 0)} is {@code if(c, k*s, 0)}.
     * This is what keeps a branch not taken out of the derivative: the adjoint reaching a
     * branch is {@code if(c, adj, 0)}, and the branch's local derivatives, which may be
     * infinite or NaN where it is not taken ({@code sqrt} at 0 in {@code if(x > 0, sqrt(x), 0)}),
     * are multiplied inside the if. Where the branch is taken the result is the same
     * operations; where not, it is 0 rather than {@code 0*k}, the finite-value rule of
     * {@code 0*x = 0}. The operation is {@code op(branch, other)}, or {@code op(other, branch)}
     * if {@code branchFirst} is false ({@code other} is null for NEG); null if {@code n} is no
     * such if.
     */
    private static Node intoBranch(Graph g, Node n, Op op, Node other, boolean branchFirst) {
        if (n.op != Op.IF) return null;
        if (isZero(n.c)) return g.select(n.a, applied(g, op, n.b, other, branchFirst), n.c);
        if (isZero(n.b)) return g.select(n.a, n.b, applied(g, op, n.c, other, branchFirst));
        return null;
    }

    private static Node applied(Graph g, Op op, Node branch, Node other, boolean branchFirst) {
        if (other == null) return g.apply(op, branch);
        return branchFirst ? g.apply(op, branch, other) : g.apply(op, other, branch);
    }

    /**
     * The sum of two ifs on one condition is one if: {@code if(c, s, 0) + if(c, t, 0)} is
     * {@code if(c, s + t, 0)}, and {@code if(c, s, 0) + if(c, 0, t)} is {@code if(c, s, t)}.
     */
    private static Node sameCondition(Graph g, Node a, Node b) {
        if (a.op != Op.IF || b.op != Op.IF || a.a != b.a) return null;
        if (isZero(a.c) && isZero(b.c) || isZero(a.b) && isZero(b.b)) {
            return g.select(a.a, g.add(a.b, b.b), g.add(a.c, b.c));
        }
        if (isZero(a.c) && isZero(b.b)) return g.select(a.a, a.b, b.c);
        if (isZero(a.b) && isZero(b.c)) return g.select(a.a, b.b, a.c);
        return null;
    }

    private static Node add(Graph g, Node a, Node b) {
        Node merged = sameCondition(g, a, b);
        if (merged != null) return merged;
        if (a.isConstant(0)) return b;
        if (b.isConstant(0)) return a;
        if (b.op == Op.NEG) return g.sub(a, b.a);
        if (a.op == Op.NEG) return g.sub(b, a.a);
        if (b.isConstant() && b.value < 0) return g.sub(a, g.constant(-b.value));
        if (a == b) return g.mul(g.constant(2), a);
        return null;
    }

    private static Node neg(Graph g, Node a) {
        Node inside = intoBranch(g, a, Op.NEG, null, true);
        if (inside != null) return inside;
        if (a.op == Op.NEG) return a.a;
        if (a.op == Op.MUL && a.a.isConstant()) return g.mul(g.constant(-a.a.value), a.b);
        return null;
    }

    private static Node sub(Graph g, Node a, Node b) {
        if (b.isConstant(0)) return a;
        if (a.isConstant(0)) return g.neg(b);
        if (b.op == Op.NEG) return g.add(a, b.a);
        if (b.isConstant() && b.value < 0) return g.add(a, g.constant(-b.value));
        if (a == b) return g.constant(0);
        return null;
    }

    private static Node mul(Graph g, Node a, Node b) {
        if (isZero(a) || isZero(b)) return g.constant(0);
        Node inside = intoBranch(g, b, Op.MUL, a, false);
        if (inside == null) inside = intoBranch(g, a, Op.MUL, b, true);
        if (inside != null) return inside;
        if (a.isConstant(1)) return b;
        if (b.isConstant(1)) return a;
        if (a.isConstant(-1)) return g.neg(b);
        if (b.isConstant(-1)) return g.neg(a);
        if (a.op == Op.NEG) return g.neg(g.mul(a.a, b));
        if (b.op == Op.NEG) return g.neg(g.mul(a, b.a));
        if (b.isConstant()) return g.mul(b, a);
        if (a.isConstant() && b.op == Op.MUL && b.a.isConstant() && isExactProduct(a.value, b.a.value)) {
            return g.mul(g.constant(a.value * b.a.value), b.b);
        }
        Node scaled = scaledFactor(g, a, b);
        if (scaled == null) scaled = scaledFactor(g, b, a);
        return scaled;
    }

    /**
     * {@code (c*x)*(d*y)} as {@code x*((c*d)*y)} where c is a power of two and c*d exact: both
     * are c times {@code x*(d*y)} rounded (barring overflow of {@code c*x} or {@code (c*d)*y}), and
     * the second takes one multiplication fewer. Rosenbrock's {@code 2*x*(-200*t)}, the power
     * rule's {@code 2*x} times an adjoint with a constant, is {@code x*(-400*t)}.
     */
    private static Node scaledFactor(Graph g, Node a, Node b) {
        if (a.op != Op.MUL || !a.a.isConstant() || !isPowerOfTwo(a.a.value)) return null;
        if (b.op != Op.MUL || !b.a.isConstant() || !isExactProduct(a.a.value, b.a.value)) return null;
        return g.mul(a.b, g.mul(g.constant(a.a.value * b.a.value), b.b));
    }

    /**
     * Whether {@code c*d} is exact, so that {@code c*(d*x)} may be {@code (c*d)*x}: one of them
     * is a power of two and the product neither overflows nor loses bits to underflow
     * ({@code 2*1e308} is infinite, {@code 0.5*4.9e-324} rounds to 0).
     */
    private static boolean isExactProduct(double c, double d) {
        double product = c * d;
        if (!Double.isFinite(product)) return false;
        if (isPowerOfTwo(c)) return product / c == d;
        return isPowerOfTwo(d) && product / d == c;
    }

    /** 0 or -0: either one times a finite x is a zero, whose sign the finite-value rule drops. */
    private static boolean isZero(Node n) {
        return n.isConstant() && n.value == 0;
    }

    /**
     * Scaling by a power of two is exact, so {@code c*(d*x)} and {@code (c*d)*x} round the same
     * when c or d is one (barring overflow and underflow of {@code d*x}): {@code 0.5*(2*x)} is
     * {@code x}.
     */
    private static boolean isPowerOfTwo(double v) {
        return v != 0 && Double.isFinite(v) && Math.abs(v) == Math.scalb(1.0, Math.getExponent(v));
    }

    private static Node div(Graph g, Node a, Node b) {
        Node inside = intoBranch(g, a, Op.DIV, b, true);
        if (inside != null) return inside;
        if (b.isConstant(1)) return a;
        if (b.isConstant(-1)) return g.neg(a);
        if (a.isConstant(0)) return g.constant(0);
        if (a.op == Op.NEG) return g.neg(g.div(a.a, b));
        if (b.op == Op.NEG) return g.neg(g.div(a, b.a));
        return null;
    }
}
