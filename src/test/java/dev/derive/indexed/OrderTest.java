package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * derive's order of summation against an exactly rounded sum: over random data of mixed signs
 * and magnitudes its error is far below that of adding the terms one after another, and within
 * the bound its chains' lengths give.
 */
class OrderTest {
    @Test
    void sumsAreMoreAccurateThanOneChain() {
        CompiledModel sum = Model.parse("sum(i = 0 .. n-1, x[i])").compile();
        double ours = 0;
        double chain = 0;
        for (int trial = 0; trial < 20; trial++) {
            Random r = new Random(trial);
            int n = 100_000 + r.nextInt(100_000);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = (r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(6));
            Bindings b = sum.bind().array("x", x);
            double value = sum.value(b);
            double sequential = 0;
            BigDecimal exact = BigDecimal.ZERO;
            double magnitude = 0;
            for (double v : x) {
                sequential += v;
                exact = exact.add(new BigDecimal(v));
                magnitude += Math.abs(v);
            }
            double rounded = exact.round(MathContext.DECIMAL128).doubleValue();
            double error = Math.abs(value - rounded);
            // chains of at most BLOCK/4 additions in a block, then one per block
            double bound = (Order.BLOCK / 4.0 + 2 + (double) n / Order.BLOCK) * Math.ulp(1.0) * magnitude;
            assertTrue(error <= bound, "trial " + trial + ": error " + error + " above " + bound);
            ours += error / magnitude;
            chain += Math.abs(sequential - rounded) / magnitude;
        }
        assertTrue(ours * 3 < chain, "mean relative error " + ours / 20 + " against one chain's " + chain / 20);
    }

    @Test
    void emptyAndSingleRanges() {
        CompiledModel both = Model.parse("sum(i = 0 .. n-1, x[i]) + prod(i = 0 .. n-1, x[i])").compile();
        assertEquals(1.0, both.value(both.bind().array("x")), "empty: 0 + 1");
        assertEquals(-0.0, both.value(both.bind().array("x", -0.0)), "-0 + -0");
        CompiledModel sum = Model.parse("sum(i = 0 .. n-1, x[i])").compile();
        assertEquals(0.0, sum.value(sum.bind().array("x")), "an empty sum is +0");
        assertEquals(-0.0, sum.value(sum.bind().array("x", -0.0)), "a sum of one -0 is -0, as x + -0.0 is x");
    }
}
