package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;
import dev.derive.CompiledArray;
import dev.derive.CompiledModel;
import dev.derive.CompiledModelHessian;
import dev.derive.CompiledModelJacobian;
import dev.derive.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gradient as formulas ({@link Gathered}): they read back as models, their numbers are the
 * compiled gradient's to rounding, and the Jacobian of an array's partials read back is the
 * Hessian, on models that exercise every rule and on random models.
 */
class GatheredTest {
    /** More shapes of reads than {@link InteractionsTest#MODELS}: shifts both ways, reversal, strides, a fixed row, i + j. */
    static final String[] MORE = {
        "sum(i = 1 .. n-1, (x[i] - x[i-1])^2) + sum(i = 0 .. n-3, x[i+2]*x[i])",
        "sum(i = 0 .. n-1, x[n - 1 - i]*i) + x[0]^3",
        "sum(i = 0 .. m-1, sum(j = 0 .. d-1, W[i, j]^2*x[j])) + sum(j = 0 .. d-1, W[0, j]*x[j])",
        "sum(i = 0 .. n-1, sum(j = 0 .. n-1, x[i + j]*x[j]))",
        "sum(i = 0 .. n-1, sin(x[2*i]) + cos(x[2*i + 1])) + logsumexp(i = 0 .. 2*n, x[i])",
        "prod(i = 0 .. n-1, 1 + x[i]^2) + min(i = 0 .. n-1, x[i])",
    };

    @Test
    void rosenbrocksGradientReadsAsItsBoundaryCases() {
        Map<String, String> g = Model.parse("sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)")
                .gradientFormulas(List.of("x"));
        assertEquals("df_dx[k = 0 .. n - 1] = if(k >= 1, 200*(x[k] - x[k - 1]^2), 0) + if(k <= n - 2,"
                + " 100*((x[k + 1] - x[k]^2)*(-4*x[k])) + -2*(1 - x[k]), 0)", g.get("x"));
        Map<String, String> logistic = Model.parse("f = sum(i = 0 .. m-1, log1p(exp(-y[i]*(sum(j = 0 .. d-1,"
                + " w[j]*X[i,j]) + b))))").gradientFormulas(List.of("w", "b"));
        assertTrue(logistic.get("w").startsWith("df_dw[k = 0 .. d - 1] = sum(i = 0 .. m - 1, "), logistic.get("w"));
        assertTrue(logistic.get("w").contains("X[i, k]"), logistic.get("w"));
        assertTrue(logistic.get("b").startsWith("df_db = sum(i = 0 .. m - 1, "), logistic.get("b"));
    }

    @Test
    void formulasReadBackAndAgreeWithTheCompiledGradient() {
        List<String> models = new ArrayList<>(List.of(InteractionsTest.MODELS));
        models.addAll(List.of(MORE));
        for (String source : models) {
            Model model = Model.parse(source);
            List<String> wrt = wrt(model);
            Map<String, String> formulas = model.gradientFormulas(wrt);
            for (int n : new int[] {1, 2, 6, 9}) {
                Random r = new Random(source.hashCode() * 31L + n);
                InteractionsTest.Point at = InteractionsTest.Point.random(model, r, n, xLength(source, n));
                agree(model, wrt, formulas, at, source + " at n = " + n);
            }
        }
    }

    @Test
    void randomModelsOverDataRows() {
        for (long seed = 0; seed < 30; seed++) {
            Random r = new Random(500 + seed);
            String source = ChunkingTest.model(r);
            Model model = Model.parse(source);
            List<String> wrt = List.of("w", "X", "a", "b");
            agree(model, wrt, model.gradientFormulas(wrt), InteractionsTest.Point.random(model, r, 0, 0),
                    "seed " + seed + ": " + source);
        }
    }

