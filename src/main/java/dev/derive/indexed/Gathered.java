package dev.derive.indexed;

import dev.derive.diff.Rules;
import dev.derive.graph.Affine;
import dev.derive.graph.Graph;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import dev.derive.graph.Substitution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gradient of a model as formulas of the language, one per input, each element's partial
 * gathered from the terms that read it: for extended Rosenbrock,
 * <pre>
 * df_dx[k = 0 .. n - 1] = if(k &lt;= n - 2, -2*(1 - x[k]) - 400*x[k]*(x[k + 1] - x[k]^2), 0)
 *                         + if(k &gt;= 1, 200*(x[k] - x[k - 1]^2), 0)
 * </pre>
 * which derive reads back (an array definition), so the gradient can be differentiated again.
 *
 * <p>Each node's partial with respect to the element x[k] is a list of terms c · [index = k]: a
 * coefficient, and the index of the element it came from (an element read in a sum's body
 * depends on the sum's variable). The chain rule scales a node's arguments' terms by the rules
 * of {@link Rules}; a sum over i adds its body's terms over i, which for a term whose index is
 * ±i + e in some dimension leaves the one i that reads x[k], i = ±(k − e), where it is in the
 * range (that condition is dropped where it holds for every k); a term whose index does not
 * involve i becomes a sum of its coefficient, and one whose index is 2i + e, say, a sum over i
 * of its coefficient where the index is k. Products, maxima and minima weigh their terms as
 * reverse mode does ({@link Weights}). This is the gradient's meaning, not the order its loops
 * add in: its numbers agree with the compiled gradient's to rounding, not to the bit.
 */
public final class Gathered {
    private final Graph graph;
    private final Map<String, Indexing.Element> elements;
    private final Map<String, Indexing.Reduction> reductions;
    private final Substitution substitution;
    private final Map<String, Indexing.Reduction> original;

    /** One term: a coefficient, and for each dimension the index that must equal k there (null: none). */
    private record Term(List<Affine> index, Node coefficient) {}

    private Gathered(Graph graph, Indexing indexing, Set<String> loopVariables) {
        this.graph = graph;
        this.elements = new LinkedHashMap<>(indexing.elements());
        this.reductions = new LinkedHashMap<>(indexing.reductions());
        this.original = indexing.reductions();
        this.substitution = new Substitution(graph, elements, reductions, loopVariables);
    }

    /**
     * Each input's partials as a statement of the language: {@code df_dx[k = 0 .. n - 1] = ...}
     * for an array (through the last element the model reads), {@code df_db = ...} for a scalar;
     * null where the text would be longer than {@link #MAX_OPERATIONS} operations.
     *
     * @param name the model's value's name (f)
     * @param taken every name the program uses
     */
    public static Map<String, String> of(Graph graph, Indexing indexing, Node value, String name, List<String> wrtArrays,
                                         List<String> wrtScalars, Set<String> taken) {
        Set<String> used = new java.util.HashSet<>(taken);
        used.addAll(indexing.loopVariables());
        used.addAll(indexing.sizes());
        used.addAll(indexing.arrays().keySet());
        List<String> indexes = new ArrayList<>();
        for (String wanted : new String[] {"k", "l"}) indexes.add(fresh(wanted, used));
        Set<String> loops = new java.util.HashSet<>(indexing.loopVariables());
        loops.addAll(indexes);
        Map<String, String> out = new LinkedHashMap<>();
        for (String array : wrtArrays) {
            Gathered g = new Gathered(graph, indexing, loops);
            int rank = indexing.arrays().get(array);
            List<Affine> lasts = g.lasts(value, array, rank);
            Node partial = g.partial(value, array, indexes.subList(0, rank), lasts);
            StringBuilder head = new StringBuilder(fresh("d" + name + "_d" + array, used)).append('[');
            for (int d = 0; d < rank; d++) {
                head.append(d == 0 ? "" : ", ").append(indexes.get(d)).append(" = 0 .. ").append(lasts.get(d));
            }
            String text = g.text(partial, used);
            out.put(array, text == null ? null : head.append("] = ").append(text).toString());
        }
        for (String scalar : wrtScalars) {
            Gathered g = new Gathered(graph, indexing, loops);
            Node partial = g.partial(value, scalar, List.of(), List.of());
            String text = g.text(partial, used);
            out.put(scalar, text == null ? null : fresh("d" + name + "_d" + scalar, used) + " = " + text);
        }
        return out;
    }

    private static String fresh(String wanted, Set<String> used) {
        String name = wanted;
        for (int k = 1; used.contains(name); k++) name = wanted + k;
        used.add(name);
        return name;
    }

    /** The partial of {@code value} with respect to input[k, l], for k, l over their ranges. */
    private Node partial(Node value, String input, List<String> indexes, List<Affine> lasts) {
        Map<Node, List<Term>> partials = new HashMap<>();
        substitution.after(value, partials, n -> terms(n, input, indexes, lasts, partials));
        Node sum = graph.constant(0);
        for (Term t : partials.get(value)) {
            Node c = t.coefficient();
            for (int d = t.index().size() - 1; d >= 0; d--) {
                Affine index = t.index().get(d);
                if (index == null) continue;
                Node k = graph.variable(indexes.get(d));
                c = graph.select(graph.apply(Op.EQ, k, substitution.node(index)), c, graph.constant(0));
            }
            sum = graph.add(sum, c);
        }
        return sum;
    }

    private List<Term> terms(Node n, String input, List<String> indexes, List<Affine> lasts,
                             Map<Node, List<Term>> partials) {
        if (n.op == Op.VAR) {
            Indexing.Element e = elements.get(n.name);
            if (e != null) return e.array().equals(input) ? List.of(new Term(e.indexes(), graph.constant(1))) : List.of();
            Indexing.Reduction r = reductions.get(n.name);
            if (r != null) return overRange(r, n, partials.get(r.body()), indexes, lasts);
            return n.name.equals(input) && indexes.isEmpty() ? List.of(new Term(List.of(), graph.constant(1))) : List.of();
        }
        Map<List<Affine>, Node> sum = new LinkedHashMap<>();
        for (int a = 0; a < n.op.arity; a++) {
            for (Term t : partials.get(n.arg(a))) {
                add(sum, t.index(), Rules.adjoint(graph, n, t.coefficient(), a));
            }
        }
        return list(sum);
    }

    /** The terms of a sum, product, max or min over r's range, from its body's. */
    private List<Term> overRange(Indexing.Reduction r, Node total, List<Term> body, List<String> indexes,
                                 List<Affine> lasts) {
        if (body.isEmpty()) return List.of();
        Node weight = weight(r, total);
        Map<List<Affine>, Node> sum = new LinkedHashMap<>();
        for (Term t : body) {
            Node c = weight == null ? t.coefficient() : graph.mul(weight, t.coefficient());
            Term collapsed = collapse(r, new Term(t.index(), c), indexes, lasts);
            add(sum, collapsed.index(), collapsed.coefficient());
        }
        return list(sum);
    }

    /** How much a term's partial counts in a product, max or min of the terms (null: 1, for a sum). */
    private Node weight(Indexing.Reduction r, Node total) {
        Node t = r.body();
        return switch (r.kind()) {
            case SUM -> null;
            case PROD -> Weights.others(graph, t, over(r, Indexing.Kind.SUM, Weights.isZero(graph, t)),
                    over(r, Indexing.Kind.PROD, Weights.nonZero(graph, t)));
            case MAX, MIN -> Weights.split(graph, t, total, over(r, Indexing.Kind.SUM, Weights.chosen(graph, t, total)),
                    graph.constant(1));
        };
    }

    private Node over(Indexing.Reduction r, Indexing.Kind kind, Node body) {
        return substitution.reduction(new Indexing.Reduction(kind, r.variable(), r.lo(), r.hi(), body, r.line(), r.column()));
    }

    /** A term summed over r's variable i: solved for i where its index is ±i + e, else summed. */
    private Term collapse(Indexing.Reduction r, Term t, List<String> indexes, List<Affine> lasts) {
        String i = r.variable();
        List<Affine> index = t.index();
        int solvable = -1;
        boolean involved = false;
        for (int d = 0; d < index.size(); d++) {
            if (index.get(d) == null || index.get(d).coefficient(i) == 0) continue;
            involved = true;
            if (solvable < 0 && Math.abs(index.get(d).coefficient(i)) == 1) solvable = d;
        }
        if (!involved) {
            return new Term(index, sum(r, t.coefficient()));
        }
        if (solvable < 0) {
            // a stride: the sum over i of the coefficient where the index is k
            Node c = t.coefficient();
            List<Affine> left = new ArrayList<>(index);
            for (int d = index.size() - 1; d >= 0; d--) {
                if (index.get(d) == null || index.get(d).coefficient(i) == 0) continue;
                Node k = graph.variable(indexes.get(d));
                c = graph.select(graph.apply(Op.EQ, k, substitution.node(index.get(d))), c, graph.constant(0));
                left.set(d, null);
            }
            return new Term(left, sum(r, c));
        }
        // index[d] = c*i + e = k, so i = c*(k - e)
        Affine e = index.get(solvable);
        long c = e.coefficient(i);
        Affine rest = e.with(i, Affine.of(0));
        Affine solved = Affine.name(indexes.get(solvable)).minus(rest).times(c);
        Node coefficient = substitution.replace(t.coefficient(), i, solved);
        List<Affine> left = new ArrayList<>();
        for (int d = 0; d < index.size(); d++) {
            left.add(d == solvable || index.get(d) == null ? null : index.get(d).with(i, solved));
        }
        Affine lo = r.lo();
        Affine hi = r.hi();
        Node zero = graph.constant(0);
        if (!alwaysAtLeast(solved.minus(hi), indexes, lasts, true)) {
            coefficient = graph.select(comparison(Op.LE, solved.minus(hi), indexes), coefficient, zero);
        }
        if (!alwaysAtLeast(solved.minus(lo), indexes, lasts, false)) {
            coefficient = graph.select(comparison(Op.GE, solved.minus(lo), indexes), coefficient, zero);
        }
        return new Term(left, coefficient);
    }

    /** {@code difference op 0}, written with the indexes on the left and the rest on the right: {@code k <= n - 2}. */
    private Node comparison(Op op, Affine difference, List<String> indexes) {
        Affine left = Affine.of(0);
        for (String k : indexes) left = left.plus(Affine.name(k).times(difference.coefficient(k)));
        if (left.isConstant()) left = difference.minus(Affine.of(difference.constant()));
        Affine right = left.minus(difference);
        for (String k : indexes) {
            long c = left.coefficient(k);
            if (c == 0) continue;
            if (c < 0) {
                // -k >= 1 - n reads better as k <= n - 1
                left = left.times(-1);
                right = right.times(-1);
                op = op == Op.LE ? Op.GE : Op.LE;
            }
            break;
        }
        return graph.apply(op, substitution.node(left), substitution.node(right));
    }

    /**
     * Whether {@code a} ≥ 0 (or, with {@code atMost}, ≤ 0) for every value of the indexes, each
     * 0 .. its last, and of the sizes: its extreme over the indexes is a constant of that sign.
     */
    private static boolean alwaysAtLeast(Affine a, List<String> indexes, List<Affine> lasts, boolean atMost) {
        Affine extreme = atMost ? a.times(-1) : a;
        for (int d = 0; d < indexes.size(); d++) {
            long coefficient = extreme.coefficient(indexes.get(d));
            if (coefficient == 0) continue;
            extreme = extreme.with(indexes.get(d), coefficient > 0 ? Affine.of(0) : lasts.get(d));
        }
        return extreme.isConstant() && extreme.constant() >= 0;
    }

    private Node sum(Indexing.Reduction r, Node body) {
        if (body.isConstant(0)) return body;
        return over(r, Indexing.Kind.SUM, body);
    }

    private void add(Map<List<Affine>, Node> sum, List<Affine> index, Node coefficient) {
        if (coefficient.isConstant(0)) return;
        sum.merge(index, coefficient, graph::add);
    }

    private static List<Term> list(Map<List<Affine>, Node> sum) {
        List<Term> terms = new ArrayList<>();
        for (Map.Entry<List<Affine>, Node> e : sum.entrySet()) {
            if (!e.getValue().isConstant(0)) terms.add(new Term(e.getKey(), e.getValue()));
        }
        return terms;
    }

    /**
     * The last index of each dimension of {@code array} the model reads: the largest over its
     * reads of each index's largest value over the ranges around it, where one is largest for
     * every size (else one that depends on the sizes).
     */
    private List<Affine> lasts(Node value, String array, int rank) {
        List<List<Affine>> reaches = new ArrayList<>();
        for (int d = 0; d < rank; d++) reaches.add(new ArrayList<>());
        record Visit(Node node, Map<String, Indexing.Reduction> ranges) {}
        Deque<Visit> work = new ArrayDeque<>();
        java.util.Set<Visit> seen = new java.util.HashSet<>();
        work.push(new Visit(value, Map.of()));
        while (!work.isEmpty()) {
            Visit v = work.pop();
            if (!seen.add(v)) continue;
            Node n = v.node();
            Indexing.Element e = n.op == Op.VAR ? elements.get(n.name) : null;
            Indexing.Reduction r = n.op == Op.VAR ? original.get(n.name) : null;
            if (e != null && e.array().equals(array)) {
                for (int d = 0; d < rank; d++) reaches.get(d).add(largest(e.indexes().get(d), v.ranges()));
            } else if (r != null) {
                Map<String, Indexing.Reduction> inner = new HashMap<>(v.ranges());
                inner.put(r.variable(), r);
                work.push(new Visit(r.body(), inner));
            } else {
                for (int k = 0; k < n.op.arity; k++) work.push(new Visit(n.arg(k), v.ranges()));
            }
        }
        List<Affine> lasts = new ArrayList<>();
        for (List<Affine> found : reaches) {
            Affine best = found.isEmpty() ? Affine.of(0) : found.get(0);
            for (Affine a : found) {
                if (Substitution.atLeast(a, best) && !Substitution.atLeast(best, a)
                        || best.isConstant() && !a.isConstant() && !Substitution.atLeast(best, a)) {
                    best = a;
                }
            }
            lasts.add(best);
        }
        return lasts;
    }

    /** The largest value of {@code index} over the ranges (innermost bound first, as bounds name outer variables). */
    private static Affine largest(Affine index, Map<String, Indexing.Reduction> ranges) {
        Affine a = index;
        for (int guard = 0; guard <= 4 * ranges.size(); guard++) {
            String variable = null;
            for (String name : a.names()) if (ranges.containsKey(name)) variable = name;
            if (variable == null) break;
            Indexing.Reduction r = ranges.get(variable);
            a = a.with(variable, a.coefficient(variable) > 0 ? r.hi() : r.lo());
        }
        return a;
    }

    /** Formulas longer than this many operations are not written (the text repeats each shared value). */
    static final long MAX_OPERATIONS = 200_000;

    /** A node as text of the language, its sums written out, no two nested sums over one variable; null if too long. */
    private String text(Node n, Set<String> used) {
        if (substitution.writtenSize(n, MAX_OPERATIONS + 1) > MAX_OPERATIONS) return null;
        return Listing.formula(graph, reductions, substitution.separateLoops(n, () -> {
            String base = "i";
            String name = base;
            for (int k = 1; used.contains(name); k++) name = base + k;
            used.add(name);
            return name;
        }));
    }
}
