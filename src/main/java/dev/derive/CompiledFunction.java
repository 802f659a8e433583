package dev.derive;

import java.util.List;

/**
 * A function compiled to JVM bytecode. Immutable and thread-safe; calls allocate nothing.
 */
public interface CompiledFunction {
    /** The input variables, in order of first appearance in the source; {@code x[i]} is the i-th. */
    List<String> variables();

    /**
     * The function's value at {@code x}.
     *
     * @throws IllegalArgumentException if {@code x.length} is not the number of variables
     */
    double value(double[] x);
}
