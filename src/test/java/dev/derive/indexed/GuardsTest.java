package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An array access in a branch of an if is checked only where that branch is taken, so
 * boundary cases can be written with if: values and gradients against plain Java and central
 * differences, compiled against the interpreter and on several threads, and the error where
 * the branch taken does read out of range.
 */
class GuardsTest {
    static final String NEIGHBOURS = "sum(i = 0 .. n-1, if(i > 0, x[i-1]*x[i], 0))";
    static final List<String> MODELS = List.of(
            NEIGHBOURS,
            "sum(i = 0 .. n-1, if(i < n-1, (x[i+1] - x[i])^2, x[i]^2))",
            "sum(i = 0 .. n-1, if(i > 0, if(i < n-1, x[i-1] - 2*x[i] + x[i+1], x[i-1]), x[i+1])^2)",
            "sum(i = 0 .. n-1, if(i == 0, x[i], 1/x[i-1]))",
            "prod(i = 0 .. n-1, if(i > 0, 1 + 0.001*x[i-1]^2, 2)) + sum(i = 0 .. n-1, sin(if(i >= 1, x[i-1], x[i])))",
            // x[i-1] read in a branch in one sum and everywhere in another, which starts at 1
            "sum(i = 1 .. n-1, x[i-1]*x[i]) + sum(i = 0 .. n-1, if(i > 0, x[i-1]^2, x[i]))",
            "sum(i = 1 .. n-1, x[i-1] + x[i]) + sum(i = 0 .. n-1, if(i > 0, x[i-1]*x[i], 0))",
            // the if in a sum inside the element's (its branch reads j too), the condition of the element's
            "sum(i = 0 .. n-1, sum(j = 0 .. 1, if(i > 0, x[i-1]*x[j], j)))",
            "sum(i = 0 .. n-1, sum(j = 0 .. 1, if(i < n-1, x[i+1]*j, x[i])*x[i]))");

    @Test
    void boundaryCasesWrittenWithIf() {
        double[] x = {0.5, -1.25, 2, 0.75, 1.5};
        CompiledModel f = Model.parse(NEIGHBOURS).compile("x");
        Bindings b = f.bind().array("x", x);
        CompiledModel.Gradient g = f.newGradient(b);
        double expected = 0;
        for (int i = 1; i < x.length; i++) expected += x[i - 1] * x[i];
        assertEquals(expected, f.valueAndGradient(b, g), 1e-15);
        double[] partials = new double[x.length];
        for (int k = 0; k < x.length; k++) partials[k] = (k + 1 < x.length ? x[k + 1] : 0) + (k > 0 ? x[k - 1] : 0);
        assertArrayEquals(partials, g.array("x"), 1e-15);
        ModelTestSupport.agreesWithInterpreter(f, b);
    }

    @Test
    void everyModelAgreesWithCentralDifferencesTheInterpreterAndThreads() {
        Random r = new Random(4);
        for (String source : MODELS) {
            for (int n : new int[] {2, 3, 17, 3000}) {
                double[] x = r.doubles(n, 0.5, 1.5).toArray();
                double[] reference = null;
                for (int threads : new int[] {1, 2}) {
                    CompiledModel f = Model.parse(source).compile(List.of("x"), Model.Tuning.standard().threads(threads));
                    Bindings b = f.bind().array("x", x);
                    CompiledModel.Gradient g = f.newGradient(b);
                    double v = f.valueAndGradient(b, g);
                    double[] all = new double[n + 1];
                    all[0] = v;
                    System.arraycopy(g.array("x"), 0, all, 1, n);
                    if (reference == null) reference = all;
                    else assertArrayEquals(reference, all, source + " on " + threads + " threads");
                    if (n < 100) ModelTestSupport.agreesWithInterpreter(f, b);
                    for (int t = 0; t < 3; t++) {
                        int k = r.nextInt(n);
                        double keep = x[k];
                        x[k] = keep + 1e-6;
                        double up = f.value(b);
                        x[k] = keep - 1e-6;
                        double down = f.value(b);
                        x[k] = keep;
                        double difference = (up - down) / 2e-6;
                        double partial = g.array("x")[k];
                        assertTrue(Math.abs(difference - partial) <= 1e-5 * Math.max(1, Math.abs(partial)),
                                source + ", n = " + n + ": d/dx" + k + " = " + partial + ", central difference " + difference);
                    }
                }
            }
        }
    }

