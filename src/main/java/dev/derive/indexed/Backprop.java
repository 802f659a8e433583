package dev.derive.indexed;

import dev.derive.diff.Rules;
import dev.derive.graph.Graph;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reverse mode over a program with sums, keeping its loops. Each scope (the top level, or one
 * iteration of a loop) first computes its values, then sweeps its nodes from the last to the
 * first, each node's adjoint the sum of its users' contributions, as {@code ReverseMode} does for
 * scalars. What a scope's sweep meets at its edges becomes a statement:
 * <ul>
 * <li>a sum: a backward loop over its range, seeded with the sum's adjoint, whose iterations
 *     recompute the body's values and sweep them in turn;
 * <li>an element of a differentiated array: its adjoint added into the array's gradient at its
 *     index ({@code dx[i + 1] += ...}): the scatter;
 * <li>a value from an enclosing scope (hoisted out of the loop): its contributions summed over
 *     the iterations into a slot, which the enclosing scope's sweep adds to that value's adjoint.
 * </ul>
 * A sum whose adjoint can be known before the sum is computed (the output itself, or a sum
 * added to others) has its backward loop fused with its own loop: one pass computes the value
 * and the gradient, as a hand-written gradient does.
 */
public final class Backprop {
    private final Scopes scopes;
    private final Planner planner;
    private final Graph graph;
    private final boolean fuse;
    private final Set<String> wrtArrays;
    private final Map<Node, Node> pending = new HashMap<>();
    private int slots;

    /**
     * The steps computing the value and the gradient, and the slots the scalar partials end in.
     *
     * @param scalarPartials for each differentiated scalar input, the slot its partial is in after the steps
     */
    public record Gradient(List<Step> steps, Map<String, Node> scalarPartials) {}

    /** @param fuse whether to fuse a sum's loop with its backward loop where that is possible (off: always two) */
    public Backprop(Planner planner, Set<String> wrtArrays, boolean fuse) {
        this.planner = planner;
        this.scopes = planner.scopes();
        this.graph = scopes.graph();
        this.wrtArrays = wrtArrays;
        this.fuse = fuse;
    }

    /** The value of {@code output} and its gradient with respect to the differentiated inputs. */
    public Gradient of(Node output, List<String> wrtScalars) {
        Map<String, Node> found = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>(scope(output, graph.constant(1), 0L, new HashSet<>(), found));
        // the scalar partials last, in the order asked for (nothing after them reads them)
        List<Step> results = new ArrayList<>();
        Map<String, Node> partials = new LinkedHashMap<>();
        for (String name : wrtScalars) {
            Node slot = found.get(name);
            partials.put(name, slot);
            if (slot == null) continue;
            for (Step s : steps) if (s instanceof Step.Set set && set.slot() == slot) results.add(s);
        }
        steps.removeAll(results);
        steps.addAll(results);
        return new Gradient(steps, partials);
    }

    /** One statement of a sweep: a step, and the nodes whose values it needs first. */
    private record Statement(List<Node> values, Step step, Node reduction) {
        Statement(Node value, Step step, Node reduction) {
            this(List.of(value), step, reduction);
        }

        // equals and hashCode written out (the same as a record's): the generated ones link through
        // method handles on first use, tens of milliseconds in a fresh JVM for a few records
        @Override
        public boolean equals(Object o) {
            return o instanceof Statement s && values.equals(s.values) && Objects.equals(step, s.step)
                    && Objects.equals(reduction, s.reduction);
        }

        @Override
        public int hashCode() {
            return (31 * values.hashCode() + Objects.hashCode(step)) * 31 + Objects.hashCode(reduction);
        }
    }

