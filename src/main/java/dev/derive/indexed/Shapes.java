package dev.derive.indexed;

import dev.derive.graph.Affine;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sizes that follow from the data. Where a sum over {@code i = a .. n + k} reads {@code x[i + c]},
 * the largest index it reads is {@code n + k + c}, so {@code x}'s length bounds n. A size not
 * given is the largest every such access allows, and that must be exactly what the arrays
 * have: each array that bounds it is then read to its last element. (So {@code x[i+1]} and
 * {@code x[i]} over {@code i = 0 .. n-2} make n the length of x, and a y one shorter than X's
 * rows is an error, not a silently unread row.) A size given explicitly is taken as it is; the
 * accesses are checked against the arrays either way. An element read only in a branch of an
 * if ({@link Guards}) may stop short of the end, as its branch may not be taken there, so it
 * counts where every access is in a branch, or where it surely reaches the end; then n is the
 * tightest bound they give, each reaching only as far as its branch is taken where the
 * condition compares the loop variable with the size: in {@code if(i < n-1, x[i+1] - x[i], 0)}
 * over i = 0 .. n-1, x[i+1] reaches x[n-1], so n is x's length. Such a read is sure to reach
 * that far, so it also bounds n beside reads outside any branch; one on a condition of the data
 * ({@code if(c[i], x[i+1], 0)}) does not.
 */
public final class Shapes {
    /**
     * An access whose index in dimension {@code dim} of {@code array} reaches {@code size + offset}
     * (if {@code guarded}, at most: it is in a branch of an if, and may stop short of the end,
     * unless it is {@code sure} to get there, its branch taken at the end of every long range).
     */
    private record Reach(String array, int dim, long offset, boolean guarded, boolean sure) {}

    private final Map<String, List<Reach>> reaches = new LinkedHashMap<>();

    /**
     * @param root the value computed: only the sums it is made from count (a derivative's graph
     *     holds the original's sums too, whose elements' guards were not looked for)
     * @param outputs arrays whose shapes follow from the sizes (an array output's), not the other way
     */
    public Shapes(Scopes scopes, Node root, Set<String> outputs) {
        Indexing indexing = scopes.indexing();
        for (String size : indexing.sizes()) reaches.put(size, new ArrayList<>());
        Set<String> used = new HashSet<>();
        for (Node n : Cones.withBodies(indexing, root)) if (n.op == Op.VAR) used.add(n.name);
        for (Indexing.Reduction r : indexing.reductions().values()) {
            if (!used.contains(r.name())) continue;
            String size = single(r.hi());
            if (size == null || !indexing.sizes().contains(size)) continue;
            for (Node n : elementsIn(scopes, r.body())) {
                Indexing.Element e = scopes.element(n);
                if (outputs.contains(e.array())) continue;
                List<List<Guards.Branch>> paths = scopes.guards().paths(n, scopes.graph().variable(r.name()));
                long k = last(r, size, paths);
                // an element also read outside any branch bounds the size as an unguarded one does
                boolean guarded = scopes.guarded(n) && !paths.contains(List.of());
                boolean sure = !guarded || sure(r, size, paths, k);
                for (int d = 0; d < e.indexes().size(); d++) {
                    Affine index = e.indexes().get(d);
                    if (r.variable().equals(single(index))) {
                        reaches.get(size).add(new Reach(e.array(), d, k + index.constant(), guarded, sure));
                    }
                }
            }
        }
    }

    /**
     * The last value of r's variable, as size + k, where an element on these paths is read: the
     * range's last, or less where a branch on the path is taken only below it ({@code i < n-1}
     * is taken up to n - 2).
     */
    private static long last(Indexing.Reduction r, String size, List<List<Guards.Branch>> paths) {
        if (paths.isEmpty()) return r.hi().constant();
        long furthest = Long.MIN_VALUE;
        for (List<Guards.Branch> path : paths) furthest = Math.max(furthest, lastOn(r, size, path));
        return furthest;
    }

    /**
     * Whether an element on these paths is surely read where r's variable is size + k, the last
     * they allow: on a path whose last that is, every branch is taken there for every large size
     * (each condition compares the variable and the size alone: {@code i < n-1}, {@code i > 0}).
     */
    private static boolean sure(Indexing.Reduction r, String size, List<List<Guards.Branch>> paths, long k) {
        for (List<Guards.Branch> path : paths) {
            if (lastOn(r, size, path) != k) continue;
            boolean taken = true;
            for (Guards.Branch b : path) taken &= takenAt(r, size, b, k);
            if (taken) return true;
        }
        return false;
    }

    /** Whether branch b is taken where r's variable is size + k, for every large enough size. */
    private static boolean takenAt(Indexing.Reduction r, String size, Guards.Branch b, long k) {
        Node c = b.condition();
        Affine difference = comparison(c); // the condition is: difference op 0
        if (difference == null) return false;
        for (String name : difference.terms().keySet()) {
            if (!name.equals(r.variable()) && !name.equals(size)) return false;
        }
        long slope = difference.coefficient(r.variable()) + difference.coefficient(size);
        long sign = slope != 0 ? Long.signum(slope) : Long.signum(difference.coefficient(r.variable()) * k + difference.constant());
        boolean holds = switch (c.op) {
            case LT -> sign < 0;
            case LE -> sign <= 0;
            case GT -> sign > 0;
            default -> sign >= 0;
        };
        return holds == b.then();
    }

