package dev.derive.indexed;

import dev.derive.graph.Affine;
import dev.derive.graph.Graph;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each node of a program with sums is: an element, a sum, a loop variable, a size, a
 * scalar input or an operation; which loop variables it depends on (its free variables: it
 * runs inside their loops, and can be hoisted out of any other); and whether it depends on a
 * differentiated input. Nodes made after this (derivatives) are looked at when first asked about.
 */
public final class Scopes {
    public enum Kind { CONSTANT, OPERATION, ELEMENT, REDUCTION, LOOP_VARIABLE, SIZE, SCALAR, SLOT }

    private final Graph graph;
    private final Indexing indexing;
    private final List<String> loopVariables;
    private final Set<String> wrtArrays;
    private final Set<String> wrtScalars;
    private final Map<Node, Long> slots = new HashMap<>();
    private Guards guards = Guards.none();
    private long[] free = new long[0];
    private boolean[] relevant = new boolean[0];
    private int known;

    /**
     * @param wrtArrays the arrays differentiated with respect to
     * @param wrtScalars the scalar inputs differentiated with respect to
     */
    public Scopes(Graph graph, Indexing indexing, Set<String> wrtArrays, Set<String> wrtScalars) {
        this.graph = graph;
        this.indexing = indexing;
        this.loopVariables = new ArrayList<>(indexing.loopVariables());
        if (loopVariables.size() > 63) {
            throw new IllegalArgumentException("a program may have at most 63 distinct loop variables");
        }
        this.wrtArrays = wrtArrays;
        this.wrtScalars = wrtScalars;
    }

    public Indexing indexing() {
        return indexing;
    }

    /** Finds the elements read only in a branch of an if ({@link Guards}) in the program whose output is {@code root}. */
    public void guard(Node root) {
        guards = Guards.of(this, root);
    }

    public Guards guards() {
        return guards;
    }

    /** Whether element {@code n} is read only in a branch of an if: without a check ({@link Guards}). */
    public boolean guarded(Node n) {
        return guards.guarded(n);
    }

    /** Whether element {@code e} is read only in a branch of an if. */
    public boolean guarded(Indexing.Element e) {
        return guards.guarded(graph.variable(e.name()));
    }

    public Graph graph() {
        return graph;
    }

    public Kind kind(Node n) {
        if (n.op == dev.derive.graph.Op.CONST) return Kind.CONSTANT;
        if (n.op != dev.derive.graph.Op.VAR) return Kind.OPERATION;
        if (slots.containsKey(n)) return Kind.SLOT;
        if (indexing.elements().containsKey(n.name)) return Kind.ELEMENT;
        if (indexing.reductions().containsKey(n.name)) return Kind.REDUCTION;
        if (indexing.loopVariables().contains(n.name)) return Kind.LOOP_VARIABLE;
        if (indexing.sizes().contains(n.name)) return Kind.SIZE;
        return Kind.SCALAR;
    }

    public Indexing.Element element(Node n) {
        return indexing.elements().get(n.name);
    }

    public Indexing.Reduction reduction(Node n) {
        return indexing.reductions().get(n.name);
    }

    /** The bit of loop variable {@code name} in {@link #free} masks. */
    public long bit(String name) {
        int k = loopVariables.indexOf(name);
        if (k < 0) throw new IllegalArgumentException("not a loop variable: " + name);
        return 1L << k;
    }

    /** The loop variables {@code n} depends on, as a mask of {@link #bit}s. */
    public long free(Node n) {
        if (n.id >= known) extendTo(n.id);
        return free[n.id];
    }

    /** Whether {@code n} depends on an input that is differentiated. */
    public boolean relevant(Node n) {
        if (n.id >= known) extendTo(n.id);
        return relevant[n.id];
    }

    /**
     * The node standing for reduction {@code r}, which differentiation made (the count of a
     * max's ties, a product's zeros), registered here. An earlier compile on this graph may
     * have made it already, and this one have taken it for a scalar input: what is known of
     * it, and of the nodes after it, is worked out again.
     */
    public Node addReduction(Indexing.Reduction r) {
        boolean added = indexing.reductions().putIfAbsent(r.name(), r) == null;
        Node n = graph.variable(r.name());
        if (added && n.id < known) known = n.id;
        return n;
    }

    /**
     * A variable of the graph standing for a value the program sets and adds to (an adjoint
     * summed over loops), valid where nodes with the free variables {@code free} are.
     */
    public Node slot(String name, long free) {
        Node slot = graph.variable(name);
        slots.put(slot, free);
        return slot;
    }

    private void extendTo(int id) {
        int size = Math.max(graph.size(), id + 1);
        if (free.length < size) {
            free = Arrays.copyOf(free, Math.max(size, 2 * free.length));
            relevant = Arrays.copyOf(relevant, free.length);
        }
        for (int i = known; i < size; i++) {
            Node n = graph.node(i);
            long mask = 0;
            boolean depends = false;
            switch (kind(n)) {
                case CONSTANT, SIZE -> { }
                case SLOT -> mask = slots.get(n);
                case LOOP_VARIABLE -> mask = bit(n.name);
                case SCALAR -> depends = wrtScalars.contains(n.name);
                case ELEMENT -> {
                    Indexing.Element e = element(n);
                    for (Affine index : e.indexes()) mask |= loopBits(index);
                    depends = wrtArrays.contains(e.array());
                }
                case REDUCTION -> {
                    Indexing.Reduction r = reduction(n);
                    mask = (free[r.body().id] & ~bit(r.variable())) | loopBits(r.lo()) | loopBits(r.hi());
                    depends = relevant[r.body().id];
                }
                case OPERATION -> {
                    for (int k = 0; k < n.op.arity; k++) {
                        mask |= free[n.arg(k).id];
                        depends |= relevant[n.arg(k).id];
                    }
                }
            }
            free[i] = mask;
            relevant[i] = depends;
        }
        known = size;
    }

    /** The loop variables among an index's names. */
    public long loopBits(Affine index) {
        long mask = 0;
        for (String name : index.names()) {
            if (indexing.loopVariables().contains(name)) mask |= bit(name);
        }
        return mask;
    }
}
