package dev.derive.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expressions of a graph with arrays and sums, rewritten with a loop variable replaced by an
 * integer expression: {@code x[i + 1]*sum(j = 0 .. i, y[j])} with i = k - 1 is
 * {@code x[k]*sum(j = 0 .. k - 1, y[j])}. The elements and sums it makes are added to the
 * maps it is given. Each pass is a loop over the nodes, not a recursion, so deep expressions
 * are no matter.
 */
public final class Substitution {
    private final Graph graph;
    private final Map<String, Indexing.Element> elements;
    private final Map<String, Indexing.Reduction> reductions;
    private final Set<String> loopVariables;
    private final Map<Node, Set<String>> free = new HashMap<>();

    /**
     * @param elements every element by its name, which new ones are added to
     * @param reductions every sum by its name, which new ones are added to
     * @param loopVariables the names that are loop variables (not sizes)
     */
    public Substitution(Graph graph, Map<String, Indexing.Element> elements, Map<String, Indexing.Reduction> reductions,
                        Set<String> loopVariables) {
        this.graph = graph;
        this.elements = elements;
        this.reductions = reductions;
        this.loopVariables = loopVariables;
    }

    /** What {@code n}'s value is made from: its arguments, or the body of the sum it stands for. */
    private List<Node> inputs(Node n) {
        Indexing.Reduction r = n.op == dev.derive.graph.Op.VAR ? reductions.get(n.name) : null;
        if (r != null) return List.of(r.body());
        List<Node> args = new ArrayList<>(3);
        for (int k = 0; k < n.op.arity; k++) args.add(n.arg(k));
        return args;
    }

    /** The names that are loop variables, which replacements may add to. */
    public Set<String> loopVariables() {
        return loopVariables;
    }

    /**
     * Whether a ≥ b for every value of the sizes, each at least 1 (a range over 0 .. n-1 that is
     * read at all has n ≥ 1): a − b has no negative coefficient and is not negative where they are 1.
     */
    public static boolean atLeast(Affine a, Affine b) {
        Affine difference = a.minus(b);
        long least = difference.constant();
        for (long c : difference.terms().values()) {
            if (c < 0) return false;
            least += c;
        }
        return least >= 0;
    }

    /** The loop variables {@code root}'s value depends on (those of enclosing sums, not its own sums'). */
    public Set<String> free(Node root) {
        after(root, free, n -> {
            Set<String> names = new HashSet<>();
            Indexing.Element e = n.op == dev.derive.graph.Op.VAR ? elements.get(n.name) : null;
            Indexing.Reduction r = n.op == dev.derive.graph.Op.VAR ? reductions.get(n.name) : null;
            if (e != null) {
                for (Affine index : e.indexes()) names.addAll(loopNames(index));
            } else if (r != null) {
                names.addAll(free.get(r.body()));
                names.remove(r.variable());
                names.addAll(loopNames(r.lo()));
                names.addAll(loopNames(r.hi()));
            } else if (n.op == dev.derive.graph.Op.VAR && loopVariables.contains(n.name)) {
                names.add(n.name);
            } else {
                for (Node in : inputs(n)) names.addAll(free.get(in));
            }
            return names;
        });
        return free.get(root);
    }

    private Set<String> loopNames(Affine a) {
        Set<String> names = new HashSet<>(a.names());
        names.retainAll(loopVariables);
        return names;
    }

    /** {@code root} with loop variable {@code variable} replaced by {@code value} wherever it is free. */
    public Node replace(Node root, String variable, Affine value) {
        Map<Node, Node> done = new HashMap<>();
        after(root, done, n -> {
            if (!free(n).contains(variable)) return n;
            if (n.op == dev.derive.graph.Op.VAR) {
                Indexing.Element e = elements.get(n.name);
                Indexing.Reduction r = reductions.get(n.name);
                if (e != null) {
                    List<Affine> indexes = new ArrayList<>();
                    for (Affine index : e.indexes()) indexes.add(index.with(variable, value));
                    return element(new Indexing.Element(e.array(), List.copyOf(indexes), e.line(), e.column()));
                }
                if (r != null) {
                    return reduction(new Indexing.Reduction(r.kind(), r.variable(), r.lo().with(variable, value),
                            r.hi().with(variable, value), done.get(r.body()), r.line(), r.column()));
                }
                return node(value);
            }
            Node a = n.a == null ? null : done.get(n.a);
            Node b = n.b == null ? null : done.get(n.b);
            Node c = n.c == null ? null : done.get(n.c);
            return graph.apply(n.op, a, b, c);
        });
        return done.get(root);
    }