    @Test
    void aValueOnManyBranchesIsGuardedByTheBranchesTheyShare() {
        // sin(x[i-1]) is needed on ten branches, more than are told apart: each takes i > 0, so it
        // is needed only there (it was taken as needed everywhere, and i = 0 read out of range)
        StringBuilder terms = new StringBuilder();
        for (int c = 0; c < 10; c++) terms.append(c == 0 ? "" : " + ").append("if(x[i] > ").append(c).append(", sin(x[i-1]), 0)");
        CompiledModel f = Model.parse("sum(i = 0 .. n-1, if(i > 0, " + terms + ", 0))").compile("x");
        double[] x = {5.5, 3.5, 20};
        Bindings b = f.bind().array("x", x);
        double expected = 4 * Math.sin(5.5) + 10 * Math.sin(3.5);
        assertEquals(expected, f.value(b), 1e-12);
        assertEquals(expected, f.interpretValue(b), 1e-12);
        CompiledModel.Gradient g = f.newGradient(b);
        f.valueAndGradient(b, g);
        assertArrayEquals(new double[] {4 * Math.cos(5.5), 10 * Math.cos(3.5), 0}, g.array("x"), 1e-12);
        CompiledModel taken = Model.parse("sum(i = 0 .. n-1, if(i >= 0, " + terms + ", 0))").compile("x");
        assertThrows(IllegalArgumentException.class, () -> taken.value(taken.bind().array("x", x)));
    }

    /** An element guarded in one sum but read everywhere in another is checked in that one, every time. */
    @Test
    void anElementGuardedInOneSumIsStillCheckedInAnother() {
        String message = "x[i - 1] is out of range at i = 0: index -1, but x has length 3";
        for (String source : List.of("sum(i = 0 .. n-1, x[i-1]*x[i]) + sum(i = 0 .. n-1, if(i > 0, x[i-1], 0))",
                "sum(i = 0 .. n-1, x[i-1]) + sum(i = 0 .. n-1, if(i > 0, x[i-1]*x[i], 0))")) {
            for (boolean fuse : new boolean[] {true, false}) {
                CompiledModel f = Model.parse(source).compile(List.of("x"), new Model.Tuning(fuse, true, 1));
                Bindings b = f.bind().array("x", 1, 2, 3).size("n", 3);
                assertEquals(message, assertThrows(IllegalArgumentException.class, () -> f.value(b)).getMessage(), source);
                assertEquals(message, assertThrows(IllegalArgumentException.class, () -> f.interpretValue(b)).getMessage());
                CompiledModel.Gradient g = f.newGradient(b);
                assertEquals(message, assertThrows(IllegalArgumentException.class, () -> f.valueAndGradient(b, g))
                        .getMessage(), source + " fuse " + fuse);
                assertEquals(message, assertThrows(IllegalArgumentException.class, () -> f.interpret(b, g)).getMessage());
            }
        }
    }