    /**
     * Computes {@code root} in this scope, then sweeps back from it with adjoint {@code seed}.
     *
     * @param outer the nodes with values from enclosing scopes
     * @param partials at the top level, where each scalar's partial goes; null in loops
     */
    private List<Step> scope(Node root, Node seed, long bound, Set<Node> outer, Map<String, Node> partials) {
        Set<Node> available = new HashSet<>(outer);
        List<Step> forward = planner.values(List.of(root), bound, available);
        Map<Node, Integer> position = new IdentityHashMap<>();
        for (int p = 0; p < forward.size(); p++) {
            Node made = made(forward.get(p));
            if (made != null) position.put(made, p);
        }
        List<Node> mine = new ArrayList<>(position.keySet());
        mine.sort(Comparator.comparingInt((Node n) -> n.id).reversed());
        Map<Node, Node> adjoint = new HashMap<>();
        List<Statement> statements = new ArrayList<>();
        List<Node> zeroed = new ArrayList<>();
        if (position.containsKey(root)) {
            adjoint.put(root, seed);
        } else if (scopes.relevant(root) && !seed.isConstant(0)) {
            // a term the same in every iteration, computed before the loop: its adjoint summed over them
            statements.add(new Statement(seed, new Step.Add(pendingSlot(root), seed), null));
        }
        for (Node n : mine) {
            Node a = adjoint.remove(n);
            Node summed = pending.remove(n);
            if (summed != null) {
                zeroed.add(summed);
                a = nothingIfZero(n, a == null ? summed : graph.add(a, summed));
            }
            if (a == null || a.isConstant(0) || !scopes.relevant(n)) continue;
            switch (scopes.kind(n)) {
                case REDUCTION -> statements.add(backwardLoop(n, a, bound, available));
                case ELEMENT -> {
                    Indexing.Element e = scopes.element(n);
                    if (wrtArrays.contains(e.array())) statements.add(new Statement(a, new Step.Scatter(e, a), null));
                }
                case SCALAR -> {
                    if (partials != null) {
                        Node slot = scopes.slot("\u2022d/d" + n.name, 0);
                        partials.put(n.name, slot);
                        statements.add(new Statement(a, new Step.Set(slot, a), null));
                    }
                }
                case OPERATION -> {
                    for (int k = 0; k < n.op.arity; k++) {
                        Node arg = n.arg(k);
                        if (!scopes.relevant(arg)) continue;
                        Node share = Rules.adjoint(graph, n, a, k);
                        if (share.isConstant(0)) continue;
                        if (position.containsKey(arg)) {
                            adjoint.merge(arg, share, graph::add);
                        } else {
                            statements.add(new Statement(share, new Step.Add(pendingSlot(arg), share), null));
                        }
                    }
                }
                default -> { }
            }
        }
        return layout(forward, position, statements, zeroed, bound, outer);
    }

    /**
     * The adjoint {@code a} of {@code n}, part of which was summed in loops: 0 where it is 0, so
     * an empty loop passes nothing on. Else an infinite local derivative further down would make
     * the 0 a NaN ({@code logsumexp(i = 1 .. 0, a) + atan(a)}: {@code exp(a - max)} is infinite
     * where the max is over nothing), where term by term there is nothing to add. The
     * multiplications by local derivatives move into the if ({@code Simplify}), so where the
     * adjoint is not 0 they are the same operations.
     */
    private Node nothingIfZero(Node n, Node a) {
        if (scopes.kind(n) != Scopes.Kind.OPERATION || constantSlopes(n)) return a;
        Node zero = graph.constant(0);
        return graph.select(graph.apply(Op.NE, a, zero), a, zero);
    }

    /**
     * Whether every local derivative from {@code n} down to the inputs is a constant (sums,
     * differences, multiples), so a 0 adjoint stays 0 without the if ({@code 1000*a}); looks
     * at a few nodes at most, and says no past them.
     */
    private boolean constantSlopes(Node n) {
        Deque<Node> work = new ArrayDeque<>();
        Set<Node> seen = new HashSet<>();
        work.push(n);
        seen.add(n);
        while (!work.isEmpty()) {
            Node m = work.pop();
            if (!scopes.relevant(m)) continue;
            Scopes.Kind kind = scopes.kind(m);
            if (kind == Scopes.Kind.REDUCTION || seen.size() > 32) return false;
            if (kind != Scopes.Kind.OPERATION) continue;
            boolean linear = m.op == Op.ADD || m.op == Op.SUB || m.op == Op.NEG
                    || m.op == Op.MUL && (m.a.isConstant() || m.b.isConstant()) || m.op == Op.DIV && m.b.isConstant();
            if (!linear) return false;
            for (int k = 0; k < m.op.arity; k++) if (seen.add(m.arg(k))) work.push(m.arg(k));
        }
        return true;
    }

