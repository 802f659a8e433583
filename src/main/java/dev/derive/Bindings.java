package dev.derive;

import dev.derive.indexed.Layout;
import dev.derive.indexed.Shapes;
import java.util.HashMap;
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

    Bindings(CompiledModel model, Layout layout) {
        this.model = model;
        this.layout = layout;
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
        if (k < 0) throw new IllegalArgumentException("'" + name + "' is not an array input; the arrays are " + layout.arrays());
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
            if (arrays[k] == null) throw new IllegalArgumentException("array '" + layout.arrays().get(k) + "' is not bound");
        }
        for (int k = 0; k < scalars.length; k++) {
            if (!scalarBound[k]) throw new IllegalArgumentException("scalar '" + layout.scalars().get(k) + "' is not bound");
        }
        if (resolvedSizes == null) resolvedSizes = shapes.sizes(layout, dims, sizes);
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
