package dev.derive;

import dev.derive.indexed.SparsePattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directions the products of a sparse Hessian or Jacobian are taken along: one per input
 * differentiated (an array of its shape, or a scalar), bound beside the inputs of the model's
 * forward-mode derivative, set to 1 at the columns of one colour at a time.
 */
final class Directions {
    private final Model model;
    private final Model tangent;
    private final List<String> arrays;
    private final List<String> scalars;

    /** @param tangent {@code model}'s forward-mode derivative along {@code arrays} and {@code scalars} */
    Directions(Model model, Model tangent, List<String> arrays, List<String> scalars) {
        this.model = model;
        this.tangent = tangent;
        this.arrays = arrays;
        this.scalars = scalars;
    }

    /** Binds each array's direction, zeros of its shape (kept while the shape stays), and each scalar's to 0. */
    List<double[]> bind(Bindings b) {
        List<double[]> directions = new ArrayList<>();
        for (String a : arrays) {
            double[] x = b.bound(a);
            if (x == null) throw new IllegalArgumentException("array '" + a + "' is not bound");
            String d = tangent.direction(a);
            double[] v = b.bound(d);
            if (v == null || v.length != x.length || !Arrays.equals(b.shape(d), b.shape(a))) {
                v = new double[x.length];
                int[] shape = b.shape(a);
                if (model.rank(a) == 1) b.array(d, v);
                else b.matrix(d, shape[0], shape[1], v);
            }
            directions.add(v);
        }
        for (String s : scalars) b.scalar(tangent.direction(s), 0);
        return directions;
    }

    /**
     * Binds the directions, checks the bindings and shapes the output arrays (whether or not any
     * size is named: {@code r[k = 0 .. 2]} has none), and gives each size's value in {@code b},
     * as {@code products} sees it.
     */
    Map<String, Long> sizes(Bindings b, CompiledModel products) {
        bind(b);
        products.resolve(b);
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String s : model.sizes()) sizes.put(s, (long) products.size(b, s));
        return sizes;
    }

    /** Where each input starts among all of them laid end to end, arrays (row-major) then scalars, and its shape. */
    Map<String, SparsePattern.Place> places(Bindings b) {
        Map<String, SparsePattern.Place> places = new LinkedHashMap<>();
        int offset = 0;
        for (String a : arrays) {
            int[] shape = b.shape(a);
            places.put(a, new SparsePattern.Place(offset, shape[0], shape[1], model.rank(a)));
            offset = Math.addExact(offset, b.bound(a).length);
        }
        for (String s : scalars) places.put(s, new SparsePattern.Place(offset++, 1, 1, 0));
        return places;
    }

    /** The position after the last of {@code places}. */
    static int end(Map<String, SparsePattern.Place> places) {
        int end = 0;
        for (SparsePattern.Place p : places.values()) end = Math.max(end, Math.toIntExact(p.offset() + p.rows() * p.columns()));
        return end;
    }

    /** Sets the direction to {@code value} at the columns of one colour (in order, so the input only moves forward). */
    void set(Bindings b, List<double[]> directions, CompiledModelHessian.Pattern p, int colour, double value) {
        int input = 0;
        for (int k = p.columnStart[colour]; k < p.columnStart[colour + 1]; k++) {
            int c = p.columnOrder[k];
            while (input + 1 < p.offsets.length && p.offsets[input + 1] <= c) input++;
            if (input < arrays.size()) directions.get(input)[c - p.offsets[input]] = value;
            else b.scalar(tangent.direction(scalars.get(input - arrays.size())), value);
        }
    }

    /** What a pattern is made for: the arrays' shapes and the sizes, as {@code products} sees them in {@code b}. */
    long[] key(Bindings b, CompiledModel products) {
        long[] key = new long[2 * arrays.size() + model.sizes().size()];
        int k = 0;
        for (String a : arrays) {
            int[] shape = b.shape(a);
            key[k++] = shape[0];
            key[k++] = shape[1];
        }
        for (String s : model.sizes()) key[k++] = products.size(b, s);
        return key;
    }
}
