package dev.derive.indexed;

import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * left out, which checks more often than needed, never less. Paths are followed for each
 * place a node is computed: two sums over i share their bodies' nodes, and one may need
 * {@code x[i+1]*x[i]} everywhere where the other needs it only in a branch. An element guarded
 * in one place but needed outside any branch in another (the same x[i-1] in a sum from i = 1
 * and, in a branch, in a sum from i = 0) is read without a check too, and checked at the start
 * of each iteration of the sum that needs it everywhere: a check before the loop would be that
 * of whichever sum the loop is, and one before its user would also be made where another sum,
 * or a gradient's loop, computes that user only in a branch.
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
    /** Each guarded element's uses. */
    private final Map<Node, List<Use>> uses = new HashMap<>();

    private Guards() {}

    /** No element is guarded. */
    public static Guards none() {
        return new Guards();
    }

    /** The guarded elements of the program whose output is {@code root}. */
    public static Guards of(Scopes scopes, Node root) {
        Guards g = new Guards();
        Map<Place, List<List<Branch>>> paths = new HashMap<>();
        Map<Node, Set<Place>> places = new HashMap<>();
        Map<Node, Set<Use>> uses = new HashMap<>();
        Place top = new Place(root, List.of());
        paths.put(top, List.of(List.of()));
        places.put(root, new LinkedHashSet<>(List.of(top)));
        List<Node> users = new ArrayList<>(Cones.withBodies(scopes.indexing(), root));
        Collections.reverse(users); // each node after its users
        for (Node n : users) {
            for (Place at : places.getOrDefault(n, Set.of())) {
                List<List<Branch>> alternatives = paths.get(at);
                Walk w = new Walk(scopes, paths, places, uses, at);
                if (scopes.kind(n) == Scopes.Kind.REDUCTION) {
                    w.reach(scopes.reduction(n).body(), alternatives, null);
                } else if (n.op == Op.IF) {
                    w.reach(n.a, alternatives, null);
                    w.reach(n.b, alternatives, new Branch(n, true));
                    w.reach(n.c, alternatives, new Branch(n, false));
                } else if (scopes.kind(n) == Scopes.Kind.OPERATION) {
                    for (int k = 0; k < n.op.arity; k++) w.reach(n.arg(k), alternatives, null);
                }
            }
        }
        List<Map.Entry<Node, Set<Use>>> byId = new ArrayList<>(uses.entrySet());
        byId.sort(Comparator.comparingInt(e -> e.getKey().id)); // checks in a fixed order: the first failing one is thrown
        for (Map.Entry<Node, Set<Use>> e : byId) g.guard(scopes, e.getKey(), List.copyOf(e.getValue()));
        return g;
    }

    /**
     * A node where it is computed: {@code within} the sums around it that bind its loop variables,
     * outermost first. Two sums over i share their bodies' nodes, and one may need a node
     * everywhere that the other needs only in a branch.
     */
    private record Place(Node node, List<Node> within) {
        // equals and hashCode written out (a record's would link through method handles on first use)
        @Override
        public boolean equals(Object o) {
            return o instanceof Place p && node.equals(p.node) && within.equals(p.within);
        }

        @Override
        public int hashCode() {
            return 31 * node.hashCode() + within.hashCode();
        }
    }

    /** What one place's user passes on to the nodes it uses. */
    private record Walk(Scopes scopes, Map<Place, List<List<Branch>>> paths, Map<Node, Set<Place>> places,
                        Map<Node, Set<Use>> uses, Place user) {
        /** {@code n}, used by the user along each of {@code alternatives} (and {@code branch}), is needed along them too. */
        void reach(Node n, List<List<Branch>> alternatives, Branch branch) {
            Place at = new Place(n, within(n));
            places.computeIfAbsent(n, x -> new LinkedHashSet<>()).add(at);
            join(paths, at, alternatives, branch);
            if (scopes.kind(n) != Scopes.Kind.ELEMENT) return;
            Set<Use> used = uses.computeIfAbsent(n, x -> new LinkedHashSet<>());
            for (List<Branch> path : alternatives) {
                List<Branch> mine = new ArrayList<>();
                for (Branch b : path) if (counts(scopes, b, n)) mine.add(b);
                if (branch != null && counts(scopes, branch, n)) mine.add(branch);
                Use use = new Use(user.node(), List.copyOf(mine), at.within());
                used.add(use);
            }
        }

        /** The user's sums (and the user, if a sum) that bind a variable of {@code n}. */
        private List<Node> within(Node n) {
            List<Node> around = new ArrayList<>(user.within());
            if (scopes.kind(user.node()) == Scopes.Kind.REDUCTION) around.add(user.node());
            around.removeIf(r -> (scopes.bit(scopes.reduction(r).variable()) & scopes.free(n)) == 0);
            return List.copyOf(around);
        }
    }

    /**
     * An element's user, a path of branches of the element's own scope along which the user needs
     * it (empty: always), and the sums around the element there.
     */
    private record Use(Node user, List<Branch> path, List<Node> within) {
        // equals and hashCode written out (the same as a record's): the generated ones link through
        // method handles on first use, tens of milliseconds in a fresh JVM for a few records
        @Override
        public boolean equals(Object o) {
            return o instanceof Use u && user.equals(u.user) && path.equals(u.path) && within.equals(u.within);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * user.hashCode() + path.hashCode()) + within.hashCode();
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
            Guard guard = new Guard(scopes.element(element), u.path());
            List<Guard> here = checks.computeIfAbsent(before(u), x -> new ArrayList<>());
            if (!here.contains(guard)) here.add(guard);
            if (!u.path().isEmpty() && !own.contains(u.path())) own.add(u.path());
        }
        guarded.put(element, always ? List.of(List.of()) : own);
        this.uses.put(element, uses);
    }

    /**
     * Where a use is checked: before its outermost if; if it has none, at the start of each
     * iteration of the innermost sum around it that binds one of its variables, or before its
     * user at the top level. Not before a user in a sum: two sums over i share their bodies'
     * nodes (and a gradient's loop its model's), and another may compute that user only in a
     * branch, or, in a gradient, in a branch of its own.
     */
    private static Node before(Use u) {
        if (!u.path().isEmpty()) return u.path().get(0).select();
        if (u.within().isEmpty()) return u.user();
        return u.within().get(u.within().size() - 1);
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

    /** The {@link #paths} of guarded {@code element} in the sum {@code total} alone (where it is read in it). */
    public List<List<Branch>> paths(Node element, Node total) {
        List<List<Branch>> found = new ArrayList<>();
        for (Use u : uses.getOrDefault(element, List.of())) {
            if (!u.within().contains(total)) continue;
            if (u.path().isEmpty()) return List.of(List.of());
            if (!found.contains(u.path())) found.add(u.path());
        }
        return found.isEmpty() ? paths(element) : found;
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
    private static void join(Map<Place, List<List<Branch>>> paths, Place n, List<List<Branch>> alternatives,
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