    /** For a comparison of integer expressions, {@code a < b} and the like, a - b; else null. */
    private static Affine comparison(Node c) {
        if (c.op != Op.LT && c.op != Op.LE && c.op != Op.GT && c.op != Op.GE) return null;
        Affine left = Affine.of(c.a);
        Affine right = Affine.of(c.b);
        return left == null || right == null ? null : left.minus(right);
    }

    private static long lastOn(Indexing.Reduction r, String size, List<Guards.Branch> path) {
        long k = r.hi().constant();
        for (Guards.Branch b : path) {
            Node c = b.condition();
            Affine compared = comparison(c);
            if (compared == null) continue;
            // as variable - size <= bound where the branch is taken
            boolean below = (c.op == Op.LT || c.op == Op.LE) == b.then();
            Affine difference = below ? compared : compared.times(-1);
            boolean strict = b.then() ? c.op == Op.LT || c.op == Op.GT : c.op == Op.GE || c.op == Op.LE;
            if (difference.terms().size() != 2 || difference.coefficient(r.variable()) != 1
                    || difference.coefficient(size) != -1) {
                continue;
            }
            long bound = -difference.constant() - (strict ? 1 : 0);
            k = Math.min(k, bound);
        }
        return k;
    }

    /** The name of {@code a} if it is that name plus a constant, else null. */
    private static String single(Affine a) {
        if (a.terms().size() != 1) return null;
        Map.Entry<String, Long> t = a.terms().entrySet().iterator().next();
        return t.getValue() == 1 ? t.getKey() : null;
    }

    private static List<Node> elementsIn(Scopes scopes, Node body) {
        List<Node> found = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        Deque<Node> work = new ArrayDeque<>();
        work.push(body);
        seen.add(body);
        while (!work.isEmpty()) {
            Node n = work.pop();
            switch (scopes.kind(n)) {
                case ELEMENT -> found.add(n);
                case REDUCTION -> {
                    Node inner = scopes.reduction(n).body();
                    if (seen.add(inner)) work.push(inner);
                }
                case OPERATION -> {
                    for (int k = 0; k < n.op.arity; k++) if (seen.add(n.arg(k))) work.push(n.arg(k));
                }
                default -> { }
            }
        }
        return found;
    }

    /**
     * Each size's value, in {@link Layout} order: the one given, or the one the arrays imply.
     *
     * @param dims the bound arrays' rows and columns, in {@link Layout} order
     * @throws IllegalArgumentException if a size is neither given nor implied, or arrays disagree
     */
    public int[] sizes(Layout layout, int[] dims, Map<String, Integer> given) {
        int[] sizes = new int[layout.sizes().size()];
        for (int s = 0; s < sizes.length; s++) {
            String size = layout.sizes().get(s);
            Integer value = given.get(size);
            sizes[s] = value != null ? value : implied(size, layout, dims);
        }
        return sizes;
    }

    private int implied(String size, Layout layout, int[] dims) {
        List<Reach> rs = reaches.get(size);
        // reads outside any branch set the size, and reads in a branch that surely reach theirs bound it too
        if (rs.stream().anyMatch(r -> !r.guarded())) rs = rs.stream().filter(Reach::sure).toList();
        if (rs.isEmpty()) {
            throw new IllegalArgumentException("size '" + size + "' is not given, and no array's length says what it"
                    + " is: give it (--size " + size + "=..., or Bindings.size)");
        }
        long best = Long.MAX_VALUE;
        Reach tightest = null;
        for (Reach r : rs) {
            long bound = length(r, layout, dims) - 1 - r.offset();
            if (bound < best) {
                best = bound;
                tightest = r;
            }
        }
        Map<String, Long> furthest = new LinkedHashMap<>();
        for (Reach r : rs) furthest.merge(r.array() + "#" + r.dim(), r.offset(), Math::max);
        for (Reach r : rs) {
            if (r.guarded()) continue; // every access is in a branch: the tightest bound, as far as it is known
            long reached = best + furthest.get(r.array() + "#" + r.dim());
            int length = length(r, layout, dims);
            if (reached != length - 1) {
                throw new IllegalArgumentException("arrays disagree about size '" + size + "': " + describe(tightest, layout,
                        dims) + " makes it " + best + ", but then " + dimension(r, layout) + " 0 .. " + reached + " of "
                        + r.array() + "'s " + length + " would be read; give arrays that agree, or give the size itself");
            }
        }
        if (best > Integer.MAX_VALUE) throw new IllegalArgumentException("size '" + size + "' is too large: " + best);
        return (int) best;
    }

    private static int length(Reach r, Layout layout, int[] dims) {
        return dims[2 * layout.array(r.array()) + r.dim()];
    }

    private static String dimension(Reach r, Layout layout) {
        return layout.ranks().get(layout.array(r.array())) == 1 ? "elements" : r.dim() == 0 ? "rows" : "columns";
    }

    private static String describe(Reach r, Layout layout, int[] dims) {
        int length = length(r, layout, dims);
        if (layout.ranks().get(layout.array(r.array())) == 1) return r.array() + "'s length " + length;
        return r.array() + "'s " + (r.dim() == 0 ? "rows" : "columns") + " (" + length + ")";
    }
}
