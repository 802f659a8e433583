package dev.derive.indexed;

import dev.derive.graph.Affine;
import dev.derive.graph.Indexing;
import java.util.List;

/**
 * Array accesses checked before they are made, so that generated code never reads out of
 * range: a loop checks each element its body reads at the first and last value of its
 * variable (an affine index is least and greatest there), and an access outside any loop is
 * checked where it is. The interpreter and compiled code call the same check.
 */
public final class Bounds {
    private Bounds() {}

    /**
     * Throws unless {@code element} is in range for every value of loop variable {@code variable}
     * from {@code lo} to {@code hi} (none if hi < lo), the other names having the values
     * {@code names} gives them.
     *
     * @param values the values of {@code names}: loop variables and sizes
     * @param dims rows and columns of each array, as {@link Layout} orders them
     */
    public static void loop(Indexing.Element element, int arrayIndex, String variable, long lo, long hi,
                            List<String> names, long[] values, int[] dims) {
        if (hi < lo) return;
        check(element, arrayIndex, variable, lo, names, values, dims);
        check(element, arrayIndex, variable, hi, names, values, dims);
    }

    /** Throws unless {@code element} is in range with {@code variable} (null for none) at {@code at}. */
    public static void check(Indexing.Element element, int arrayIndex, String variable, long at,
                             List<String> names, long[] values, int[] dims) {
        List<Affine> indexes = element.indexes();
        for (int k = 0; k < indexes.size(); k++) {
            long index = indexes.get(k).evaluate(name -> name.equals(variable) ? at : values[names.indexOf(name)]);
            int length = dims[2 * arrayIndex + k];
            if (index < 0 || index >= length) {
                throw new IllegalArgumentException(element.name() + " is out of range"
                        + where(element, variable, at, names, values) + ": " + describe(element, k, index, length, dims,
                        arrayIndex));
            }
        }
    }

    private static String where(Indexing.Element element, String variable, long at, List<String> names, long[] values) {
        StringBuilder s = new StringBuilder();
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (Affine index : element.indexes()) used.addAll(index.names());
        for (String name : used) {
            long v = name.equals(variable) ? at : values[names.indexOf(name)];
            s.append(s.length() == 0 ? " at " : ", ").append(name).append(" = ").append(v);
        }
        return s.toString();
    }

    private static String describe(Indexing.Element element, int k, long index, int length, int[] dims, int arrayIndex) {
        if (element.indexes().size() == 1) {
            return "index " + index + ", but " + element.array() + " has length " + length;
        }
        return (k == 0 ? "row " : "column ") + index + ", but " + element.array() + " is "
                + dims[2 * arrayIndex] + "\u00d7" + dims[2 * arrayIndex + 1];
    }

    /** The flat (row-major) position of an element whose indexes are {@code i} and, for 2-D, {@code j}. */
    public static int flat(int i, int j, int columns) {
        return i * columns + j;
    }
}
