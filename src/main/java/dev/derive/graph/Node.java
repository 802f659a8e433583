package dev.derive.graph;

/**
 * One node of a computation graph: an operation applied to at most three earlier nodes.
 *
 * <p>Nodes are immutable and interned by their {@link Graph}, so two nodes are the same
 * subexpression exactly when they are the same object. Ids are handed out in creation order and
 * arguments are always created before their users, so id order is a topological order.
 */
public final class Node {
    public final int id;
    public final Op op;
    /** First argument, or null for leaves. */
    public final Node a;
    /** Second argument, or null for leaves and unary operations. */
    public final Node b;
    /** Third argument ({@code if}'s else branch), or null. */
    public final Node c;
    /** The value of a constant; 0 otherwise. */
    public final double value;
    /** The name of a variable; null otherwise. */
    public final String name;

    Node(int id, Op op, Node a, Node b, Node c, double value, String name) {
        this.id = id;
        this.op = op;
        this.a = a;
        this.b = b;
        this.c = c;
        this.value = value;
        this.name = name;
    }

    public boolean isConstant() {
        return op == Op.CONST;
    }

    /** Whether this is the constant {@code v} (comparing bits, so 0.0 and -0.0 differ). */
    public boolean isConstant(double v) {
        return op == Op.CONST && Double.doubleToLongBits(value) == Double.doubleToLongBits(v);
    }

    /** Whether this is a^2, which is computed as a*a ({@link Op#pow}). */
    public boolean isSquare() {
        return op == Op.POW && b.isConstant(2);
    }

    public boolean isLeaf() {
        return op == Op.CONST || op == Op.VAR;
    }

    /** Argument {@code i}: 0 for {@link #a}, 1 for {@link #b}, 2 for {@link #c}. */
    public Node arg(int i) {
        return i == 0 ? a : i == 1 ? b : c;
    }

    @Override
    public String toString() {
        return switch (op) {
            case CONST -> Double.toString(value);
            case VAR -> name;
            default -> op + "#" + id;
        };
    }
}
