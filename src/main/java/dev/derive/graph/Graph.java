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
     * Open-addressing hash table of the interned nodes. A slot holds a node's hash in its high
     * half and the node's id + 1 in its low half, or 0 when free: a probe reads one array, and
     * the garbage collector has no references in it to trace.
     */
    private long[] table = new long[1024];

    /** The number of nodes made so far; every node's id is below it. */
    public int size() {
        return nodes.size();
    }

    /** The node with the given id. */
    public Node node(int id) {
        return nodes.get(id);
    }

    public Node constant(double value) {
        return intern(Op.CONST, null, null, null, value, null);
    }

    public Node variable(String name) {
        return intern(Op.VAR, null, null, null, 0, name);
    }

    /** The unary operation {@code op} applied to {@code a}. */
    public Node apply(Op op, Node a) {
        return apply(op, a, null);
    }

    /** The operation {@code op} applied to its arguments ({@code b} is null for unary ones). */
    public Node apply(Op op, Node a, Node b) {
        return apply(op, a, b, null);
    }

    /** The operation {@code op} applied to its arguments (null for those it does not take). */
    public Node apply(Op op, Node a, Node b, Node c) {
        int given = b == null ? 1 : c == null ? 2 : 3;
        if (op.arity != given || a == null) {
            throw new IllegalArgumentException(op + " takes " + op.arity + " arguments");
        }
        Node simpler = Simplify.rewrite(this, op, a, b, c);
        return simpler != null ? simpler : intern(op, a, b, c, 0, null);
    }

    /** if(cond, then, otherwise). */
    public Node select(Node cond, Node then, Node otherwise) {
        return apply(Op.IF, cond, then, otherwise);
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
            for (int k = 0; k < n.op.arity; k++) marked.set(n.arg(k).id);
        }
        return marked;
    }

    /** Interns the node as given, with no rewriting; only {@link Simplify} should need this. */
    Node intern(Op op, Node a, Node b, Node c, double value, String name) {
        long bits = Double.doubleToLongBits(value);
        int hash = hash(op, a, b, c, bits, name);
        int mask = table.length - 1;
        int slot = hash & mask;
        for (long entry; (entry = table[slot]) != 0; slot = (slot + 1) & mask) {
            if ((int) (entry >>> 32) == hash) {
                Node n = nodes.get((int) entry - 1);
                if (n.op == op && n.a == a && n.b == b && n.c == c && Double.doubleToLongBits(n.value) == bits
                        && Objects.equals(n.name, name)) {
                    return n;
                }
            }
        }
        Node node = new Node(nodes.size(), op, a, b, c, value, name);
        nodes.add(node);
        table[slot] = entry(hash, node.id);
        if (2 * nodes.size() > table.length) grow();
        return node;
    }

    private static long entry(int hash, int id) {
        return (long) hash << 32 | (id + 1L);
    }

    private void grow() {
        long[] bigger = new long[table.length * 2];
        int mask = bigger.length - 1;
        for (long entry : table) {
            if (entry == 0) continue;
            int slot = (int) (entry >>> 32) & mask;
            while (bigger[slot] != 0) slot = (slot + 1) & mask;
            bigger[slot] = entry;
        }
        table = bigger;
    }

    private static int hash(Op op, Node a, Node b, Node c, long bits, String name) {
        long h = op.ordinal();
        h = h * 0x9E3779B97F4A7C15L + (a == null ? -1 : a.id);
        h = h * 0x9E3779B97F4A7C15L + (b == null ? -1 : b.id);
        h = h * 0x9E3779B97F4A7C15L + (c == null ? -1 : c.id);
        h = h * 0x9E3779B97F4A7C15L + bits;
        h = h * 0x9E3779B97F4A7C15L + (name == null ? 0 : name.hashCode());
        return (int) ((h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L >>> 32);
    }
}