    /** The slot where a value from an enclosing scope has its adjoint summed, until that scope's sweep reaches it. */
    private Node pendingSlot(Node value) {
        return pending.computeIfAbsent(value, x -> scopes.slot("\u2022sum" + (slots++) + "\u00b7" + x.id, scopes.free(x)));
    }

    /**
     * The loop that sweeps back through reduction {@code total}'s iterations with adjoint
     * {@code seed}, and what it needs computed before it runs. A sum's terms each get the
     * sum's adjoint. A product's term t gets the product of the other terms: with Z the number
     * of terms that are 0 and Q the product of the others (two sums over the same range), that
     * is Q/t where Z = 0, Q where Z = 1 and t = 0, and 0 otherwise, so zeros need no division.
     * A max's (or min's) adjoint goes to the terms equal to it, split evenly among them when
     * several are.
     */
    private Statement backwardLoop(Node total, Node seed, long bound, Set<Node> available) {
        Indexing.Reduction r = scopes.reduction(total);
        long inner = bound | scopes.bit(r.variable());
        Set<Node> outer = new HashSet<>(available);
        outer.add(seed); // computed before the loop
        List<Node> before = new ArrayList<>(List.of(seed));
        Node termSeed = seed;
        Node t = r.body();
        if (r.kind() == Indexing.Kind.PROD) {
            Node zeros = reduction(Indexing.Kind.SUM, r, Weights.isZero(graph, t));
            Node nonZero = reduction(Indexing.Kind.PROD, r, Weights.nonZero(graph, t));
            termSeed = graph.mul(seed, Weights.others(graph, t, zeros, nonZero));
            before.add(zeros);
            before.add(nonZero);
            outer.add(zeros);
            outer.add(nonZero);
        } else if (r.kind() == Indexing.Kind.MAX || r.kind() == Indexing.Kind.MIN) {
            Node ties = reduction(Indexing.Kind.SUM, r, Weights.chosen(graph, t, total));
            termSeed = Weights.split(graph, t, total, ties, seed);
            before.add(ties);
            outer.add(ties);
        }
        outer.addAll(slotsUnder(seed));
        List<Step> body = hoist(scope(r.body(), termSeed, inner, outer, null), scopes.bit(r.variable()), before);
        Step.Loop loop = new Step.Loop(r.variable(), r.lo(), r.hi(), body, null, null, null,
                planner.reads(body, r.variable()));
        return new Statement(before, loop, total);
    }

    /**
     * The body without the values that are the same in every iteration (such as the part of
     * a term's adjoint that does not depend on the loop variable, which the chain rule rebuilds
     * inside the loop), each added to {@code before}, to be computed once before the loop.
     */
    private List<Step> hoist(List<Step> body, long variable, List<Node> before) {
        Set<Node> inBody = new HashSet<>();
        for (Step s : body) if (s instanceof Step.Compute c) inBody.add(c.node());
        Set<Node> hoisted = new HashSet<>();
        List<Step> kept = new ArrayList<>();
        for (Step s : body) {
            if (s instanceof Step.Compute c && invariant(c.node(), variable, inBody, hoisted)) {
                hoisted.add(c.node());
                before.add(c.node());
            } else {
                kept.add(s);
            }
        }
        return kept;
    }

    /** Whether {@code n} depends neither on the loop variable nor on anything the body changes. */
    private boolean invariant(Node n, long variable, Set<Node> inBody, Set<Node> hoisted) {
        if ((scopes.free(n) & variable) != 0) return false;
        Scopes.Kind kind = scopes.kind(n);
        // not an element: read before a loop that may not run, it could be out of range
        if (kind != Scopes.Kind.OPERATION && kind != Scopes.Kind.CONSTANT && kind != Scopes.Kind.SCALAR
                && kind != Scopes.Kind.SIZE) {
            return false;
        }
        for (int k = 0; k < n.op.arity; k++) {
            Node arg = n.arg(k);
            if (scopes.kind(arg) == Scopes.Kind.SLOT || inBody.contains(arg) && !hoisted.contains(arg)) return false;
        }
        return true;
    }

