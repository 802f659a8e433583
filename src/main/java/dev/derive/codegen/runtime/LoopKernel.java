package dev.derive.codegen.runtime;

/**
 * A compiled program with arrays and sums: its inputs laid out as {@code dev.derive.indexed.Layout}
 * says, it returns the value, adds each differentiated array's gradient into {@code gradients}
 * (null where an array is not differentiated) and writes each differentiated scalar's partial
 * into {@code partials}.
 */
public interface LoopKernel {
    double run(double[][] arrays, int[] dims, int[] sizes, double[] scalars, double[][] gradients, double[] partials);

    /**
     * Iterations {@code first .. last} (whole blocks) of the program's chunked loop number
     * {@code loop}, as {@link ChunkedLoop} runs them: the values computed before the loop are in
     * {@code frame}; the chunk's sums of adjoints go to {@code slots} and into {@code gradients}
     * (arrays of the chunk's own). A sum's blocks are added to {@code total}, which is returned,
     * or if {@code blocks} is not null, each stored there from index {@code firstBlock} on.
     */
    default double chunk(int loop, double[][] arrays, int[] dims, int[] sizes, double[] scalars, double[][] gradients,
                         double[] slots, double[] frame, int first, int last, double total, double[] blocks,
                         int firstBlock) {
        throw new IllegalStateException("this program has no chunked loop " + loop);
    }
}
