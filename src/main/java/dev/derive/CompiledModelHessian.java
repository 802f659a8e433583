package dev.derive;

import dev.derive.indexed.Interactions;
import dev.derive.indexed.SparsePattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The sparse Hessian of a {@link Model} with respect to the inputs chosen, for arrays of any
 * size bound at each call. Which entries can be nonzero is read from the text once, for every
 * size ({@link #structure()}: extended Rosenbrock's is {@code x[i], x[i]}, {@code x[i + 1], x[i]}
 * and {@code x[i + 1], x[i + 1]} for i = 0 .. n − 2); {@link #pattern} writes it out for the
 * sizes bound and colours its columns, and {@link #sparseHessian} computes the entries with one
 * Hessian-vector product per colour (3 for any tridiagonal Hessian), each a compiled reverse
 * sweep over the model's forward-mode derivative, loops and all.
 *
 * <pre>{@code
 * CompiledModelHessian h = Model.parse(rosenbrock).hessian("x");
 * Bindings b = h.bind().array("x", x);
 * CompiledModelHessian.Pattern p = h.pattern(b);        // once per shape
 * double[] entries = h.sparseHessian(b, p, null);      // at p.row(k), p.column(k)
 * }</pre>
 *
 * Immutable and thread-safe; bindings and patterns are one per thread.
 */
public final class CompiledModelHessian {
    private final Model model;
    /** The tangent model's gradient: H·v. */
    private final CompiledModel products;
    private final Interactions interactions;
    private final List<String> wrtArrays;
    private final List<String> wrtScalars;
    private final Directions directions;

    CompiledModelHessian(Model model, List<String> wrtArrays, List<String> wrtScalars, Interactions interactions,
                         Model.Tuning tuning) {
        this.model = model;
        this.wrtArrays = wrtArrays;
        this.wrtScalars = wrtScalars;
        List<String> wrt = wrt();
        this.interactions = interactions;
        Model tangent = model.tangent(wrt.toArray(String[]::new));
        this.products = tangent.compile(wrt, tuning);
        this.directions = new Directions(model, tangent, wrtArrays, wrtScalars);
    }

    /** The inputs differentiated with respect to: arrays, then scalars, laid end to end in this order. */
    public List<String> wrt() {
        List<String> all = new ArrayList<>(wrtArrays);
        all.addAll(wrtScalars);
        return all;
    }

    /**
     * The entries that can be nonzero, for every size: each a pair of elements and the ranges
     * of its variables, {@code x[i + 1], x[i] for i = 0 .. n - 2}; the later element first where
     * that holds for every i; in alphabetical order. Each pair of elements is in at least one line.
     */
    public List<String> structure() {
        return structure(interactions, wrt());
    }

    /** The elements the gradient can be nonzero at, for every size: {@code x[i] for i = 0 .. n - 1}. */
    public List<String> gradientStructure() {
        return gradientStructure(interactions);
    }

    static List<String> structure(Interactions interactions, List<String> wrt) {
        java.util.TreeSet<String> lines = new java.util.TreeSet<>();
        for (Interactions.Family f : interactions.hessian()) lines.add(Interactions.describe(f, wrt));
        return List.copyOf(lines);
    }

    static List<String> gradientStructure(Interactions interactions) {
        java.util.TreeSet<String> lines = new java.util.TreeSet<>();
        for (Interactions.Spread s : interactions.gradient()) lines.add(Interactions.describe(s));
        return List.copyOf(lines);
    }

    /** Empty bindings for the model's inputs (the directions the products need are bound here, not by you). */
    public Bindings bind() {
        return products.bind();
    }

    /**
     * The Hessian's lower triangle for the shapes in {@code b}, and its columns' colours.
     *
     * @throws IllegalArgumentException if the bindings are incomplete or do not fit the model
     */
    public Pattern pattern(Bindings b) {
        Map<String, Long> sizes = directions.sizes(b, products);
        Map<String, SparsePattern.Place> places = directions.places(b);
        SparsePattern sparse = SparsePattern.of(interactions.hessian(), places, Directions.end(places), sizes::get);
        return new Pattern(sparse, places, directions.key(b, products));
    }

    /**
     * The entries of the Hessian's lower triangle at the point bound, in {@code p}'s order: one
     * Hessian-vector product per colour of {@code p}.
     *
     * @param values where to put them (length {@code p.rows().length}), or null for a new array
     * @return the entries
     * @throws IllegalArgumentException if {@code p} was made for other shapes
     */
    public double[] sparseHessian(Bindings b, Pattern p, double[] values) {
        if (!Arrays.equals(p.key, directions.key(b, products))) {
            throw new IllegalArgumentException("this pattern was made for other shapes or sizes; make one with pattern(b)");
        }
        int entries = p.sparse.rows().length;
        double[] out = values != null ? values : new double[entries];
        if (out.length != entries) throw new IllegalArgumentException("values has " + out.length + " places, the pattern " + entries);
        List<double[]> along = directions.bind(b);
        if (p.products == null) p.products = products.newGradient(b);
        CompiledModel.Gradient g = p.products;
        double[][] parts = new double[p.offsets.length][];
        for (int colour = 0; colour < p.sparse.colours(); colour++) {
            directions.set(b, along, p, colour, 1);
            products.valueAndGradient(b, g);
            directions.set(b, along, p, colour, 0);
            for (int k = 0; k < wrtArrays.size(); k++) parts[k] = g.array(wrtArrays.get(k));
            for (int k = 0; k < wrtScalars.size(); k++) parts[wrtArrays.size() + k] = new double[] {g.scalar(wrtScalars.get(k))};
            // a colour's entries are in row order, so the input a row is in only moves forward
            int input = 0;
            for (int k = p.entryStart[colour]; k < p.entryStart[colour + 1]; k++) {
                int e = p.entryOrder[k];
                int row = p.sparse.rows()[e];
                while (input + 1 < p.offsets.length && p.offsets[input + 1] <= row) input++;
                out[e] = parts[input][row - p.offsets[input]];
            }
        }
        return out;
    }

    /**
     * The Hessian's lower triangle for one set of shapes: entry k is at row {@link #rows()}[k]
     * and column {@link #columns()}[k] (row ≥ column) among the inputs laid end to end, arrays
     * (row-major) then scalars, in {@link #wrt()}'s order; {@link #name} says which element a
     * position is.
     */
    public static final class Pattern {
        final SparsePattern sparse;
        private final List<String> inputs;
        private final List<SparsePattern.Place> places;
        final int[] offsets;
        final long[] key;
        final int[] columnStart;
        final int[] columnOrder;
        final int[] entryStart;
        final int[] entryOrder;
        /** The Hessian- (or Jacobian-) vector products' place, kept between evaluations. */
        CompiledModel.Gradient products;

        Pattern(SparsePattern sparse, Map<String, SparsePattern.Place> places, long[] key) {
            this.sparse = sparse;
            this.inputs = List.copyOf(places.keySet());
            this.places = List.copyOf(places.values());
            this.offsets = new int[inputs.size()];
            for (int k = 0; k < offsets.length; k++) offsets[k] = this.places.get(k).offset();
            this.key = key;
            int colours = sparse.colours();
            this.columnStart = new int[colours + 1];
            this.columnOrder = new int[sparse.size()];
            int[] columnColours = new int[sparse.size()];
            for (int c = 0; c < sparse.size(); c++) columnColours[c] = sparse.colour(c);
            group(columnColours, columnStart, columnOrder);
            int[] entryColours = new int[sparse.rows().length];
            for (int e = 0; e < entryColours.length; e++) entryColours[e] = sparse.colour(sparse.columns()[e]);
            this.entryStart = new int[colours + 1];
            this.entryOrder = new int[entryColours.length];
            group(entryColours, entryStart, entryOrder);
        }

        /** Items by group: group g's items are order[start[g] .. start[g + 1]); those of group −1 are left out. */
        private static void group(int[] groupOf, int[] start, int[] order) {
            for (int g : groupOf) if (g >= 0) start[g + 1]++;
            for (int k = 1; k < start.length; k++) start[k] += start[k - 1];
            int[] at = Arrays.copyOf(start, start.length - 1);
            for (int item = 0; item < groupOf.length; item++) if (groupOf[item] >= 0) order[at[groupOf[item]]++] = item;
        }

        /** The number of inputs (elements and scalars): the Hessian is size × size. */
        public int size() {
            return sparse.size();
        }

        /** Each entry's row, a copy (take it once, not once per entry; or use {@link #row}). */
        public int[] rows() {
            return sparse.rows().clone();
        }

        /** Each entry's column, a copy (take it once, not once per entry; or use {@link #column}). */
        public int[] columns() {
            return sparse.columns().clone();
        }

        /** Entry k's row. */
        public int row(int k) {
            return sparse.rows()[k];
        }

        /** Entry k's column. */
        public int column(int k) {
            return sparse.columns()[k];
        }

        /** The number of entries. */
        public int entries() {
            return sparse.rows().length;
        }

        /** The number of colours: the Hessian-vector products an evaluation takes. */
        public int colours() {
            return sparse.colours();
        }

        /** The element at {@code position}: {@code x[3]}, {@code X[1, 2]} or {@code b}. */
        public String name(int position) {
            if (position < 0 || position >= size()) throw new IndexOutOfBoundsException(position);
            int input = inputOf(position);
            SparsePattern.Place p = places.get(input);
            long local = position - p.offset();
            return switch (p.rank()) {
                case 0 -> inputs.get(input);
                case 1 -> inputs.get(input) + "[" + local + "]";
                default -> inputs.get(input) + "[" + local / p.columns() + ", " + local % p.columns() + "]";
            };
        }

        /** Where {@code input} starts among the positions. */
        public int offset(String input) {
            int k = inputs.indexOf(input);
            if (k < 0) throw new IllegalArgumentException("'" + input + "' is not differentiated; these are " + inputs);
            return offsets[k];
        }

        private int inputOf(int position) {
            int k = Arrays.binarySearch(offsets, position);
            if (k >= 0) {
                while (k + 1 < offsets.length && offsets[k + 1] == position) k++;
                return k;
            }
            return -k - 2;
        }
    }
}
