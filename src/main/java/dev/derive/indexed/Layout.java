package dev.derive.indexed;

import dev.derive.graph.Indexing;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a program's inputs are at run time: arrays in a {@code double[][]} (each row-major,
 * flat), their shapes in an {@code int[]} (rows and columns for each array, columns 1 for a
 * 1-D one), sizes in an {@code int[]}, scalar inputs in a {@code double[]}, each in the order
 * of first use. The interpreter and compiled code read their inputs the same way.
 */
public record Layout(List<String> arrays, List<Integer> ranks, List<String> sizes, List<String> scalars) {

    public static Layout of(Indexing indexing, List<String> scalars) {
        return new Layout(List.copyOf(indexing.arrays().keySet()), List.copyOf(indexing.arrays().values()),
                List.copyOf(new ArrayList<>(indexing.sizes())), List.copyOf(scalars));
    }

    public int array(String name) {
        return index(arrays, name, "array");
    }

    public int size(String name) {
        return index(sizes, name, "size");
    }

    public int scalar(String name) {
        return index(scalars, name, "scalar");
    }

    private static int index(List<String> names, String name, String what) {
        int k = names.indexOf(name);
        if (k < 0) throw new IllegalArgumentException("no " + what + " named " + name);
        return k;
    }
}
