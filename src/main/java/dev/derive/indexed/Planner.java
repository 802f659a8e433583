package dev.derive.indexed;

import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps that compute nodes' values: each node in the scope of its innermost free loop
 * variable, a sum as a loop, and whatever a loop's body needs that does not change from one
 * iteration to the next computed once, before the loop (hoisted as far out as it can go).
 */
public final class Planner {
    private final Scopes scopes;

    public Planner(Scopes scopes) {
        this.scopes = scopes;
    }

    public Scopes scopes() {
        return scopes;
    }

    /**
     * Steps giving {@code roots} their values in a scope where the loop variables {@code bound}
     * have values, as have the nodes {@code available}; the nodes they compute are added to it.
     */
    public List<Step> values(Collection<Node> roots, long bound, Set<Node> available) {
        List<Step> steps = new ArrayList<>();
        for (Node n : needed(roots, available)) {
            if ((scopes.free(n) & ~bound) != 0) {
                throw new IllegalStateException(n + " depends on a loop variable not bound here");
            }
            if (scopes.kind(n) == Scopes.Kind.REDUCTION) {
                steps.addAll(loop(n, bound, available));
            } else {
                for (Guards.Guard g : scopes.guards().checksBefore(n)) steps.add(new Step.Check(g.element(), g.path()));
                steps.add(new Step.Compute(n));
            }
            available.add(n);
        }
        return steps;
    }

    /** The reduction {@code r}'s loop, after what its body needs that can be computed outside it. */
    private List<Step> loop(Node total, long bound, Set<Node> available) {
        Indexing.Reduction r = scopes.reduction(total);
        List<Step> steps = new ArrayList<>(values(hoistable(r.body(), bound, available), bound, available));
        long inner = bound | scopes.bit(r.variable());
        List<Step> body = bodyChecks(total);
        body.addAll(values(List.of(r.body()), inner, new HashSet<>(available)));
        steps.add(new Step.Loop(r.variable(), r.lo(), r.hi(), body, r.kind(), total, r.body(), reads(body, r.variable())));
        return steps;
    }

    /**
     * The checks a reduction's loop starts with: of its body, where the body is an element that
     * a branch elsewhere guards (so read without a check) but this sum reads everywhere.
     */
    List<Step> bodyChecks(Node total) {
        List<Step> checks = new ArrayList<>();
        for (Guards.Guard g : scopes.guards().checksBefore(total)) checks.add(new Step.Check(g.element(), g.path()));
        return checks;
    }

    /** The nodes {@code body} needs, in it or in sums inside it, that depend on no variable outside {@code bound}. */
    private List<Node> hoistable(Node body, long bound, Set<Node> available) {
        List<Node> found = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        Deque<Node> work = new ArrayDeque<>();
        work.push(body);
        seen.add(body);
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (available.contains(n)) continue;
            if ((scopes.free(n) & ~bound) == 0) {
                found.add(n);
                continue;
            }
            for (Node next : inputs(n)) {
                if (seen.add(next)) work.push(next);
            }
        }
        return found;
    }

    /** What a node's value is made from: its arguments, or a sum's body. */
    private List<Node> inputs(Node n) {
        if (scopes.kind(n) == Scopes.Kind.REDUCTION) return List.of(scopes.reduction(n).body());
        List<Node> args = new ArrayList<>(n.op.arity);
        for (int k = 0; k < n.op.arity; k++) args.add(n.arg(k));
        return args;
    }

    /** The nodes not yet available that {@code roots} need in this scope (not inside sums' bodies), by id. */
    private List<Node> needed(Collection<Node> roots, Set<Node> available) {
        List<Node> found = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        Deque<Node> work = new ArrayDeque<>();
        for (Node root : roots) {
            if (!available.contains(root) && seen.add(root)) work.push(root);
        }
        while (!work.isEmpty()) {
            Node n = work.pop();
            found.add(n);
            if (scopes.kind(n) != Scopes.Kind.OPERATION) continue;
            for (int k = 0; k < n.op.arity; k++) {
                Node arg = n.arg(k);
                if (!available.contains(arg) && seen.add(arg)) work.push(arg);
            }
        }
        found.sort((a, b) -> Integer.compare(a.id, b.id));
        return found;
    }

    /**
     * The elements a loop body reads or scatters into directly (not in inner loops) whose
     * indexes use the loop's variable: those the loop checks before it runs (not those read
     * only in a branch of an if, checked where their branch is taken).
     */
    List<Indexing.Element> reads(List<Step> body, String variable) {
        List<Indexing.Element> reads = new ArrayList<>();
        for (Step s : body) {
            Indexing.Element e = s instanceof Step.Compute c && scopes.kind(c.node()) == Scopes.Kind.ELEMENT
                    && !scopes.guarded(c.node()) ? scopes.element(c.node())
                    : s instanceof Step.Scatter sc && !scopes.guarded(sc.element()) ? sc.element() : null;
            if (e != null && usesVariable(e, variable) && !reads.contains(e)) reads.add(e);
        }
        return reads;
    }

    static boolean usesVariable(Indexing.Element e, String variable) {
        for (var index : e.indexes()) if (index.coefficient(variable) != 0) return true;
        return false;
    }
}
