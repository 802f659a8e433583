package dev.derive.codegen.plan;

import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small expressions of inputs and constants alone, made of arithmetic, such as
 * {@code x1 - x0^2}: cheaper to recompute where they are used than to store for later, the
 * way a hand-written gradient recomputes them. Recomputing performs the same operations, so the value is bit-identical.
 */
public final class Recompute {
    private static final int MAX_NODES = Limits.RECOMPUTED_OPERATIONS;
    private static final byte UNKNOWN = 0;
    private static final byte YES = 1;
    private static final byte NO = 2;

    private final byte[] small;
    private final int[] inputIndex;
    private final boolean enabled;

    /** @param enabled false to recompute nothing: every value a later method needs is stored */
    public Recompute(int graphSize, int[] inputIndex, boolean enabled) {
        this.small = new byte[graphSize];
        this.inputIndex = inputIndex;
        this.enabled = enabled;
    }

    /**
     * Whether {@code n} is an expression of inputs and constants of at most {@link #MAX_NODES}
     * cheap operations.
     */
    public boolean isSmall(Node n) {
        if (!enabled || n.isLeaf()) return false;
        if (small[n.id] == UNKNOWN) {
            small[n.id] = operations(n, new Node[MAX_NODES + 1], 0) <= MAX_NODES ? YES : NO;
        }
        return small[n.id] == YES;
    }

    /**
     * The distinct operations below and including {@code n}, together with the {@code count}
     * already in {@code seen}; more than {@link #MAX_NODES} once the limit is passed.
     */
    private int operations(Node n, Node[] seen, int count) {
        if (n.isConstant()) return count;
        if (n.isLeaf()) return inputIndex[n.id] < 0 ? MAX_NODES + 1 : count;
        if (!isCheap(n)) return MAX_NODES + 1;
        for (int i = 0; i < count; i++) if (seen[i] == n) return count;
        if (count == MAX_NODES) return MAX_NODES + 1;
        seen[count++] = n;
        for (int k = 0; k < n.op.arity && count <= MAX_NODES; k++) count = operations(n.arg(k), seen, count);
        return count;
    }

    /**
     * Whether {@code n} costs about an arithmetic instruction. exp, tanh and the like cost tens
     * of them, more than storing the value and loading it back, so they are never recomputed.
     */
    private static boolean isCheap(Node n) {
        return switch (n.op) {
            case ADD, SUB, MUL, DIV, NEG, ABS, SIGN, MAX, MIN, RELU, LT, LE, GT, GE, EQ, NE, IF -> true;
            case POW -> n.isSquare();
            default -> false;
        };
    }

    /** The distinct inputs of a small expression, in the order {@link Loop.Recomputed#strides} uses. */
    public static List<Node> inputs(Node root) {
        List<Node> inputs = new ArrayList<>();
        collectInputs(root, new IdentityHashMap<>(), inputs);
        return inputs;
    }

    private static void collectInputs(Node n, Map<Node, Boolean> seen, List<Node> inputs) {
        if (n.isConstant() || seen.put(n, Boolean.TRUE) != null) return;
        if (n.isLeaf()) {
            inputs.add(n);
            return;
        }
        for (int k = 0; k < n.op.arity; k++) collectInputs(n.arg(k), seen, inputs);
    }

    /**
     * How far each input of {@code u} is shifted in {@code v}, if the two small expressions are
     * the same but for their inputs' positions; null otherwise.
     */
    int[] strides(Node u, Node v) {
        Pairs pairs = new Pairs();
        return same(u, v, pairs) ? Arrays.copyOf(pairs.strides, pairs.strideCount) : null;
    }

    /** The nodes of {@code u} matched so far with those of {@code v}, and the inputs' strides. */
    private static final class Pairs {
        final Node[] from = new Node[2 * MAX_NODES + 2];
        final Node[] to = new Node[from.length];
        final int[] strides = new int[from.length];
        int count;
        int strideCount;
    }

    private boolean same(Node u, Node v, Pairs pairs) {
        if (u.op != v.op) return false;
        if (u.isConstant()) return u.isConstant(v.value);
        for (int i = 0; i < pairs.count; i++) {
            if (pairs.from[i] == u) return pairs.to[i] == v;
        }
        if (pairs.count == pairs.from.length) return false;
        pairs.from[pairs.count] = u;
        pairs.to[pairs.count++] = v;
        if (u.isLeaf()) {
            pairs.strides[pairs.strideCount++] = inputIndex[v.id] - inputIndex[u.id];
            return true;
        }
        for (int k = 0; k < u.op.arity; k++) {
            if (!same(u.arg(k), v.arg(k), pairs)) return false;
        }
        return true;
    }
}
