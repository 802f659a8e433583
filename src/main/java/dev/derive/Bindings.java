package dev.derive;

import dev.derive.graph.Affine;
import dev.derive.indexed.Layout;
import dev.derive.indexed.Shapes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of one call of a {@link CompiledModel}: its arrays, scalars and, where the arrays
 * do not imply them, sizes. Arrays are held, not copied (but for {@link #matrix(String, double[][])}),
 * so changing their elements between calls needs no new binding. Not thread-safe: one per thread.
 */
public final class Bindings {
    private final CompiledModel model;
    private final Layout layout;
    private final double[][] arrays;
    private final int[] dims;
    private final double[] scalars;
    private final boolean[] scalarBound;
    private final Map<String, Integer> sizes = new HashMap<>();
    private int[] resolvedSizes;
    /** The arrays standing for an array output, by their place: bound here, to zeros of the shape the sizes give. */
    private final Map<Integer, List<Affine>> outputs = new HashMap<>();

    Bindings(CompiledModel model, Layout layout, Map<String, List<Affine>> outputArrays) {
        this.model = model;
        this.layout = layout;
        for (Map.Entry<String, List<Affine>> o : outputArrays.entrySet()) {
            int k = layout.arrays().indexOf(o.getKey());
            if (k >= 0) outputs.put(k, o.getValue());
        }
        this.arrays = new double[layout.arrays().size()][];
        this.dims = new int[2 * layout.arrays().size()];
        this.scalars = new double[layout.scalars().size()];
        this.scalarBound = new boolean[scalars.length];
    }

    /** Binds 1-D array {@code name} to {@code values} (held, not copied). */
    public Bindings array(String name, double... values) {
        int k = array(name, 1);
        arrays[k] = values;
        dims[2 * k] = values.length;
        dims[2 * k + 1] = 1;
        resolvedSizes = null;
        return this;
    }

    /** Binds 2-D array {@code name} to {@code rows} (copied, row by row; rows must be of one length). */
    public Bindings matrix(String name, double[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException(name + ": row " + i + " has " + rows[i].length + " elements, row 0 has "
                        + columns);
            }
            System.arraycopy(rows[i], 0, flat, i * columns, columns);
        }
        return matrix(name, rows.length, columns, flat);
    }

    /** Binds 2-D array {@code name} to {@code rowMajor}, {@code rows} × {@code columns} (held, not copied). */
    public Bindings matrix(String name, int rows, int columns, double[] rowMajor) {
        int k = array(name, 2);
        if (rows < 0 || columns < 0 || (long) rows * columns != rowMajor.length) {
            throw new IllegalArgumentException(name + ": " + rows + "\u00d7" + columns + " does not match "
                    + rowMajor.length + " elements");
        }
        arrays[k] = rowMajor;
        dims[2 * k] = rows;
        dims[2 * k + 1] = columns;
        resolvedSizes = null;
        return this;
    }

    /** Binds scalar input {@code name}. */
    public Bindings scalar(String name, double value) {
        int k = layout.scalars().indexOf(name);
        if (k < 0) throw new IllegalArgumentException("'" + name + "' is not a scalar input; the scalars are "
                + layout.scalars());
        scalars[k] = value;
        scalarBound[k] = true;
        return this;
    }

    /** Gives size {@code name}, rather than having it follow from the arrays. */
    public Bindings size(String name, int value) {
        if (!layout.sizes().contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a size; the sizes are " + layout.sizes());
        }
        sizes.put(name, value);
        resolvedSizes = null;
        return this;
    }

    private int array(String name, int rank) {
        int k = layout.arrays().indexOf(name);
        if (k < 0 || outputs.containsKey(k)) {
            List<String> inputs = new java.util.ArrayList<>(layout.arrays());
            for (int o : outputs.keySet()) inputs.remove(layout.arrays().get(o));
            throw new IllegalArgumentException("'" + name + "' is not an array input" + (k >= 0 ? " but the model's value" : "")
                    + "; the arrays are " + inputs);
        }
        int expected = layout.ranks().get(k);
        if (expected != rank) {
            throw new IllegalArgumentException("'" + name + "' is a " + expected + "-D array; bind it with "
                    + (expected == 1 ? "array" : "matrix"));
        }
        return k;
    }

    /** Checks everything is bound and works out the sizes; once until a binding changes. */
    void resolve(CompiledModel caller, Shapes shapes) {
        if (caller != model) throw new IllegalArgumentException("these bindings were made by another compiled model");
        for (int k = 0; k < arrays.length; k++) {
            if (arrays[k] == null && !outputs.containsKey(k)) throw new IllegalArgumentException("array '" + layout.arrays().get(k) + "' is not bound");
        }
        for (int k = 0; k < scalars.length; k++) {
            if (!scalarBound[k]) throw new IllegalArgumentException("scalar '" + layout.scalars().get(k) + "' is not bound");
        }
        if (resolvedSizes == null) {
            resolvedSizes = shapes.sizes(layout, dims, sizes);
            for (Map.Entry<Integer, List<Affine>> o : outputs.entrySet()) shapeOutput(o.getKey(), o.getValue());
        }
    }

    /** Gives output array {@code k} its shape, each index 0 .. its last at these sizes: zeros, kept while the shape stays. */
    private void shapeOutput(int k, List<Affine> lasts) {
        long[] extent = new long[2];
        extent[1] = 1;
        for (int d = 0; d < lasts.size(); d++) {
            long last = lasts.get(d).evaluate(name -> resolvedSizes[layout.size(name)]);
            extent[d] = Math.max(0, last + 1);
        }
        long length = extent[0] * extent[1];
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("'" + layout.arrays().get(k) + "' would have " + length + " elements, too many");
        }
        if (arrays[k] == null || dims[2 * k] != extent[0] || dims[2 * k + 1] != extent[1]) {
            arrays[k] = new double[(int) length];
            dims[2 * k] = (int) extent[0];
            dims[2 * k + 1] = (int) extent[1];
        }
    }

    double[][] arrays() {
        return arrays;
    }

    int[] dims() {
        return dims;
    }

    double[] scalars() {
        return scalars;
    }

    int[] sizes() {
        return resolvedSizes;
    }

    /** The array {@code name} is bound to (held, row-major for a 2-D one), or null. */
    double[] bound(String name) {
        return arrays[layout.arrays().indexOf(name)];
    }

    /** The rows and columns of array {@code name} as bound (1 column for a 1-D array). */
    int[] shape(String name) {
        int k = layout.arrays().indexOf(name);
        return new int[] {dims[2 * k], dims[2 * k + 1]};
    }

    /** The length of array {@code k} (all its elements, for a 2-D one). */
    int length(int k) {
        return arrays[k].length;
    }
}
