package dev.derive.codegen;

import dev.derive.CompiledGradient;
import dev.derive.Derive;
import dev.derive.problems.Rosenbrock;
import java.util.Arrays;
import java.util.Random;

/**
 * A quick timing of extended Rosenbrock, for a look between runs of the JMH suite in bench/
 * (whose numbers are the reference): compile time, then median times of value,
 * value-and-gradient and the hand-written gradient, after warm-up. Not a unit test; run it by
 * hand:
 * {@code java -cp target/derive.jar:target/test-classes dev.derive.codegen.RosenbrockTiming 1000}
 */
public final class RosenbrockTiming {
    private RosenbrockTiming() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long start = System.nanoTime();
        CompiledGradient f = Derive.gradient(Sources.rosenbrock(n));
        double compileSeconds = (System.nanoTime() - start) / 1e9;
        double[] x = new Random(1).doubles(n, -2, 2).toArray();
        double[] g = new double[n];
        int reps = Math.max(5, 20_000_000 / n);
        double value = median(() -> f.value(x), reps);
        double gradient = median(() -> f.valueAndGradient(x, g), reps);
        double hand = median(() -> Rosenbrock.gradient(x, g, true), reps);
        System.out.printf("n=%d compile %.2f s | value %.1f ns, value+gradient %.1f ns, hand-written"
                + " gradient %.1f ns | gradient/value %.2f, gradient/hand-written %.2f%n",
                n, compileSeconds, value, gradient, hand, gradient / value, gradient / hand);
    }

    /** The median over 15 rounds of the mean time of one call, in nanoseconds. */
    private static double median(java.util.function.DoubleSupplier call, int reps) {
        double[] rounds = new double[15];
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
