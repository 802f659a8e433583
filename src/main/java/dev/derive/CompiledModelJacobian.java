package dev.derive;

import dev.derive.indexed.Interactions;
import dev.derive.indexed.SparsePattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The sparse Jacobian of a {@link Model} whose value is an array, {@code r[k = 0 .. n-2] =
 * x[k+1] - x[k]^2}, with respect to the inputs chosen, for arrays of any size bound at each
 * call. Which entries can be nonzero is read from the text once, for every size
 * ({@link #structure()}: {@code r[k], x[k + 1] for k = 0 .. n - 2} and {@code r[k], x[k]});
 * {@link #pattern} writes it out for the sizes bound and colours the input columns, no two of
 * one colour in the same row, and {@link #sparseJacobian} computes the entries with one
 * Jacobian-vector product per colour (2 here, whatever n), each a compiled loop.
 *
 * <pre>{@code
 * CompiledModelJacobian j = Model.parse("r[k = 0 .. n-2] = x[k+1] - x[k]^2").jacobian("x");
 * Bindings b = j.bind().array("x", x);
 * CompiledModelHessian.Pattern p = j.pattern(b);    // once per shape
 * double[] entries = j.sparseJacobian(b, p, null); // d r[k] / d x[c]: p.name(p.row(e)), p.name(p.column(e))
 * }</pre>
 *
 * A pattern's rows are the output's elements, placed after the inputs ({@code p.offset(name())});
 * its columns are the inputs', laid end to end, arrays (row-major) then scalars, in
 * {@link #wrt()}'s order. Immutable and thread-safe; bindings and patterns are one per thread.
 */
public final class CompiledModelJacobian {
    private final Model model;
    private final String output;
    private final List<String> wrtArrays;
    private final List<String> wrtScalars;
    private final CompiledModel products;
    private final Directions directions;
    /** The pairs (output element, input element) the Jacobian can have. */
    private final List<Interactions.Family> families = new ArrayList<>();

    CompiledModelJacobian(Model model, List<String> wrtArrays, List<String> wrtScalars, Model.Tuning tuning) {
        this.model = model;
        this.output = model.name();
        this.wrtArrays = wrtArrays;
        this.wrtScalars = wrtScalars;
        Model tangent = model.tangentOf(wrt().toArray(String[]::new));
        this.products = tangent.compileAny(List.of(output), List.of(), tuning);
        this.directions = new Directions(model, tangent, wrtArrays, wrtScalars);
        List<String> arrays = new ArrayList<>(wrtArrays);
        arrays.add(output);
        // the stand-in is sum(k, r[k] * body): its second partials across r[k] and an input are d body / d input
        for (Interactions.Family f : model.interactions(arrays, wrtScalars).hessian()) {
            if (f.first().input().equals(output) != f.second().input().equals(output)) families.add(f);
        }
    }

    /** The array differentiated: the model's value. */
    public String name() {
        return output;
    }

    /** The inputs differentiated with respect to: arrays, then scalars, laid end to end in this order. */
    public List<String> wrt() {
        List<String> all = new ArrayList<>(wrtArrays);
        all.addAll(wrtScalars);
        return all;
    }

    /**
     * The entries that can be nonzero, for every size: each a pair of the output's element and an
     * input's, and the ranges of its variables, {@code r[k], x[k + 1] for k = 0 .. n - 2}; in
     * alphabetical order.
     */
    public List<String> structure() {
        List<String> order = wrt();
        order.add(output);
        TreeSet<String> lines = new TreeSet<>();
        for (Interactions.Family f : families) lines.add(Interactions.describe(f, order));
        return List.copyOf(lines);
    }

    /** Empty bindings for the model's inputs (the directions the products need are bound here, not by you). */
    public Bindings bind() {
        return products.bind();
    }

    /**
     * The Jacobian's pattern for the shapes in {@code b}, and its columns' colours.
     *
     * @throws IllegalArgumentException if the bindings are incomplete or do not fit the model
     */
    public CompiledModelHessian.Pattern pattern(Bindings b) {
        Map<String, Long> sizes = directions.sizes(b, products);
        Map<String, SparsePattern.Place> places = directions.places(b);
        int inputs = Directions.end(places);
        int[] shape = b.shape(output);
        places.put(output, new SparsePattern.Place(inputs, shape[0], shape[1], model.outputRank()));
        int size = Math.addExact(inputs, b.bound(output).length);
        SparsePattern sparse = SparsePattern.jacobian(families, places, size, inputs, sizes::get);
        return new CompiledModelHessian.Pattern(sparse, places, directions.key(b, products));
    }

    /**
     * The Jacobian's entries at the point bound, in {@code p}'s order: one Jacobian-vector
     * product per colour of {@code p}.
     *
     * @param values where to put them (length {@code p.entries()}), or null for a new array
     * @return the entries
     * @throws IllegalArgumentException if {@code p} was made for other shapes
     */
    public double[] sparseJacobian(Bindings b, CompiledModelHessian.Pattern p, double[] values) {
        if (!Arrays.equals(p.key, directions.key(b, products))) {
            throw new IllegalArgumentException("this pattern was made for other shapes or sizes; make one with pattern(b)");
        }
        int entries = p.entries();
        double[] out = values != null ? values : new double[entries];
        if (out.length != entries) throw new IllegalArgumentException("values has " + out.length + " places, the pattern " + entries);
        List<double[]> along = directions.bind(b);
        if (p.products == null) p.products = products.newGradient(b);
        CompiledModel.Gradient g = p.products;
        int first = p.offset(output);
        for (int colour = 0; colour < p.colours(); colour++) {
            directions.set(b, along, p, colour, 1);
            products.valueAndGradientKept(b, g);
            directions.set(b, along, p, colour, 0);
            double[] product = g.array(output);
            for (int k = p.entryStart[colour]; k < p.entryStart[colour + 1]; k++) {
                int e = p.entryOrder[k];
                out[e] = product[p.row(e) - first];
            }
        }
        return out;
    }

}
