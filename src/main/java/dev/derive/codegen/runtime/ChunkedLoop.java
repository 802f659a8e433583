package dev.derive.codegen.runtime;

import dev.derive.graph.Indexing;
import dev.derive.indexed.Order;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a compiled loop's chunks ({@link Order}) in turn or on several threads, and adds their
 * results up in chunk order, so the numbers are the same either way. The threads are a pool's
 * shared by every compiled program, one per core; the calling thread works too.
 */
public final class ChunkedLoop {
    private final int loop;
    private final Indexing.Kind kind;
    private final int inputs;
    private final int slots;
    private final int[] arrays;
    private final int threads;

    /**
     * @param kind the loop's reduction, or null if it is not a sum or product
     * @param inputs how many values the frame holds before the slots
     * @param slots how many adjoints of the top level the loop adds to (after the inputs in the frame)
     * @param arrays the gradient arrays the loop adds into
     * @param threads at most how many threads to run on
     */
    public ChunkedLoop(int loop, Indexing.Kind kind, int inputs, int slots, int[] arrays, int threads) {
        this.loop = loop;
        this.kind = kind;
        this.inputs = inputs;
        this.slots = slots;
        this.arrays = arrays;
        this.threads = threads;
    }

    /** At most how many threads the loop runs on: 1 where its chunks may not run at once. */
    public int threads() {
        return threads;
    }

    /** Runs iterations lo .. hi; returns the sum's (or product's) value, and adds to the frame's slots and the gradients. */
    public double run(LoopKernel kernel, long lo, long hi, double[] frame, double[][] data, int[] dims, int[] sizes,
                      double[] scalars, double[][] gradients) {
        if (hi < lo) return kind == null ? 0 : Order.empty(kind);
        long count = hi - lo + 1;
        int chunks = Order.chunks(count);
        long per = Order.blocksPerChunk(count) * Order.BLOCK;
        int workers = Math.min(threads, Math.min(chunks, Pool.POOL.getParallelism() + 1));
        return workers <= 1 ? inTurn(kernel, lo, hi, per, chunks, frame, data, dims, sizes, scalars, gradients)
                : inParallel(kernel, lo, hi, per, chunks, workers, frame, data, dims, sizes, scalars, gradients);
    }

    private double inTurn(LoopKernel kernel, long lo, long hi, long per, int chunks, double[] frame, double[][] data,
                          int[] dims, int[] sizes, double[] scalars, double[][] gradients) {
        double total = kind == null ? 0 : Order.identity(kind);
        if (slots == 0 && arrays.length == 0) {
            // nothing summed per chunk: the chunks in turn are the whole range in one call, with the same bits
            return kernel.chunk(loop, data, dims, sizes, scalars, gradients, new double[0], frame, (int) lo, (int) hi, total,
                    null, 0);
        }
        double[] sums = new double[slots];
        double[][] own = buffers(gradients);
        for (int c = 0; c < chunks; c++) {
            long first = lo + c * per;
            long last = Math.min(hi, first + per - 1);
            clear(own);
            total = kernel.chunk(loop, data, dims, sizes, scalars, own, sums, frame, (int) first, (int) last, total,
                    null, 0);
            addUp(sums, own, frame, gradients);
        }
        return total;
    }

    private double inParallel(LoopKernel kernel, long lo, long hi, long per, int chunks, int workers, double[] frame,
                              double[][] data, int[] dims, int[] sizes, double[] scalars, double[][] gradients) {
        double[] blocks = new double[(int) Order.blocks(hi - lo + 1)];
        double[][] sums = new double[chunks][slots];
        double[][][] own = new double[chunks][][];
        RuntimeException[] failed = new RuntimeException[chunks];
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                long first = lo + c * per;
                long last = Math.min(hi, first + per - 1);
                own[c] = buffers(gradients);
                clear(own[c]);
                try {
                    kernel.chunk(loop, data, dims, sizes, scalars, own[c], sums[c], frame, (int) first, (int) last, 0,
                            blocks, (int) ((first - lo) / Order.BLOCK));
                } catch (RuntimeException e) {
                    failed[c] = e;
                    next.set(chunks); // the first failure in chunk order is what running in turn would throw
                }
            }
        };
        ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[workers - 1];
        for (int t = 0; t < helpers.length; t++) helpers[t] = Pool.POOL.submit(work);
        try {
            work.run();
        } finally {
            for (ForkJoinTask<?> h : helpers) h.join();
        }
        for (RuntimeException e : failed) if (e != null) throw e;
        for (int c = 0; c < chunks; c++) addUp(sums[c], own[c], frame, gradients);
        if (kind == null) return 0;
        double total = Order.identity(kind);
        for (double b : blocks) total = Order.combine(kind, total, b);
        return total;
    }

    /** Arrays of the chunk's own for the gradients it adds into (the others are not touched). */
    private double[][] buffers(double[][] gradients) {
        if (arrays.length == 0) return gradients;
        double[][] own = gradients.clone();
        for (int a : arrays) own[a] = new double[gradients[a].length];
        return own;
    }

    private void clear(double[][] own) {
        for (int a : arrays) Arrays.fill(own[a], -0.0);
    }

    /** A chunk's sums added to the slots in the frame and to the gradients. */
    private void addUp(double[] sums, double[][] own, double[] frame, double[][] gradients) {
        for (int k = 0; k < slots; k++) frame[inputs + k] += sums[k];
        for (int a : arrays) {
            double[] target = gradients[a];
            double[] mine = own[a];
            for (int e = 0; e < target.length; e++) target[e] += mine[e];
        }
    }

    /** One pool for all, created when first asked for; its threads are daemons. */
    private static final class Pool {
        static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    }
}
