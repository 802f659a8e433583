package dev.derive.graph;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A static computation graph: the owner and interner of its nodes.
 *
 * <p>Every node is made through this class. {@link Simplify} first rewrites the request into a
 * simpler equivalent where it can; what remains is interned, so each distinct subexpression
 * exists once and is shared by everything that uses it.
 */
public final class Graph {
    private record Key(Op op, Node a, Node b, long bits, String name) {}

    private final List<Node> nodes = new ArrayList<>();
    private final Map<Key, Node> interned = new HashMap<>();

    /** The number of nodes made so far; every node's id is below it. */
    public int size() {
        return nodes.size();
    }

    /** The node with the given id. */
    public Node node(int id) {
        return nodes.get(id);
    }

    public Node constant(double value) {
        return intern(Op.CONST, null, null, value, null);
    }

    public Node variable(String name) {
        return intern(Op.VAR, null, null, 0, name);
    }

    /** The unary operation {@code op} applied to {@code a}. */
    public Node apply(Op op, Node a) {
        return apply(op, a, null);
    }

    /** The operation {@code op} applied to its arguments ({@code b} is null for unary ones). */
    public Node apply(Op op, Node a, Node b) {
        if (op.arity != (b == null ? 1 : 2)) {
            throw new IllegalArgumentException(op + " takes " + op.arity + " arguments");
        }
        Node simpler = Simplify.rewrite(this, op, a, b);
        return simpler != null ? simpler : intern(op, a, b, 0, null);
    }

    public Node add(Node a, Node b) {
        return apply(Op.ADD, a, b);
    }

    public Node sub(Node a, Node b) {
        return apply(Op.SUB, a, b);
    }

    public Node mul(Node a, Node b) {
        return apply(Op.MUL, a, b);
    }

    public Node div(Node a, Node b) {
        return apply(Op.DIV, a, b);
    }

    public Node neg(Node a) {
        return apply(Op.NEG, a);
    }

    public Node pow(Node a, Node b) {
        return apply(Op.POW, a, b);
    }

    /**
     * The ids of every node the roots depend on, roots included. One pass from the highest id
     * down: arguments have lower ids than their users, so each is marked before it is visited.
     */
    public BitSet reachable(Collection<Node> roots) {
        BitSet marked = new BitSet();
        for (Node root : roots) {
            marked.set(root.id);
        }
        for (int id = marked.length() - 1; id >= 0; id = marked.previousSetBit(id - 1)) {
            Node n = nodes.get(id);
            if (n.a != null) marked.set(n.a.id);
            if (n.b != null) marked.set(n.b.id);
        }
        return marked;
    }

    /** Interns the node as given, with no rewriting; only {@link Simplify} should need this. */
    Node intern(Op op, Node a, Node b, double value, String name) {
        Key key = new Key(op, a, b, Double.doubleToLongBits(value), name);
        Node node = interned.get(key);
        if (node == null) {
            node = new Node(nodes.size(), op, a, b, value, name);
            nodes.add(node);
            interned.put(key, node);
        }
        return node;
    }
}
