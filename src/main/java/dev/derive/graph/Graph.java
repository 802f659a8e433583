package dev.derive.graph;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A static computation graph: the owner and interner of its nodes.
 *
 * <p>Every node is made through this class. {@link Simplify} first rewrites the request into a
 * simpler equivalent where it can; what remains is interned, so each distinct subexpression
 * exists once and is shared by everything that uses it.
 */
public final class Graph {
    private final List<Node> nodes = new ArrayList<>();
    /*
     * Open-addressing hash table of the interned nodes (null marks a free slot), with each
     * slot's hash beside it, so a probe reads a node only when the hashes already match.
     */
    private Node[] table = new Node[1024];
    private int[] tableHashes = new int[1024];

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
        int highest = 0;
        for (Node root : roots) highest = Math.max(highest, root.id);
        BitSet marked = new BitSet(highest + 1);
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
        long bits = Double.doubleToLongBits(value);
        int hash = hash(op, a, b, bits, name);
        int mask = table.length - 1;
        int slot = hash & mask;
        for (Node n; (n = table[slot]) != null; slot = (slot + 1) & mask) {
            if (tableHashes[slot] == hash && n.op == op && n.a == a && n.b == b
                    && Double.doubleToLongBits(n.value) == bits && Objects.equals(n.name, name)) {
                return n;
            }
        }
        Node node = new Node(nodes.size(), op, a, b, value, name);
        nodes.add(node);
        table[slot] = node;
        tableHashes[slot] = hash;
        if (2 * nodes.size() > table.length) grow();
        return node;
    }

    private void grow() {
        Node[] bigger = new Node[table.length * 2];
        int[] biggerHashes = new int[bigger.length];
        int mask = bigger.length - 1;
        for (int i = 0; i < table.length; i++) {
            if (table[i] == null) continue;
            int slot = tableHashes[i] & mask;
            while (bigger[slot] != null) slot = (slot + 1) & mask;
            bigger[slot] = table[i];
            biggerHashes[slot] = tableHashes[i];
        }
        table = bigger;
        tableHashes = biggerHashes;
    }

    private static int hash(Op op, Node a, Node b, long bits, String name) {
        long h = op.ordinal();
        h = h * 0x9E3779B97F4A7C15L + (a == null ? -1 : a.id);
        h = h * 0x9E3779B97F4A7C15L + (b == null ? -1 : b.id);
        h = h * 0x9E3779B97F4A7C15L + bits;
        h = h * 0x9E3779B97F4A7C15L + (name == null ? 0 : name.hashCode());
        return (int) ((h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L >>> 32);
    }
}
