package dev.derive;

import java.util.Arrays;
import java.util.Random;

/**
 * A quick timing of array outputs and of split methods, medians of 21 rounds after warm-up: the
 * residuals r[k] = x[k+1] - x[k]^2 into a given array against the loop by hand, and their sparse
 * Jacobian's entries, at each n given; then a sum of 3000 sin terms over 1000 rows (too large
 * for one method, so compiled split into methods) against the reference interpreter. Not a unit
 * test; run it by hand:
 * {@code java -cp target/derive.jar:target/test-classes dev.derive.ArrayTiming 1000 100000 1000000}
 */
public final class ArrayTiming {
    private ArrayTiming() {}

    public static void main(String[] args) {
        Model m = Model.parse("r[k = 0 .. n-2] = x[k+1] - x[k]^2");
        long start = System.nanoTime();
        CompiledArray residuals = m.compileArray();
        CompiledModelJacobian jacobian = m.jacobian("x");
        System.out.printf("compile the array and its Jacobian: %.1f ms (first in this JVM)%n", (System.nanoTime() - start) / 1e6);
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            double[] x = new Random(1).doubles(n, -1, 1).toArray();
            Bindings b = residuals.bind().array("x", x);
            Bindings jb = jacobian.bind().array("x", x);
            CompiledModelHessian.Pattern p = jacobian.pattern(jb);
            double[] entries = new double[p.entries()];
            double[] into = new double[n - 1];
            double[] hand = new double[n - 1];
            double[][] times = new double[3][21];
            for (int round = -5; round < 21; round++) {
                long t0 = System.nanoTime();
                residuals.value(b, into);
                long t1 = System.nanoTime();
                for (int k = 0; k < n - 1; k++) hand[k] = x[k + 1] - x[k] * x[k];
                long t2 = System.nanoTime();
                jacobian.sparseJacobian(jb, p, entries);
                long t3 = System.nanoTime();
                if (round < 0) continue;
                times[0][round] = (t1 - t0) / 1e6;
                times[1][round] = (t2 - t1) / 1e6;
                times[2][round] = (t3 - t2) / 1e6;
            }
            if (!Arrays.equals(into, hand)) throw new IllegalStateException("the array differs from the loop by hand");
            for (double[] t : times) Arrays.sort(t);
            System.out.printf("n = %,d: array %.3f ms, by hand %.3f ms; Jacobian's %,d entries (%d colours) %.3f ms%n", n,
                    times[0][10], times[1][10], entries.length, p.colours(), times[2][10]);
        }
        StringBuilder wide = new StringBuilder("sum(i = 0 .. n-1, 0");
        for (int k = 1; k <= 3000; k++) wide.append(" + sin(x[i]*").append(k).append(')');
        CompiledModel f = Model.parse(wide.append(')').toString()).compile("x");
        double[] x = new Random(2).doubles(1000, -1, 1).toArray();
        Bindings b = f.bind().array("x", x);
        CompiledModel.Gradient g = f.newGradient(b);
        double[] compiled = new double[9];
        for (int round = -3; round < 9; round++) {
            long t0 = System.nanoTime();
            f.valueAndGradient(b, g);
            if (round >= 0) compiled[round] = (System.nanoTime() - t0) / 1e6;
        }
        long t0 = System.nanoTime();
        f.interpret(b, f.newGradient(b));
        double interpreted = (System.nanoTime() - t0) / 1e6;
        Arrays.sort(compiled);
        System.out.printf("3000 sin terms over 1000 rows, value and gradient: split methods %.1f ms, interpreter %.1f ms (%d classes)%n",
                compiled[4], interpreted, f.classFiles().size());
    }
}
