package dev.derive.indexed;

import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which values a list of steps computes only for one branch of an {@code if} there: those
 * compiled code computes only where that branch is taken. A value is deferred to a branch when
 * every use of it is that branch of an if on one condition, or another value deferred to the
 * same branch; a value that a condition, a step other than a computation (a scatter, a check,
 * an inner loop) or a result uses is computed everywhere. A gradient has several ifs on one
 * condition (one per use of the original if), so a branch is a condition's: a deferred value is
 * computed at the first if on its condition after it, and later ifs on that condition read it.
 * The values are pure, so computing fewer of them gives the same numbers: the interpreter
 * ({@link Runner}) computes them all.
 */
public final class LazyBranches {
    /**
     * Where a value is needed: where {@code condition} takes the then- or else-branch, within
     * {@code region} (the branch the ifs on it are themselves deferred to; null: everywhere).
     */
    public record Home(Node condition, boolean then, Home region) {}

    private static final LazyBranches NONE = new LazyBranches(Map.of(), Map.of(), Map.of());

    private final Map<Node, Home> deferred;
    private final Map<Node, List<Step>> thenBlocks;
    private final Map<Node, List<Step>> elseBlocks;

    private LazyBranches(Map<Node, Home> deferred, Map<Node, List<Step>> thenBlocks, Map<Node, List<Step>> elseBlocks) {
        this.deferred = deferred;
        this.thenBlocks = thenBlocks;
        this.elseBlocks = elseBlocks;
    }

    /** Nothing deferred. */
    public static LazyBranches none() {
        return NONE;
    }

    /**
     * @param results the values read after the steps (a sum's term, the output, the partials)
     */
    public static LazyBranches of(Scopes scopes, List<Step> steps, Collection<Node> results) {
        Set<Node> everywhere = new HashSet<>(results);
        Map<Node, List<Node>> users = new HashMap<>();
        List<Node> computed = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof Step.Compute c) {
                Node n = c.node();
                computed.add(n);
                if (scopes.kind(n) == Scopes.Kind.OPERATION) {
                    for (int k = 0; k < n.op.arity; k++) users.computeIfAbsent(n.arg(k), x -> new ArrayList<>()).add(n);
                }
            } else {
                read(s, everywhere);
            }
        }
        Map<Node, Home> deferred = new HashMap<>();
        for (int k = computed.size() - 1; k >= 0; k--) {
            Node n = computed.get(k);
            List<Node> by = users.get(n);
            if (everywhere.contains(n) || by == null) continue;
            Home home = null;
            for (Node u : by) {
                Home h = homeFor(u, n, deferred);
                if (h == null || home != null && !home.equals(h)) {
                    home = null;
                    break;
                }
                home = h;
            }
            if (home != null) deferred.put(n, home);
        }
        if (deferred.isEmpty()) return NONE;
        // from the end: the first if on each condition (and region) after the value being placed
        Map<Home, Node> nextIf = new HashMap<>();
        Map<Node, List<Step>> thenBlocks = new HashMap<>();
        Map<Node, List<Step>> elseBlocks = new HashMap<>();
        for (int k = computed.size() - 1; k >= 0; k--) {
            Node n = computed.get(k);
            Home home = deferred.get(n);
            if (home != null) {
                Node at = nextIf.get(new Home(home.condition(), true, home.region()));
                (home.then() ? thenBlocks : elseBlocks).computeIfAbsent(at, x -> new ArrayList<>()).add(new Step.Compute(n));
            }
            if (n.op == Op.IF) nextIf.put(new Home(n.a, true, deferred.get(n)), n);
        }
        for (List<Step> block : thenBlocks.values()) Collections.reverse(block);
        for (List<Step> block : elseBlocks.values()) Collections.reverse(block);
        return new LazyBranches(deferred, thenBlocks, elseBlocks);
    }

    /** Where user {@code u} needs {@code n}: in a branch of u if u is an if, else where u is needed; null: everywhere. */
    private static Home homeFor(Node u, Node n, Map<Node, Home> deferred) {
        if (u.op == Op.IF && n != u.a && (n == u.b) != (n == u.c)) return new Home(u.a, n == u.b, deferred.get(u));
        return deferred.get(u);
    }

    /** Adds the values step {@code s} reads (for an inner loop, everything its body reads) to {@code into}. */
    private static void read(Step step, Set<Node> into) {
        Deque<Step> work = new ArrayDeque<>();
        work.push(step);
        while (!work.isEmpty()) {
            Step s = work.pop();
            Step.reads(s, into::add);
            if (s instanceof Step.Loop l) for (Step t : l.body()) work.push(t);
        }
    }

    /** Whether {@code n} is computed only in a branch (in a block of an if on its condition), not where its step is. */
    public boolean deferred(Node n) {
        return deferred.containsKey(n);
    }

    /** Whether values are computed in the branches of {@code select}. */
    public boolean branches(Node select) {
        return thenBlocks.containsKey(select) || elseBlocks.containsKey(select);
    }

    /** The values computed where {@code select}'s condition takes one branch, in step order. */
    public List<Step> block(Node select, boolean then) {
        return (then ? thenBlocks : elseBlocks).getOrDefault(select, List.of());
    }
}