    /**
     * {@code root} with each sum that has a sum of the same variable inside it given a variable
     * of its own ({@code fresh} names it), so that its text is valid: derive's language does not
     * nest two loops over one name, as {@code sum(i = 0 .. n-1, exp(x[i] - max(i = 0 .. n-1, x[i])))}
     * would (logsumexp's sum, written out).
     */
    public Node separateLoops(Node root, java.util.function.Supplier<String> fresh) {
        Map<Node, Node> done = new HashMap<>();
        Map<Node, Set<String>> inside = new HashMap<>();
        after(root, done, n -> {
            Indexing.Reduction r = n.op == dev.derive.graph.Op.VAR ? reductions.get(n.name) : null;
            Set<String> bound = new HashSet<>();
            Node made;
            if (r != null) {
                Node body = done.get(r.body());
                bound.addAll(inside.get(body));
                String variable = r.variable();
                if (bound.contains(variable)) {
                    variable = fresh.get();
                    loopVariables.add(variable);
                    body = replace(body, r.variable(), Affine.name(variable));
                }
                bound.add(variable);
                made = body == r.body() && variable.equals(r.variable()) ? n
                        : reduction(new Indexing.Reduction(r.kind(), variable, r.lo(), r.hi(), body, r.line(), r.column()));
            } else if (n.op.arity == 0) {
                made = n;
            } else {
                Node a = done.get(n.a);
                Node b = n.b == null ? null : done.get(n.b);
                Node c = n.c == null ? null : done.get(n.c);
                for (Node arg : new Node[] {a, b, c}) if (arg != null) bound.addAll(inside.get(arg));
                made = a == n.a && b == n.b && c == n.c ? n : graph.apply(n.op, a, b, c);
            }
            inside.put(made, bound);
            return made;
        });
        return done.get(root);
    }

    /**
     * The number of operations in {@code root}'s text, where each use of a shared node is
     * written out again (and each sum's body), or {@code cap} if that is more.
     */
    public long writtenSize(Node root, long cap) {
        Map<Node, Long> size = new HashMap<>();
        after(root, size, n -> {
            long total = 1;
            for (Node in : inputs(n)) total = Math.min(cap, total + size.get(in));
            return total;
        });
        return size.get(root);
    }

    /** The node standing for element {@code e}, which is added to the elements if it is new. */
    public Node element(Indexing.Element e) {
        elements.putIfAbsent(e.name(), e);
        return graph.variable(e.name());
    }

    /** The node standing for sum (or product, max, min) {@code r}, which is added to the sums if it is new. */
    public Node reduction(Indexing.Reduction r) {
        reductions.putIfAbsent(r.name(), r);
        return graph.variable(r.name());
    }

    /** An integer expression as a node. */
    public Node node(Affine a) {
        Node sum = null;
        for (Map.Entry<String, Long> t : a.terms().entrySet()) {
            Node v = graph.variable(t.getKey());
            Node term = t.getValue() == 1 ? v : t.getValue() == -1 ? graph.neg(v) : graph.mul(graph.constant(t.getValue()), v);
            sum = sum == null ? term : t.getValue() == -1 ? graph.sub(sum, v) : graph.add(sum, term);
        }
        if (sum == null) return graph.constant(a.constant());
        if (a.constant() > 0) return graph.add(sum, graph.constant(a.constant()));
        if (a.constant() < 0) return graph.sub(sum, graph.constant(-a.constant()));
        return sum;
    }

    /**
     * Computes {@code rule} for each node {@code root} needs (its arguments, or a sum's body),
     * each after what it needs, into {@code done}; with a stack of its own, not recursion.
     */
    public <T> void after(Node root, Map<Node, T> done, java.util.function.Function<Node, T> rule) {
        Deque<Node> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Node n = work.peek();
            if (done.containsKey(n)) {
                work.pop();
                continue;
            }
            boolean ready = true;
            for (Node in : inputs(n)) {
                if (!done.containsKey(in)) {
                    work.push(in);
                    ready = false;
                }
            }
            if (!ready) continue;
            work.pop();
            done.put(n, rule.apply(n));
        }
    }
}
