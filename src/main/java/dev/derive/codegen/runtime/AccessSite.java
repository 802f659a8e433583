package dev.derive.codegen.runtime;

import dev.derive.graph.Indexing;
import dev.derive.indexed.Bounds;
import java.util.List;

/**
 * An array access in compiled code, for the message when it would be out of range: generated
 * code finds that with a few comparisons and asks this for the exception to throw.
 */
public final class AccessSite {
    private final Indexing.Element element;
    private final int array;
    private final String variable;
    private final List<String> names;

    /**
     * @param variable the loop variable whose range is checked, or null for an access outside loops
     * @param names the sizes, then the loop variables: the order of the values given to {@link #failure}
     */
    public AccessSite(Indexing.Element element, int array, String variable, List<String> names) {
        this.element = element;
        this.array = array;
        this.variable = variable;
        this.names = names;
    }

    /** The exception saying which index is out of range, with {@code variable} at {@code at}. */
    public IllegalArgumentException failure(long at, int[] dims, long[] values) {
        try {
            Bounds.check(element, array, variable, at, names, values, dims);
        } catch (IllegalArgumentException e) {
            return e;
        }
        return new IllegalArgumentException(element.name() + " is out of range");
    }
}
