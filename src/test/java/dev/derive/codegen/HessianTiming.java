package dev.derive.codegen;

import dev.derive.CompiledHessian;
import dev.derive.Derive;
import dev.derive.problems.Rosenbrock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Random;

/**
 * A quick timing of second derivatives on extended Rosenbrock (written flat): compile time,
 * then medians of the value-and-gradient, H·v and the sparse Hessian, and the heap the compiled
 * Hessian keeps. Not a unit test; run it by hand:
 * {@code java -Xmx8g -cp target/derive.jar:target/test-classes dev.derive.codegen.HessianTiming 100000}
 */
public final class HessianTiming {
    private HessianTiming() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long start = System.nanoTime();
        CompiledHessian h = Derive.hessian(Rosenbrock.source(n, false));
        double compileSeconds = (System.nanoTime() - start) / 1e9;
        long retained = heapAfterGc();
        double[] x = new Random(1).doubles(n, -2, 2).toArray();
        double[] g = new double[n];
        double[] v = new Random(2).doubles(n, -1, 1).toArray();
        double[] hv = new double[n];
        double[] nz = new double[h.sparseRows().length];
        int reps = Math.max(3, 20_000_000 / n);
        double gradient = median(() -> h.valueAndGradient(x, g), reps);
        double product = median(() -> {
            h.hessianVector(x, v, hv);
            return hv[0];
        }, reps);
        double sparse = median(() -> h.sparseHessian(x, g, nz), reps);
        System.out.printf("n=%d compile %.2f s, heap after %.0f MB | value+gradient %.3f ms, H·v %.3f ms (%.2fx the"
                + " gradient), sparse Hessian (%d nonzeros) %.3f ms (%.2fx)%n", n, compileSeconds, retained / 1e6,
                gradient / 1e6, product / 1e6, product / gradient, nz.length, sparse / 1e6, sparse / gradient);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) used += pool.getUsage().getUsed();
        }
        return used;
    }

    /** The median over 11 rounds of the mean time of one call, in nanoseconds. */
    private static double median(java.util.function.DoubleSupplier call, int reps) {
        double[] rounds = new double[11];
        double sink = 0;
        for (int warm = 0; warm < 5; warm++) {
            for (int i = 0; i < reps; i++) sink += call.getAsDouble();
        }
        for (int r = 0; r < rounds.length; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < reps; i++) sink += call.getAsDouble();
            rounds[r] = (System.nanoTime() - t) / (double) reps;
        }
        if (sink == 42) System.out.print("");
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