    /**
     * Two sums over i share a subexpression with x[i + 1]: one needs it everywhere, the other (or
     * its gradient, where the product rule makes the first sum's x[i]*x[i + 1] again) only where
     * i < n - 1. It is checked in the first alone; it was checked over the second's whole range
     * too, a range error at i = n - 1, and n from x's length was one less. The same model with
     * the second sum over k shares nothing.
     */
    @Test
    void aSubexpressionTwoSumsShareIsCheckedOnlyWhereItIsNeededEverywhere() {
        String[][] models = {
                {"sum(i = 0 .. n-2, x[i+1]*x[i]) + sum(i = 0 .. n-1, if(i < n-1, x[i+1]*x[i], y[i]))",
                        "sum(i = 0 .. n-2, x[i+1]*x[i]) + sum(k = 0 .. n-1, if(k < n-1, x[k+1]*x[k], y[k]))"},
                {"sum(i = 1 .. n-3, x[i]*x[i+1]) + sum(i = 0 .. n-1, if(i < n-1, x[i+1]*(x[i]*x[i]), y[i]*x[i]))",
                        "sum(i = 1 .. n-3, x[i]*x[i+1]) + sum(k = 0 .. n-1, if(k < n-1, x[k+1]*(x[k]*x[k]), y[k]*x[k]))"}};
        Random r = new Random(7);
        for (String[] model : models) {
            for (int n : new int[] {4, 5000}) {
                double[] x = r.doubles(n, -1.5, 1.5).toArray();
                double[] y = r.doubles(n, -1, 1).toArray();
                for (boolean lazy : new boolean[] {true, false}) {
                    Model.Tuning tuning = Model.Tuning.standard().lazy(lazy).threads(2);
                    CompiledModel shared = Model.parse(model[0]).compile(List.of("x"), tuning);
                    CompiledModel apart = Model.parse(model[1]).compile(List.of("x"), tuning);
                    Bindings b = shared.bind().array("x", x).array("y", y).size("n", n);
                    Bindings c = apart.bind().array("x", x).array("y", y).size("n", n);
                    CompiledModel.Gradient g = shared.newGradient(b);
                    CompiledModel.Gradient h = apart.newGradient(c);
                    assertEquals(apart.valueAndGradient(c, h), shared.valueAndGradient(b, g), model[0]);
                    assertArrayEquals(h.array("x"), g.array("x"), model[0]);
                    assertEquals(apart.value(c), shared.value(b), model[0]);
                    ModelTestSupport.agreesWithInterpreter(shared, b);
                    // n follows from x as it does without the sharing (it was one less)
                    assertEquals(apart.value(apart.bind().array("x", x).array("y", y)),
                            shared.value(shared.bind().array("x", x).array("y", y)), model[0] + ", n from x");
                }
            }
        }
        // where the first sum does read past the end, that is still the error
        String message = "x[i + 1] is out of range at i = 2: index 3, but x has length 3";
        CompiledModel past = Model.parse("sum(i = 0 .. n-1, x[i+1]*x[i]) + sum(i = 0 .. n-1, if(i < n-1, x[i+1]*x[i], 0))")
                .compile("x");
        Bindings b = past.bind().array("x", 1, 2, 3).size("n", 3);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> past.value(b)).getMessage());
        CompiledModel.Gradient g = past.newGradient(b);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> past.valueAndGradient(b, g)).getMessage());
    }

    /**
     * Where reads outside any branch and reads in one share an array, a read in a branch whose
     * condition compares the variable with the size surely reaches its last index, so it bounds
     * the size too (n was 5 for 4 elements here, from the first sum alone: a range error); one
     * on a condition of the data, or that stops short of the end, does not.
     */
    @Test
    void aGuardedReadThatSurelyReachesTheEndBoundsTheSize() {
        double[] x = {0.5, -1, 0.25, 2};
        double[] c = {1, 0, 1, 1};
        Object[][] cases = {
                {"sum(i = 1 .. n-3, x[i]*x[i+1]) + sum(k = 0 .. n-1, if(k < n-1, x[k+1], 0))", 4},
                {"sum(i = 1 .. n-3, x[i]*x[i+1]) + sum(k = 0 .. n-1, if(k >= n-1, 0, x[k+1]))", 4},
                {"sum(i = 0 .. n-3, x[i+1]) + sum(k = 0 .. n-1, if(k > 0, x[k-1], 0))", 5},
                {"sum(i = 0 .. n-1, x[i]) + sum(k = 0 .. n-1, if(c[k], x[k+1], 0))", 4},
                {"sum(i = 0 .. n-1, x[i]) + sum(k = 0 .. n-1, if(k < 2, x[k+1], 0))", 4}};
        for (Object[] each : cases) {
            String source = (String) each[0];
            CompiledModel f = Model.parse(source).compile("x");
            Bindings b = f.bind().array("x", x);
            if (source.contains("c[")) b.array("c", c);
            assertEquals((int) each[1], f.size(b, "n"), source);
        }
        CompiledModel f = Model.parse((String) cases[0][0]).compile("x");
        Bindings inferred = f.bind().array("x", x);
        Bindings given = f.bind().array("x", x).size("n", 4);
        assertEquals(f.value(given), f.value(inferred));
        ModelTestSupport.agreesWithInterpreter(f, inferred);
    }

    @Test
    void aBranchTakenThatReadsOutOfRangeIsStillAnError() {
        String message = "x[i - 1] is out of range at i = 0: index -1, but x has length 3";
        CompiledModel always = Model.parse("sum(i = 0 .. n-1, if(i >= 0, x[i-1], 0))").compile("x");
        Bindings b = always.bind().array("x", 1, 2, 3);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> always.value(b)).getMessage());
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> always.interpretValue(b)).getMessage());
        CompiledModel.Gradient g = always.newGradient(b);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> always.valueAndGradient(b, g))
                .getMessage());

        // the condition is data: 0 takes the else branch, NaN neither, anything else the then branch
        CompiledModel byData = Model.parse("sum(i = 0 .. n-1, if(c[i], x[i-1], 5))").compile("x");
        assertEquals(15.0, byData.value(byData.bind().array("x", 1, 2, 3).array("c", 0, 0, 0)));
        assertTrue(Double.isNaN(byData.value(byData.bind().array("x", 1, 2, 3).array("c", Double.NaN, 0, 0))));
        Bindings taken = byData.bind().array("x", 1, 2, 3).array("c", 1, 0, 0);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> byData.value(taken)).getMessage());
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> byData.interpretValue(taken))
                .getMessage());

        // the if in an inner sum, taken: checked there, where it is taken
        CompiledModel inner = Model.parse("sum(i = 0 .. n-1, sum(j = 0 .. 1, if(i >= 0, x[i-1]*j, 0)))").compile("x");
        Bindings ib = inner.bind().array("x", 1, 2, 3);
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> inner.value(ib)).getMessage());
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> inner.interpretValue(ib)).getMessage());

        // read outside the if too: checked everywhere, as before
        CompiledModel both = Model.parse("sum(i = 0 .. n-1, if(i > 0, x[i-1], 0) + x[i-1])").compile("x");
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> both.value(both.bind().array("x", 1, 2, 3).size("n", 3))).getMessage());
    }

    /**
     * The forward-mode derivative and the Hessian of a model whose reads at i ± 1 are guarded
     * by conditions on i: the sizes still follow from x (the derivative's graph holds the
     * original sum too, whose guards were once not looked for, so its x[i + 1] made n one short).
     */
    @Test
    void guardedReadsBoundNoSizeInDerivativesOfTheModel() {
        String source = "sum(k = 0 .. n-1, (3 - 2*x[k])*x[k] - if(k >= 1, x[k-1], 0) - 2*if(k <= n-2, x[k+1], 0) + 1)";
        Model model = Model.parse(source);
        double[] x = {-1, 0.5, 2, -0.25, 1};
        double[] v = {0.3, -1, 0.5, 2, -0.7};
        CompiledModel f = model.compile("x");
        Bindings b = f.bind().array("x", x);
        CompiledModel.Gradient g = f.newGradient(b);
        f.valueAndGradient(b, g);
        double directional = 0;
        for (int i = 0; i < x.length; i++) directional += g.array("x")[i] * v[i];
        Model tangent = model.tangent("x");
        CompiledModel t = tangent.compile();
        assertEquals(directional, t.value(t.bind().array("x", x).array(tangent.direction("x"), v)), 1e-12);
        dev.derive.CompiledModelHessian h = model.hessian("x");
        Bindings hb = h.bind().array("x", x);
        double[] entries = h.sparseHessian(hb, h.pattern(hb), null);
        for (double e : entries) assertEquals(-4, e, 0, "the Hessian is -4 I");
        assertEquals(x.length, entries.length);
    }
}
