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
 * {@code sum(i = 0 .. n-1, if(i > 0, x[i-1]*x[i], 0))}. Both branches may be computed (the
 * interpreter computes both; compiled code what the branch taken needs, {@link LazyBranches}),
 * so such an element is read without a check (as 0 where it is out of range, a value the if then drops),
 * checked only where its branch is taken, and its gradient added only where it is in range:
 * out of it, its branch is not taken and its adjoint is 0.
 *
 * <p>An element's branch is a path of ifs between it and the output: the element is needed only
 * where every if on the path takes the branch that leads to it, or on another path, if it is
 * used in several places. Only the ifs in the element's own scope (the same loops) count, and
 * those of loops inside it whose condition is of the element's scope; an if further out is
 * left out, which checks more often than needed, never less. An element
 * guarded in one place but needed outside any branch in another (the same x[i-1] in a sum from
 * i = 1 and, in a branch, in a sum from i = 0) is read without a check too, and checked just
 * before each use outside a branch, every time: a check before the loop would be that of
 * whichever sum the loop is.
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

        // equals and hashCode written out (a record's would link through method handles on first use)
        @Override
        public boolean equals(Object other) {
            return other instanceof Branch o && select.equals(o.select) && then == o.then;
        }

        @Override
        public int hashCode() {
            return 31 * select.hashCode() + Boolean.hashCode(then);
        }
    }

    /** An element, and the branches (outermost first) where it is needed. */
    public record Guard(Indexing.Element element, List<Branch> path) {
        // equals and hashCode written out (a record's would link through method handles on first use)
        @Override
        public boolean equals(Object other) {
            return other instanceof Guard o && element.equals(o.element) && path.equals(o.path);
        }

        @Override
        public int hashCode() {
            return 31 * element.hashCode() + path.hashCode();
        }
    }

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
        Map<Node, List<Use>> uses = new HashMap<>();
        paths.put(root, List.of(List.of()));
        List<Node> users = new ArrayList<>(Cones.withBodies(scopes.indexing(), root));
        Collections.reverse(users); // each node after its users
        for (Node n : users) {
            List<List<Branch>> alternatives = paths.get(n);
            if (scopes.kind(n) == Scopes.Kind.REDUCTION) {
                reach(scopes, paths, uses, n, scopes.reduction(n).body(), alternatives, null);
            } else if (n.op == Op.IF) {
                reach(scopes, paths, uses, n, n.a, alternatives, null);
                reach(scopes, paths, uses, n, n.b, alternatives, new Branch(n, true));
                reach(scopes, paths, uses, n, n.c, alternatives, new Branch(n, false));
            } else if (scopes.kind(n) == Scopes.Kind.OPERATION) {
                for (int k = 0; k < n.op.arity; k++) reach(scopes, paths, uses, n, n.arg(k), alternatives, null);
            }
        }
        List<Map.Entry<Node, List<Use>>> byId = new ArrayList<>(uses.entrySet());
        byId.sort(Comparator.comparingInt(e -> e.getKey().id)); // checks in a fixed order: the first failing one is thrown
        for (Map.Entry<Node, List<Use>> e : byId) g.guard(scopes, e.getKey(), e.getValue());
        return g;
    }

    /** An element's user and a path of branches of the element's own scope along which the user needs it (empty: always). */
    private record Use(Node user, List<Branch> path) {
        // equals and hashCode written out (the same as a record's): the generated ones link through
        // method handles on first use, tens of milliseconds in a fresh JVM for a few records
        @Override
        public boolean equals(Object o) {
            return o instanceof Use u && user.equals(u.user) && path.equals(u.path);
        }

        @Override
        public int hashCode() {
            return 31 * user.hashCode() + path.hashCode();
        }
    }

    /**
     * Guards {@code element} if a branch leads to one of its uses. Each path is checked before
     * its outermost if; a use with no branch of its own is checked just before its user, every
     * time (the element may be read in several loops, only some of which reach past the array).
     */
    private void guard(Scopes scopes, Node element, List<Use> uses) {
        boolean branched = false;
        boolean always = false;
        for (Use u : uses) {
            if (u.path().isEmpty()) always = true;
            else branched = true;
        }
        if (!branched) return; // needed wherever its scope runs: checked once, before the loop
        List<List<Branch>> own = new ArrayList<>();
        for (Use u : uses) {
            Node before = u.path().isEmpty() ? u.user() : u.path().get(0).select();
            Guard guard = new Guard(scopes.element(element), u.path());
            List<Guard> here = checks.computeIfAbsent(before, x -> new ArrayList<>());
            if (!here.contains(guard)) here.add(guard);
            if (!u.path().isEmpty() && !own.contains(u.path())) own.add(u.path());
        }
        guarded.put(element, always ? List.of(List.of()) : own);
    }

    /** {@code n}, used by {@code user} along each of {@code alternatives} (and {@code branch}), is needed along them too. */
    private static void reach(Scopes scopes, Map<Node, List<List<Branch>>> paths, Map<Node, List<Use>> uses, Node user,
                              Node n, List<List<Branch>> alternatives, Branch branch) {
        join(paths, n, alternatives, branch);
        if (scopes.kind(n) != Scopes.Kind.ELEMENT) return;
        List<Use> known = uses.computeIfAbsent(n, x -> new ArrayList<>());
        for (List<Branch> path : alternatives) {
            List<Branch> mine = new ArrayList<>();
            for (Branch b : path) if (counts(scopes, b, n)) mine.add(b);
            if (branch != null && counts(scopes, branch, n)) mine.add(branch);
            Use use = new Use(user, List.copyOf(mine));
            if (!known.contains(use)) known.add(use);
        }
    }

    /**
     * Whether {@code b} counts for element {@code n}: an if of the element's own scope, or of a
     * loop inside it whose condition is of the element's scope ({@code if(i > 0, y[i-1]*X[i, j], 0)}
     * in a sum over j): where the element is computed, before that loop, the condition has a
     * value too, so its check can be made.
     */
    private static boolean counts(Scopes scopes, Branch b, Node n) {
        long element = scopes.free(n);
        long select = scopes.free(b.select());
        return select == element
                || (select & element) == element && (scopes.free(b.condition()) & ~element) == 0;
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
     * not null. Needed everywhere (an empty path) absorbs the rest. Too many ways become one: the
     * branches common to all of them, which every way takes (needed more often than it is, so
     * checked more often, never less; everywhere if none is common).
     */
    private static void join(Map<Node, List<List<Branch>>> paths, Node n, List<List<Branch>> alternatives,
                             Branch branch) {
        List<List<Branch>> had = paths.get(n);
        if (had != null && had.size() == 1 && had.get(0).isEmpty()) return;
        List<List<Branch>> joined = had == null ? new ArrayList<>() : new ArrayList<>(had);
        for (List<Branch> path : alternatives) {
            List<Branch> extended = new ArrayList<>(path);
            if (branch != null) extended.add(branch);
            if (extended.isEmpty()) {
                paths.put(n, List.of(List.of()));
                return;
            }
            if (!joined.contains(extended)) joined.add(List.copyOf(extended));
            if (joined.size() > ALTERNATIVES) {
                List<Branch> common = common(joined);
                if (common.isEmpty()) {
                    paths.put(n, List.of(List.of()));
                    return;
                }
                joined = new ArrayList<>(List.of(common));
            }
        }
        paths.put(n, joined);
    }

    /** The branches on every one of {@code ways}, in the order of the first. */
    private static List<Branch> common(List<List<Branch>> ways) {
        List<Branch> common = new ArrayList<>(ways.get(0));
        for (List<Branch> way : ways) common.retainAll(way);
        return List.copyOf(common);
    }
}
