package dev.derive.codegen.runtime;

/**
 * A compiled program with arrays and sums: its inputs laid out as {@code dev.derive.indexed.Layout}
 * says, it returns the value, adds each differentiated array's gradient into {@code gradients}
 * (null where an array is not differentiated) and writes each differentiated scalar's partial
 * into {@code partials}.
 */
public interface LoopKernel {
    double run(double[][] arrays, int[] dims, int[] sizes, double[] scalars, double[][] gradients, double[] partials);
}
