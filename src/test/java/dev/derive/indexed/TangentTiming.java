package dev.derive.indexed;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.CompiledModelHessian;
import dev.derive.Model;
import java.util.Arrays;
import java.util.Random;

/**
 * A quick timing of H·v on extended Rosenbrock written as a model: the tangent model's gradient
 * (compiled once, for any n) against the model's own value-and-gradient, and the sparse Hessian
 * (its pattern for n, then its entries from one H·v per colour), medians of 31 rounds after
 * warm-up. Not a unit test; run it by hand:
 * {@code java -cp target/derive.jar:target/test-classes dev.derive.indexed.TangentTiming 100000 1000000}
 */
public final class TangentTiming {
    private TangentTiming() {}

    public static void main(String[] args) {
        Model m = Model.parse("sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)");
        long start = System.nanoTime();
        CompiledModel hv = m.tangent("x").compile("x");
        double compile = (System.nanoTime() - start) / 1e6;
        CompiledModel gradient = m.compile("x");
        System.out.printf("compile the tangent and its gradient: %.1f ms (first in this JVM)%n", compile);
        start = System.nanoTime();
        CompiledModelHessian hessian = m.hessian("x");
        System.out.printf("compile the sparse Hessian: %.1f ms (second in this JVM)%n", (System.nanoTime() - start) / 1e6);
        for (String arg : args) {
            int n = Integer.parseInt(arg);
            double[] x = new Random(1).doubles(n, -2, 2).toArray();
            double[] v = new Random(2).doubles(n, -1, 1).toArray();
            Bindings b = gradient.bind().array("x", x);
            CompiledModel.Gradient g = gradient.newGradient(b);
            Bindings hb = hv.bind().array("x", x).array("dx", v);
            CompiledModel.Gradient hg = hv.newGradient(hb);
            long[] tg = new long[31];
            long[] th = new long[31];
            for (int round = -93; round < 31; round++) {
                long t0 = System.nanoTime();
                gradient.valueAndGradient(b, g);
                long t1 = System.nanoTime();
                hv.valueAndGradient(hb, hg);
                long t2 = System.nanoTime();
                if (round >= 0) {
                    tg[round] = t1 - t0;
                    th[round] = t2 - t1;
                }
            }
            Arrays.sort(tg);
            Arrays.sort(th);
            System.out.printf("n = %,d: value+gradient %.3f ms, H·v %.3f ms (%.2f×)%n", n, tg[15] / 1e6, th[15] / 1e6,
                    (double) th[15] / tg[15]);
            Bindings sb = hessian.bind().array("x", x);
            CompiledModelHessian.Pattern p = hessian.pattern(sb);
            double[] entries = new double[p.entries()];
            long[] tp = new long[11];
            long[] te = new long[31];
            for (int round = -31; round < 31; round++) {
                long t0 = System.nanoTime();
                if (round < 11) p = hessian.pattern(sb);
                long t1 = System.nanoTime();
                hessian.sparseHessian(sb, p, entries);
                long t2 = System.nanoTime();
                if (round >= 0 && round < 11) tp[round] = t1 - t0;
                if (round >= 0) te[round] = t2 - t1;
            }
            Arrays.sort(tp);
            Arrays.sort(te);
            System.out.printf("n = %,d: sparse Hessian (%,d entries, %d colours): pattern %.3f ms, entries %.3f ms (%.2f× value+gradient)%n",
                    n, p.entries(), p.colours(), tp[5] / 1e6, te[15] / 1e6, (double) te[15] / tg[15]);
        }
    }
}
