package dev.derive.codegen.runtime;

import dev.derive.graph.Affine;
import dev.derive.graph.Indexing;
import dev.derive.indexed.Bounds;
import java.util.List;

/**
 * The accesses of the loops inside a loop whose ranges do not change from one of its
 * iterations to the next, which compiled code checks once, before the outer loop, at the
 * extremes of both variables. When that check fails, this finds the exception the accesses
 * would meet first, running in turn: the first outer iteration, and the first inner loop and
 * access in it, that is out of range.
 */
public final class RowChecks {
    /** An inner loop: its variable, its range, and the elements its body reads or scatters into. */
    public record Inner(String variable, Affine lo, Affine hi, List<Indexing.Element> elements, int[] arrays) {}

    private final String variable;
    private final List<Inner> inners;
    private final List<String> names;

    /** @param names the sizes, then the loop variables: the order of the values given to {@link #failure} */
    public RowChecks(String variable, List<Inner> inners, List<String> names) {
        this.variable = variable;
        this.inners = inners;
        this.names = names;
    }

    /** The first out-of-range access with the outer variable from {@code lo} to {@code hi}. */
    public IllegalArgumentException failure(long lo, long hi, int[] dims, long[] values) {
        int v = names.indexOf(variable);
        for (long at = lo; at <= hi; at++) {
            values[v] = at;
            for (Inner inner : inners) {
                long from = inner.lo().evaluate(name -> values[names.indexOf(name)]);
                long to = inner.hi().evaluate(name -> values[names.indexOf(name)]);
                for (int k = 0; k < inner.elements().size(); k++) {
                    try {
                        Bounds.loop(inner.elements().get(k), inner.arrays()[k], inner.variable(), from, to, names, values,
                                dims);
                    } catch (IllegalArgumentException e) {
                        return e;
                    }
                }
            }
        }
        return new IllegalArgumentException("an index is out of range in the loop over " + variable);
    }
}
