package dev.derive.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.derive.CompiledGradient;
import dev.derive.Derive;
import dev.derive.problems.Rosenbrock;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Extended Rosenbrock with 100,000 inputs, against a gradient written by hand. */
class RosenbrockTest {
    private static final int N = 100_000;

    @Test
    void compiledGradientEqualsTheHandWrittenOne() {
        CompiledGradient f = Derive.gradient(Sources.rosenbrock(N));
        assertEquals("x0", f.variables().get(0));
        assertEquals("x" + (N - 1), f.variables().get(N - 1));
        double[] x = new Random(7).doubles(N, -2, 2).toArray();
        double[] g = new double[N];
        double[] expected = new double[N];
        double value = f.valueAndGradient(x, g);
        double expectedValue = Rosenbrock.gradient(x, expected, true);
        assertEquals(expectedValue, value, 1e-12 * Math.abs(expectedValue));
        assertEquals(expectedValue, f.value(x), 1e-12 * Math.abs(expectedValue));
        for (int i = 0; i < N; i++) {
            assertEquals(expected[i], g[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "d/dx" + i);
        }
    }
}
