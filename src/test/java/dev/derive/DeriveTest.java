package dev.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class DeriveTest {
    private static final String NEURON = "1/(1 + exp(-(w0*x0 + w1*x1 + w2)))";
    private static final double[] NEURON_POINT = {2, -1, -3, -2, -3};

    @Test
    void gradientOfTheSeedNeuron() {
        CompiledGradient f = Derive.gradient(NEURON);
        assertEquals(List.of("w0", "x0", "w1", "x1", "w2"), f.variables());
        double[] g = new double[5];
        double s = 1 / (1 + Math.exp(-1.0));
        double d = s * (1 - s);
        assertEquals(s, f.valueAndGradient(NEURON_POINT, g), 1e-15);
        assertArrayEquals(new double[] {-d, 2 * d, -2 * d, -3 * d, d}, g, 1e-15);
        assertEquals(s, f.value(NEURON_POINT), 1e-15);
    }

    @Test
    void compileAndDerivativeOfOneInput() {
        DoubleUnaryOperator f = Derive.compile("sin(x)^2");
        DoubleUnaryOperator df = Derive.derivative("sin(x)^2");
        assertEquals(Math.pow(Math.sin(0.5), 2), f.applyAsDouble(0.5), 1e-15);
        assertEquals(Math.sin(1.0), df.applyAsDouble(0.5), 1e-15);
    }

    @Test
    void derivativeOfALargeOneInputFunction() {
        String source = "sin(".repeat(3000) + "x" + ")".repeat(3000);
        DoubleUnaryOperator df = Derive.derivative(source);
        double x = 0.3;
        double value = x;
        double slope = 1;
        for (int i = 0; i < 3000; i++) {
            slope *= Math.cos(value);
            value = Math.sin(value);
        }
        assertEquals(slope, df.applyAsDouble(x), 1e-12 * Math.abs(slope));
        assertEquals(value, Derive.compile(source).applyAsDouble(x), 1e-15);
    }

    @Test
    void functionWithManyInputs() {
        CompiledFunction f = Derive.function("a*b - c/d");
        assertEquals(List.of("a", "b", "c", "d"), f.variables());
        assertEquals(2 * 3 - 4 / 8.0, f.value(new double[] {2, 3, 4, 8}));
    }

    @Test
    void wrongInputCountsAreIllegalArguments() {
        CompiledGradient f = Derive.gradient(NEURON);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.value(new double[4]));
        assertTrue(e.getMessage().contains("expected 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> f.valueAndGradient(NEURON_POINT, new double[6]));
        assertTrue(e.getMessage().contains("gradient array of length 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Derive.compile("x*y"));
        assertTrue(e.getMessage().contains("exactly one input"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Derive.derivative("2 + 3"));
    }

    @Test
    void badSourceIsADeriveExceptionWithAPosition() {
        DeriveException e = assertThrows(DeriveException.class, () -> Derive.gradient("x + (\n  * 2)"));
        assertEquals(2, e.line());
        assertEquals(3, e.column());
    }

    @Test
    void compiledClassesAreHidden() {
        assertTrue(Derive.gradient(NEURON).getClass().isHidden());
    }

    @Test
    void compiledObjectsAreThreadSafe() throws Exception {
        String big = "x0*0" + " + sin(x0*x1 + x2)".repeat(400);
        CompiledGradient small = Derive.gradient(NEURON);
        CompiledGradient large = Derive.gradient(big);
        double[] expectedSmall = new double[5];
        double[] expectedLarge = new double[3];
        double[] point = {0.1, 0.2, 0.3};
        double vs = small.valueAndGradient(NEURON_POINT, expectedSmall);
        double vl = large.valueAndGradient(point, expectedLarge);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        double[] gs = new double[5];
                        double[] gl = new double[3];
                        if (small.valueAndGradient(NEURON_POINT, gs) != vs || large.valueAndGradient(point, gl) != vl
                                || !java.util.Arrays.equals(gs, expectedSmall)
                                || !java.util.Arrays.equals(gl, expectedLarge)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) assertTrue(r.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void derivativeSourceFeedsBackForSecondDerivatives() {
        String first = Derive.derivativeSource("x^4 - 3*x^3 + sin(x*y)", "x");
        DoubleUnaryOperator second = Derive.derivative(Derive.derivativeSource("x^4 - 3*x^3 + 2", "x"));
        assertEquals(12 * 4 - 18 * 2, second.applyAsDouble(2), 1e-12);
        CompiledFunction partial = Derive.function(first);
        double x = 0.7, y = -1.3;
        double[] at = partial.variables().get(0).equals("x") ? new double[] {x, y} : new double[] {y, x};
        assertEquals(4 * x * x * x - 9 * x * x + y * Math.cos(x * y), partial.value(at), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Derive.derivativeSource("x + y", "z"));
    }

    /** s1 = cos(first), s(k) = cos(s(k-1)^2): long enough to become a loop. */
    private static String chain(String first, int steps) {
        StringBuilder src = new StringBuilder("s1 = cos(" + first + ")");
        for (int k = 2; k <= steps; k++) src.append("; s").append(k).append(" = cos(s").append(k - 1).append("*s").append(k - 1).append(')');
        return src.toString();
    }

    /** The chain by hand: its value and its derivative with respect to the first step's argument. */
    private static double[] chainByHand(double start, int steps) {
        double s = Math.cos(start);
        double slope = -Math.sin(start);
        for (int k = 2; k <= steps; k++) {
            slope *= -Math.sin(s * s) * 2 * s;
            s = Math.cos(s * s);
        }
        return new double[] {s, slope};
    }

    /** A chain re-rolled into a loop whose first step reads two values where later steps read one. */
    @Test
    void chainsWhoseFirstStepDiffersFromTheRestAreRightThroughEveryEntryPoint() {
        double a = 1, b = 2;
        double[] byHand = chainByHand(Math.sin(a) * Math.cos(b), 32);
        assertEquals(0.770988984103275, byHand[0], 1e-15);
        CompiledGradient f = Derive.gradient(chain("sin(a)*cos(b)", 32));
        double[] g = new double[2];
        assertEquals(byHand[0], f.valueAndGradient(new double[] {a, b}, g), 1e-14);
        assertEquals(byHand[1] * Math.cos(a) * Math.cos(b), g[0], 1e-13);
        assertEquals(-byHand[1] * Math.sin(a) * Math.sin(b), g[1], 1e-13);

        String longer = chain("sin(a)*cos(b)", 110);
        double[] at = {a, b};
        assertEquals(chainByHand(Math.sin(a) * Math.cos(b), 110)[0], Derive.function(longer).value(at), 1e-13);

        double x = 0.4;
        String oneInput = chain("sin(x)*cos(x)", 64);
        double[] single = chainByHand(Math.sin(x) * Math.cos(x), 64);
        assertEquals(single[1] * Math.cos(2 * x), Derive.derivative(oneInput).applyAsDouble(x), 1e-12);
        assertEquals(single[1] * Math.cos(2 * x),
                Derive.function(Derive.derivativeSource(oneInput, "x")).value(new double[] {x}), 1e-12);
    }

    /** Parsing and compiling neither fail nor clear the flag when the calling thread is interrupted. */
    @Test
    void anInterruptedThreadCompilesAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertEquals(6.0, Derive.function("x*y").value(new double[] {2, 3}));
            String deep = "sin(".repeat(3000) + "x" + ")".repeat(3000);
            assertTrue(Derive.compile(deep).applyAsDouble(0.5) > 0);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