    @Test
    void theJacobianOfTheGradientReadBackIsTheHessian() {
        List<String> models = new ArrayList<>(List.of(InteractionsTest.MODELS));
        models.addAll(List.of(MORE));
        for (String source : models) {
            Model model = Model.parse(source);
            if (!model.arrays().contains("x")) continue;
            List<String> wrt = List.of("x");
            Model back = Model.parse(model.gradientFormulas(wrt).get("x"));
            CompiledModelHessian h = model.hessian("x");
            if (!back.arrays().contains("x")) {
                assertEquals(List.of(), h.structure(), source + ": the gradient does not read x, so it is linear in x");
                continue;
            }
            CompiledModelJacobian j = back.jacobian(List.of("x"), Model.Tuning.standard());
            for (int n : new int[] {1, 3, 7}) {
                Random r = new Random(source.hashCode() + 7L * n);
                InteractionsTest.Point at = InteractionsTest.Point.random(model, r, n, xLength(source, n));
                String what = source + " at n = " + n;
                Bindings hb = h.bind();
                at.bind(hb, null, 0, 0);
                CompiledModelHessian.Pattern hp = h.pattern(hb);
                double[] hessian = h.sparseHessian(hb, hp, null);
                Bindings jb = j.bind();
                bind(back, jb, at);
                CompiledModelHessian.Pattern jp = j.pattern(jb);
                double[] jacobian = j.sparseJacobian(jb, jp, null);
                int size = at.values().get("x").length;
                double[][] dense = new double[size][size];
                for (int k = 0; k < jacobian.length; k++) {
                    dense[jp.row(k) - jp.offset(back.name())][jp.column(k)] = jacobian[k];
                }
                for (int k = 0; k < hessian.length; k++) {
                    int row = hp.row(k);
                    int column = hp.column(k);
                    double expected = hessian[k];
                    if (Double.isNaN(expected)) continue;
                    double tolerance = 1e-9 * Math.max(1, Math.abs(expected));
                    assertEquals(expected, dense[row][column], tolerance, what + ": " + hp.name(row) + ", " + hp.name(column));
                    assertEquals(expected, dense[column][row], tolerance, what + ": " + hp.name(column) + ", " + hp.name(row));
                }
            }
        }
    }

    /** The inputs to differentiate: every array but the labels y, and every scalar. */
    private static List<String> wrt(Model model) {
        List<String> wrt = new ArrayList<>();
        for (String a : model.arrays()) if (!a.equals("y")) wrt.add(a);
        wrt.addAll(model.scalars());
        return wrt;
    }

    private static int xLength(String source, int n) {
        return source.contains("2*i") || source.contains("i + j") || source.contains("2*n") ? 2 * n + 1 : n;
    }

    /** Each formula read back and evaluated against the compiled gradient's partials. */
    private static void agree(Model model, List<String> wrt, Map<String, String> formulas, InteractionsTest.Point at,
                              String what) {
        CompiledModel f = model.compile(wrt, Model.Tuning.standard());
        Bindings b = f.bind();
        at.bind(b, null, 0, 0);
        CompiledModel.Gradient g = f.newGradient(b);
        f.valueAndGradient(b, g);
        for (String input : wrt) {
            String formula = formulas.get(input);
            Model back = Model.parse(formula);
            String where = what + ", d/d" + input + ": " + formula;
            if (model.arrays().contains(input)) {
                CompiledArray partials = back.compileArray();
                Bindings pb = partials.bind();
                bind(back, pb, at);
                double[] expected = g.array(input);
                double[] got = partials.value(pb);
                double[] interpreted = partials.interpret(pb);
                // the formula's array reaches the last element the model reads; the rest are 0
                int[] shape = partials.shape(pb);
                Integer columns = at.columns().get(input);
                int width = columns == null ? 1 : columns;
                assertTrue(shape[0] * width <= expected.length && shape[1] <= width, where + ": shape " + shape[0] + " x "
                        + shape[1] + " for " + expected.length);
                for (int k = 0; k < expected.length; k++) {
                    int row = k / width;
                    int column = k % width;
                    boolean inside = row < shape[0] && column < shape[1];
                    double e = expected[k];
                    double v = inside ? got[row * shape[1] + column] : 0;
                    assertEquals(e, v, 1e-9 * Math.max(1, Math.abs(e)), where + " at " + k);
                    if (inside) assertEquals(v, interpreted[row * shape[1] + column], 0, where + " interpreted at " + k);
                }
            } else {
                CompiledModel partial = back.compile();
                Bindings pb = partial.bind();
                bind(back, pb, at);
                double e = g.scalar(input);
                assertEquals(e, partial.value(pb), 1e-9 * Math.max(1, Math.abs(e)), where);
            }
        }
    }

    /** Binds the inputs and sizes {@code back} has, from the point. */
    private static void bind(Model back, Bindings b, InteractionsTest.Point at) {
        for (String a : back.arrays()) {
            double[] v = at.values().get(a);
            Integer columns = at.columns().get(a);
            if (columns == null) b.array(a, v);
            else b.matrix(a, v.length / columns, columns, v);
        }
        for (String s : back.scalars()) {
            assertTrue(at.values().containsKey(s), "'" + s + "' is no input of the model: " + back.name() + " " + back.arrays() + " " + back.sizes());
            b.scalar(s, at.values().get(s)[0]);
        }
        for (String s : back.sizes()) if (at.sizes().containsKey(s)) b.size(s, at.sizes().get(s));
    }
}
