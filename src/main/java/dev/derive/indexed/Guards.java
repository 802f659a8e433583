package dev.derive.indexed;

import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Array elements read only in a branch of {@code if(cond, a, b)}, as {@code x[i-1]} in
 * {@code sum(i = 0 .. n-1, if(i > 0, x[i-1]*x[i], 0))}. Both branches are computed, but such an
 * element is read without a check (as 0 where it is out of range, a value the if then drops),
 * checked only where its branch is taken, and its gradient added only where it is in range:
 * out of it, its branch is not taken and its adjoint is 0.
 *
 * <p>An element's branch is a path of ifs between it and the output: the element is needed only
 * where every if on the path takes the branch that leads to it, or on another path, if it is
 * used in several places. Only the ifs in the element's own scope (the same loops) count; an
 * if further out is left out, which checks more often than needed, never less.
 */
public final class Guards {
    /** A branch of an if: {@code then} where its condition is neither 0 nor NaN, else where it is 0. */
    public record Branch(Node select, boolean then) {
        public Node condition() {
            return select.a;
        }

        /** Whether the if whose condition has value {@code c} takes this branch (NaN takes neither). */
        public boolean taken(double c) {
            return then ? c != 0 && c == c : c == 0;
        }
    }

    /** An element, and the branches (outermost first) where it is needed. */
    public record Guard(Indexing.Element element, List<Branch> path) {}

    /** At most this many different branches lead to a node before it counts as needed everywhere. */
    private static final int ALTERNATIVES = 8;

    private final Map<Node, List<List<Branch>>> guarded = new HashMap<>();
    private final Map<Node, List<Guard>> checks = new HashMap<>();

    private Guards() {}

    /** No element is guarded. */
    public static Guards none() {
        return new Guards();
    }

    /** The guarded elements of the program whose output is {@code root}. */
    public static Guards of(Scopes scopes, Node root) {
        Guards g = new Guards();
        Map<Node, List<List<Branch>>> paths = new HashMap<>();
        paths.put(root, List.of(List.of()));
        List<Node> users = new ArrayList<>(Cones.withBodies(scopes.indexing(), root));
        Collections.reverse(users); // each node after its users
        for (Node n : users) {
            List<List<Branch>> alternatives = paths.get(n);
            if (scopes.kind(n) == Scopes.Kind.REDUCTION) {
                join(paths, scopes.reduction(n).body(), alternatives, null);
            } else if (n.op == Op.IF) {
                join(paths, n.a, alternatives, null);
                join(paths, n.b, alternatives, new Branch(n, true));
                join(paths, n.c, alternatives, new Branch(n, false));
            } else if (scopes.kind(n) == Scopes.Kind.OPERATION) {
                for (int k = 0; k < n.op.arity; k++) join(paths, n.arg(k), alternatives, null);
            }
        }
        List<Map.Entry<Node, List<List<Branch>>>> byId = new ArrayList<>(paths.entrySet());
        byId.sort(Comparator.comparingInt(e -> e.getKey().id)); // checks in a fixed order: the first failing one is thrown
        for (Map.Entry<Node, List<List<Branch>>> e : byId) {
            Node element = e.getKey();
            if (scopes.kind(element) != Scopes.Kind.ELEMENT) continue;
            List<List<Branch>> own = new ArrayList<>();
            List<Node> outermost = new ArrayList<>();
            for (List<Branch> path : e.getValue()) {
                List<Branch> mine = new ArrayList<>();
                for (Branch b : path) if (scopes.free(b.select()) == scopes.free(element)) mine.add(b);
                if (mine.isEmpty()) {
                    own = null; // needed wherever its scope runs
                    break;
                }
                own.add(List.copyOf(mine));
                outermost.add(mine.get(0).select());
            }
            if (own == null) continue;
            g.guarded.put(element, own);
            for (int k = 0; k < own.size(); k++) {
                g.checks.computeIfAbsent(outermost.get(k), x -> new ArrayList<>())
                        .add(new Guard(scopes.element(element), own.get(k)));
            }
        }
        return g;
    }

    /** Whether {@code element} is read only in a branch, so read without a check. */
    public boolean guarded(Node element) {
        return guarded.containsKey(element);
    }

    /**
     * The paths of branches (outermost first, ifs of the element's own scope) along which guarded
     * {@code element} is needed: it is needed where one of them is taken all along.
     */
    public List<List<Branch>> paths(Node element) {
        return guarded.getOrDefault(element, List.of());
    }

    /** The guarded elements to check just before {@code select}, the outermost if of their branch, is computed. */
    public List<Guard> checksBefore(Node select) {
        return checks.getOrDefault(select, List.of());
    }

    /**
     * The ways {@code n} is needed gain {@code alternatives}, each extended by {@code branch} if
     * not null. Needed everywhere (an empty path) absorbs the rest, and so do too many ways.
     */
    private static void join(Map<Node, List<List<Branch>>> paths, Node n, List<List<Branch>> alternatives,
                             Branch branch) {
        List<List<Branch>> had = paths.get(n);
        if (had != null && had.size() == 1 && had.get(0).isEmpty()) return;
        List<List<Branch>> joined = had == null ? new ArrayList<>() : new ArrayList<>(had);
        for (List<Branch> path : alternatives) {
            List<Branch> extended = new ArrayList<>(path);
            if (branch != null) extended.add(branch);
            if (extended.isEmpty() || joined.size() >= ALTERNATIVES) {
                paths.put(n, List.of(List.of()));
                return;
            }
            if (!joined.contains(extended)) joined.add(List.copyOf(extended));
        }
        paths.put(n, joined);
    }
}