    /**
     * The slots {@code seed} is made from. They have their values before the loop seeded with it
     * runs, and its body may read them directly: simplifying what it builds on the seed (moving a
     * product into an if, say) can reach inside it.
     */
    private Set<Node> slotsUnder(Node seed) {
        Set<Node> found = new HashSet<>();
        Set<Node> seen = new HashSet<>();
        Deque<Node> work = new ArrayDeque<>();
        work.push(seed);
        seen.add(seed);
        while (!work.isEmpty()) {
            Node n = work.pop();
            Scopes.Kind kind = scopes.kind(n);
            if (kind == Scopes.Kind.SLOT) found.add(n);
            if (kind != Scopes.Kind.OPERATION) continue;
            for (int k = 0; k < n.op.arity; k++) if (seen.add(n.arg(k))) work.push(n.arg(k));
        }
        return found;
    }

    /** A new reduction over {@code like}'s range. */
    private Node reduction(Indexing.Kind kind, Indexing.Reduction like, Node body) {
        Indexing.Reduction r = new Indexing.Reduction(kind, like.variable(), like.lo(), like.hi(), body, like.line(),
                like.column());
        return scopes.addReduction(r);
    }

    /** The node a forward step gives a value to. */
    private static Node made(Step s) {
        if (s instanceof Step.Compute c) return c.node();
        if (s instanceof Step.Loop l) return l.total();
        return null;
    }

    /**
     * The scope's steps: slots zeroed, the values (a sum's loop fused with its backward loop
     * where its adjoint is known in time), then each statement after what its value needs.
     */
    private List<Step> layout(List<Step> forward, Map<Node, Integer> position, List<Statement> statements,
                              List<Node> zeroed, long bound, Set<Node> outer) {
        List<Step> steps = new ArrayList<>();
        Set<Node> have = new HashSet<>(outer);
        if (!zeroed.isEmpty()) steps.addAll(planner.values(List.of(graph.constant(0)), bound, have));
        for (Node slot : zeroed) {
            steps.add(new Step.Set(slot, graph.constant(0)));
            have.add(slot);
        }
        Map<Node, Statement> byReduction = new HashMap<>();
        for (Statement s : statements) if (s.reduction() != null) byReduction.put(s.reduction(), s);
        Set<Statement> done = new HashSet<>();
        for (Step s : forward) {
            if (s instanceof Step.Loop l && l.reduces() && l.kind() == Indexing.Kind.SUM
                    && byReduction.containsKey(l.total())
                    && fusible(l.total(), byReduction.get(l.total()).values(), position, outer)) {
                Statement backward = byReduction.get(l.total());
                Step.Loop back = (Step.Loop) backward.step();
                steps.addAll(planner.values(backward.values(), bound, have));
                List<Step> body = planner.bodyChecks(l.total());
                body.addAll(back.body());
                steps.add(new Step.Loop(l.variable(), l.lo(), l.hi(), body, l.kind(), l.total(), l.term(), back.reads()));
                done.add(backward);
            } else {
                steps.add(s);
            }
            Node made = made(s);
            if (made != null) have.add(made);
        }
        for (Statement s : statements) {
            if (done.contains(s)) continue;
            steps.addAll(planner.values(s.values(), bound, have));
            steps.add(s.step());
        }
        return steps;
    }

    /**
     * Whether a sum's adjoint (and what its backward loop needs computed before it) can be
     * computed before the sum's own loop: it depends on no value
     * of the scope computed at or after that loop, and on no slot summed by a backward loop.
     */
    private boolean fusible(Node total, List<Node> seed, Map<Node, Integer> position, Set<Node> outer) {
        if (!fuse) return false;
        int at = position.get(total);
        Set<Node> seen = new HashSet<>(seed);
        Deque<Node> work = new ArrayDeque<>(seed);
        while (!work.isEmpty()) {
            Node n = work.pop();
            Integer p = position.get(n);
            if (p != null) {
                if (p >= at) return false;
                continue;
            }
            if (outer.contains(n)) continue;
            if (scopes.kind(n) == Scopes.Kind.SLOT) return false;
            for (int k = 0; k < n.op.arity; k++) {
                if (seen.add(n.arg(k))) work.push(n.arg(k));
            }
        }
        return true;
    }
}
