package dev.derive.indexed;

import dev.derive.graph.Affine;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which first and second partials of a model can be nonzero, read from its text, for every
 * size at once: extended Rosenbrock's Hessian is the pairs (x[i], x[i]), (x[i + 1], x[i]) and
 * (x[i + 1], x[i + 1]) for i = 0 .. n - 2, whatever n is.
 *
 * <p>Each node depends on a set of elements ({@link Spread}: an element of a differentiated
 * input, its index a function of loop variables, some of them ranging over a sum's range). A
 * node couples pairs of them where its second derivative can be nonzero: a product couples
 * one factor's elements with the other's, a quotient also the divisor's with themselves, a
 * nonlinear function all of its arguments' elements with each other; sums, differences and
 * piecewise linear functions (abs, max, comparisons, if) couple none. A pair made in a sum's
 * body ranges over the sum's range once the sum is closed. The answer contains every nonzero
 * partial; it may contain entries that are zero at every point (a product of a sum's terms
 * with an empty range, say).
 */
public final class Interactions {
    /** A loop variable over lo .. hi (the bounds may name sizes and the variables before it). */
    public record Range(String variable, String written, Affine lo, Affine hi) {
        // equals and hashCode written out for start-up, as Step.Loop's
        @Override
        public boolean equals(Object other) {
            return other instanceof Range o && variable.equals(o.variable) && written.equals(o.written)
                    && lo.equals(o.lo) && hi.equals(o.hi);
        }

        @Override
        public int hashCode() {
            return ((31 * variable.hashCode() + written.hashCode()) * 31 + lo.hashCode()) * 31 + hi.hashCode();
        }
    }

    /** An element of a differentiated input: {@code array[indexes]}, or a scalar (no indexes). */
    public record Access(String input, List<Affine> indexes) {
        // equals and hashCode written out for start-up, as Step.Loop's
        @Override
        public boolean equals(Object other) {
            return other instanceof Access o && input.equals(o.input) && indexes.equals(o.indexes);
        }

        @Override
        public int hashCode() {
            return 31 * input.hashCode() + indexes.hashCode();
        }
    }

    /** The accesses for every value of the ranges' variables (named #0, #1, ... in order, outer first). */
    public record Spread(Access access, List<Range> ranges) {
        // equals and hashCode written out for start-up, as Step.Loop's
        @Override
        public boolean equals(Object other) {
            return other instanceof Spread o && access.equals(o.access) && ranges.equals(o.ranges);
        }

        @Override
        public int hashCode() {
            return 31 * access.hashCode() + ranges.hashCode();
        }
    }

    /** The pairs (first, second) for every value of the ranges' variables, named #0, #1, ... outer first. */
    public record Family(Access first, Access second, List<Range> ranges) {
        // equals and hashCode written out for start-up, as Step.Loop's
        @Override
        public boolean equals(Object other) {
            return other instanceof Family o && first.equals(o.first) && second.equals(o.second)
                    && ranges.equals(o.ranges);
        }

        @Override
        public int hashCode() {
            return (31 * first.hashCode() + second.hashCode()) * 31 + ranges.hashCode();
        }
    }

    private final Indexing indexing;
    private final Set<String> arrays;
    private final Set<String> scalars;
    private final Map<Node, Set<Spread>> depends = new HashMap<>();
    private final Map<Node, Set<Family>> local = new HashMap<>();
    private final Map<Node, Set<Family>> closed = new HashMap<>();
    private final Set<Spread> gradient;
    private final Set<Family> hessian;

    /**
     * @param arrays the differentiated arrays
     * @param scalars the differentiated scalars
     */
    public Interactions(Indexing indexing, Node root, Set<String> arrays, Set<String> scalars) {
        this.indexing = indexing;
        this.arrays = arrays;
        this.scalars = scalars;
        for (Node n : Cones.withBodies(indexing, root)) depends.put(n, dependsOn(n));
        this.gradient = depends.get(root);
        Set<Family> all = new LinkedHashSet<>();
        for (Node n : Cones.upToSums(root)) all.addAll(pairsAt(n));
        this.hessian = all;
    }

    /** The elements the value depends on: where its gradient can be nonzero. */
    public Set<Spread> gradient() {
        return gradient;
    }

    /** The pairs of elements its Hessian can couple, each unordered pair in at least one family. */
    public Set<Family> hessian() {
        return hessian;
    }

    /**
     * A family as text, {@code x[i + 1], x[i] for i = 0 .. n - 2}: the later element first where
     * that holds for every value of the variables ({@code order}: the inputs laid end to end).
     */
    public static String describe(Family f, List<String> order) {
        Access first = f.first();
        Access second = f.second();
        if (later(second, first, order)) {
            first = f.second();
            second = f.first();
        }
        List<Range> ranges = readingOrder(f.ranges(), List.of(first, second));
        Map<String, String> names = shownNames(ranges);
        return written(renamed(first, names)) + ", " + written(renamed(second, names)) + ranges(ranges, names);
    }

    /** A spread as text: {@code x[i] for i = 0 .. n - 1}. */
    public static String describe(Spread s) {
        List<Range> ranges = readingOrder(s.ranges(), List.of(s.access()));
        Map<String, String> names = shownNames(ranges);
        return written(renamed(s.access(), names)) + ranges(ranges, names);
    }

    /**
     * The ranges in the order their variables first appear in the accesses (the others after),
     * but each after the ranges its bounds name: so one set of pairs reads the same however
     * it was found.
     */
    private static List<Range> readingOrder(List<Range> ranges, List<Access> accesses) {
        List<Range> wanted = new ArrayList<>();
        for (Access a : accesses) {
            for (Affine index : a.indexes()) {
                for (String name : index.names()) {
                    for (Range r : ranges) if (r.variable().equals(name) && !wanted.contains(r)) wanted.add(r);
                }
            }
        }
        for (Range r : ranges) if (!wanted.contains(r)) wanted.add(r);
        List<Range> placed = new ArrayList<>();
        Set<String> known = new HashSet<>();
        while (!wanted.isEmpty()) {
            Range next = wanted.get(0);
            for (Range r : wanted) {
                if (boundsKnown(r, ranges, known)) {
                    next = r;
                    break;
                }
            }
            wanted.remove(next);
            placed.add(next);
            known.add(next.variable());
        }
        return placed;
    }

    private static boolean boundsKnown(Range r, List<Range> ranges, Set<String> known) {
        for (Range other : ranges) {
            String v = other.variable();
            if ((r.lo().names().contains(v) || r.hi().names().contains(v)) && !known.contains(v)) return false;
        }
        return true;
    }

    private static boolean later(Access a, Access b, List<String> order) {
        if (!a.input().equals(b.input())) return order.indexOf(a.input()) > order.indexOf(b.input());
        for (int k = 0; k < a.indexes().size(); k++) {
            Affine d = a.indexes().get(k).minus(b.indexes().get(k));
            if (!d.isConstant()) return false;
            if (d.constant() != 0) return d.constant() > 0;
        }
        return false;
    }

    /** Each variable by the name the source gave it, primed where two would share one. */
    private static Map<String, String> shownNames(List<Range> ranges) {
        Map<String, String> names = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (Range r : ranges) {
            String name = r.written();
            while (!taken.add(name)) name += "'";
            names.put(r.variable(), name);
        }
        return names;
    }

    private static String written(Access a) {
        return a.indexes().isEmpty() ? a.input() : Indexing.Element.name(a.input(), a.indexes());
    }

    private static String ranges(List<Range> ranges, Map<String, String> names) {
        StringBuilder s = new StringBuilder();
        for (Range r : ranges) {
            s.append(s.length() == 0 ? " for " : ", ").append(names.get(r.variable())).append(" = ")
             .append(renamed(r.lo(), names)).append(" .. ").append(renamed(r.hi(), names));
        }
        return s.toString();
    }

    private Set<Spread> dependsOn(Node n) {
        if (n.op == Op.CONST) return Set.of();
        if (n.op == Op.VAR) {
            Indexing.Element e = indexing.elements().get(n.name);
            if (e != null) {
                return arrays.contains(e.array()) ? Set.of(new Spread(new Access(e.array(), e.indexes()), List.of())) : Set.of();
            }
            Indexing.Reduction r = indexing.reductions().get(n.name);
            if (r != null) {
                Set<Spread> over = new LinkedHashSet<>();
                for (Spread s : depends.get(r.body())) over.add(close(s, r));
                return over;
            }
            return scalars.contains(n.name) ? Set.of(new Spread(new Access(n.name, List.of()), List.of())) : Set.of();
        }
        return switch (n.op) {
            case LT, LE, GT, GE, EQ, NE, SIGN -> Set.of();
            case IF -> union(depends.get(n.b), depends.get(n.c));
            default -> {
                Set<Spread> all = new LinkedHashSet<>();
                for (int k = 0; k < n.op.arity; k++) all.addAll(depends.get(n.arg(k)));
                yield all;
            }
        };
    }

    /** The pairs node n couples: its own, or for a sum, its body's with the sum's variable ranging. */
    private Set<Family> pairsAt(Node n) {
        if (n.op == Op.VAR && indexing.reductions().containsKey(n.name)) return closedPairs(n);
        return local.computeIfAbsent(n, this::ownPairs);
    }

    private Set<Family> ownPairs(Node n) {
        return switch (n.op) {
            case CONST, VAR, ADD, SUB, NEG, ABS, RELU, SIGN, MAX, MIN, LT, LE, GT, GE, EQ, NE, IF -> Set.of();
            case MUL -> pairs(depends.get(n.a), depends.get(n.b));
            case DIV -> union(pairs(depends.get(n.a), depends.get(n.b)), pairs(depends.get(n.b), depends.get(n.b)));
            default -> {
                Set<Spread> all = new LinkedHashSet<>();
                for (int k = 0; k < n.op.arity; k++) all.addAll(depends.get(n.arg(k)));
                yield pairs(all, all);
            }
        };
    }

    /** A sum's, max's or min's body's pairs over its range; a product's also couple its terms with each other. */
    private Set<Family> closedPairs(Node total) {
        Set<Family> done = closed.get(total);
        if (done != null) return done;
        Indexing.Reduction r = indexing.reductions().get(total.name);
        Set<Family> over = new LinkedHashSet<>();
        for (Node n : Cones.upToSums(r.body())) for (Family f : pairsAt(n)) over.add(close(f, r));
        if (r.kind() == Indexing.Kind.PROD) over.addAll(pairs(depends.get(total), depends.get(total)));
        closed.put(total, over);
        return over;
    }

    /** Every pair of an element of {@code a} and one of {@code b}, their ranges independent. */
    private static Set<Family> pairs(Set<Spread> a, Set<Spread> b) {
        if (a.isEmpty() || b.isEmpty()) return Set.of();
        Set<Family> all = new LinkedHashSet<>();
        for (Spread s : a) {
            for (Spread t : b) {
                Map<String, String> shift = new HashMap<>();
                for (int k = 0; k < t.ranges().size(); k++) shift.put(quantified(k), quantified(k + s.ranges().size()));
                List<Range> ranges = new ArrayList<>(s.ranges());
                for (Range r : t.ranges()) ranges.add(renamed(r, shift));
                all.add(new Family(s.access(), renamed(t.access(), shift), List.copyOf(ranges)));
            }
        }
        return all;
    }

    private Spread close(Spread s, Indexing.Reduction r) {
        List<Range> ranges = closing(s.ranges(), r);
        Map<String, String> names = closingNames(r.variable(), s.ranges().size());
        return dropUnused(new Spread(renamed(s.access(), names), ranges));
    }

    private Family close(Family f, Indexing.Reduction r) {
        List<Range> ranges = closing(f.ranges(), r);
        Map<String, String> names = closingNames(r.variable(), f.ranges().size());
        return dropUnused(new Family(renamed(f.first(), names), renamed(f.second(), names), ranges));
    }

    /** The ranges with r's variable first, all renamed: it becomes #0, #k becomes #(k + 1). */
    private static List<Range> closing(List<Range> ranges, Indexing.Reduction r) {
        Map<String, String> names = closingNames(r.variable(), ranges.size());
        List<Range> all = new ArrayList<>();
        all.add(new Range(quantified(0), r.variable(), r.lo(), r.hi()));
        for (Range range : ranges) all.add(renamed(range, names));
        return all;
    }

    private static Map<String, String> closingNames(String variable, int count) {
        Map<String, String> names = new HashMap<>();
        names.put(variable, quantified(0));
        for (int k = 0; k < count; k++) names.put(quantified(k), quantified(k + 1));
        return names;
    }

    /** Without the ranges nothing after them names (a superset: an empty range is assumed not to be). */
    private static Spread dropUnused(Spread s) {
        List<Range> kept = kept(s.ranges(), List.of(s.access()));
        if (kept.size() == s.ranges().size()) return s;
        Map<String, String> names = renumbering(kept);
        return new Spread(renamed(s.access(), names), renamedAll(kept, names));
    }

    private static Family dropUnused(Family f) {
        List<Range> kept = kept(f.ranges(), List.of(f.first(), f.second()));
        if (kept.size() == f.ranges().size()) return f;
        Map<String, String> names = renumbering(kept);
        return new Family(renamed(f.first(), names), renamed(f.second(), names), renamedAll(kept, names));
    }

    private static List<Range> kept(List<Range> ranges, List<Access> accesses) {
        Set<String> used = new HashSet<>();
        for (Access a : accesses) for (Affine i : a.indexes()) used.addAll(i.names());
        List<Range> kept = new ArrayList<>();
        for (int k = ranges.size() - 1; k >= 0; k--) {
            Range r = ranges.get(k);
            if (!used.contains(r.variable())) continue;
            used.addAll(r.lo().names());
            used.addAll(r.hi().names());
            kept.add(0, r);
        }
        return kept;
    }

    private static Map<String, String> renumbering(List<Range> kept) {
        Map<String, String> names = new HashMap<>();
        for (int k = 0; k < kept.size(); k++) names.put(kept.get(k).variable(), quantified(k));
        return names;
    }

    private static List<Range> renamedAll(List<Range> ranges, Map<String, String> names) {
        List<Range> all = new ArrayList<>();
        for (Range r : ranges) all.add(renamed(r, names));
        return List.copyOf(all);
    }

    static String quantified(int k) {
        return "#" + k;
    }

    private static Range renamed(Range r, Map<String, String> names) {
        return new Range(names.getOrDefault(r.variable(), r.variable()), r.written(), renamed(r.lo(), names),
                renamed(r.hi(), names));
    }

    private static Access renamed(Access a, Map<String, String> names) {
        if (a.indexes().isEmpty()) return a;
        List<Affine> indexes = new ArrayList<>();
        for (Affine i : a.indexes()) indexes.add(renamed(i, names));
        return new Access(a.input(), List.copyOf(indexes));
    }

    static Affine renamed(Affine a, Map<String, String> names) {
        Map<String, Long> terms = new TreeMap<>();
        for (Map.Entry<String, Long> t : a.terms().entrySet()) terms.merge(names.getOrDefault(t.getKey(), t.getKey()), t.getValue(), Long::sum);
        terms.values().removeIf(c -> c == 0);
        return new Affine(a.constant(), terms);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
