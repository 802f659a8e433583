package dev.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * max, min and logsumexp over ranges: values against their definitions in plain Java, the
 * gradient's conventions (a max's adjoint split evenly among tied terms; logsumexp's the
 * softmax), empty ranges, large and infinite terms, and central differences of models that
 * nest them in sums over data.
 */
class ReductionsTest {

    @Test
    void maxAndMinSendTheirAdjointToTheTermsEqualToThem() {
        CompiledModel max = Model.parse("max(i = 0 .. n-1, x[i])").compile("x");
        CompiledModel min = Model.parse("min(i = 0 .. n-1, x[i])").compile("x");
        check(max, new double[] {3, -1, 2}, 3, new double[] {1, 0, 0});
        check(max, new double[] {1, 5, 5, 0}, 5, new double[] {0, 0.5, 0.5, 0});
        check(max, new double[] {-2}, -2, new double[] {1});
        check(max, new double[] {}, Double.NEGATIVE_INFINITY, new double[] {});
        check(min, new double[] {3, -1, 2}, -1, new double[] {0, 1, 0});
        check(min, new double[] {4, 4, 4}, 4, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0});
        check(min, new double[] {}, Double.POSITIVE_INFINITY, new double[] {});
        Bindings nan = max.bind().array("x", 1, Double.NaN, 3);
        assertTrue(Double.isNaN(max.value(nan)), "a NaN term makes the max NaN");
    }

    @Test
    void aModelWithAMaxOrProductInASumCompilesAgain() {
        // differentiating a max adds the count of its ties, a product the count of its zeros: a
        // second compile of the model took that node, already in the graph, for a scalar input
        // ("x[i] depends on a loop variable not bound here"; found by compiling on 1 and 2 threads)
        for (String source : List.of("sum(i = 0 .. n-1, max(j = 0 .. 2, x[i]*j + b))",
                "sum(i = 0 .. n-1, prod(j = 0 .. 2, x[i]*j + b))", "sum(i = 0 .. n-1, min(j = 0 .. 2, x[i] - j*b))")) {
            Model model = Model.parse(source);
            CompiledModel first = model.compile("x", "b");
            CompiledModel again = model.compile(List.of("x", "b"), Model.Tuning.standard().threads(2));
            model.hessian("x", "b");
            double[] x = {0.5, -1, 2};
            Bindings b1 = first.bind().array("x", x).scalar("b", 0.25);
            Bindings b2 = again.bind().array("x", x).scalar("b", 0.25);
            CompiledModel.Gradient g1 = first.newGradient(b1);
            CompiledModel.Gradient g2 = again.newGradient(b2);
            assertEquals(first.valueAndGradient(b1, g1), again.valueAndGradient(b2, g2), 0, source);
            assertArrayEquals(g1.array("x"), g2.array("x"), 0, source);
            assertEquals(g1.scalar("b"), g2.scalar("b"), 0, source);
        }
    }

    @Test
    void anEmptyRangePassesNothingOnToTheGradient() {
        // a term the same in every iteration has its adjoint summed over them, then taken down
        // through its local derivatives once; over no iterations that sum is 0, and 0 times an
        // infinite derivative (exp(a - max) with the max over nothing, sqrt at 0) was NaN
        CompiledModel lse = Model.parse("logsumexp(i = 0 .. n-3, a) + atan(a)").compile("a");
        Bindings b = lse.bind().size("n", 1).scalar("a", 0.5);
        CompiledModel.Gradient g = lse.newGradient(b);
        assertEquals(Double.NEGATIVE_INFINITY, lse.valueAndGradient(b, g));
        assertEquals(1 / 1.25, g.scalar("a"), 1e-15);
        CompiledModel root = Model.parse("sum(i = 0 .. n-1, sqrt(a)*x[i]) + a").compile("x", "a");
        Bindings empty = root.bind().array("x").scalar("a", 0);
        CompiledModel.Gradient rg = root.newGradient(empty);
        assertEquals(0, root.valueAndGradient(empty, rg));
        assertEquals(1, rg.scalar("a"));
        assertEquals(0, root.interpret(empty, rg));
        assertEquals(1, rg.scalar("a"), "the interpreter too");
    }

    @Test
    void logSumExpIsStableAndItsGradientIsTheSoftmax() {
        CompiledModel lse = Model.parse("logsumexp(i = 0 .. n-1, x[i])").compile("x");
        for (double[] x : new double[][] {{1000, 1001, 999}, {-1000, -1001}, {0.5, -2, 3, 3}, {7}}) {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : x) m = Math.max(m, v);
            double s = 0;
            for (double v : x) s += Math.exp(v - m);
            double[] softmax = new double[x.length];
            for (int k = 0; k < x.length; k++) softmax[k] = Math.exp(x[k] - m) / s;
            Bindings b = lse.bind().array("x", x);
            CompiledModel.Gradient g = lse.newGradient(b);
            double value = lse.valueAndGradient(b, g);
            assertEquals(m + Math.log(s), value, 1e-15 * Math.abs(value), java.util.Arrays.toString(x));
            for (int k = 0; k < x.length; k++) assertEquals(softmax[k], g.array("x")[k], 1e-15, "softmax " + k);
            ModelTest.agreesWithInterpreter(lse, b);
        }
        assertEquals(Double.NEGATIVE_INFINITY, lse.value(lse.bind().array("x")), "an empty range");
        assertEquals(Double.NEGATIVE_INFINITY, lse.value(lse.bind().array("x", Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY)), "every term -inf");
        assertEquals(Double.POSITIVE_INFINITY, lse.value(lse.bind().array("x", 1, Double.POSITIVE_INFINITY)));
    }

    /** A Gaussian mixture's negative log-likelihood and a softmax regression, against central differences. */
    @Test
    void modelsWithReductionsInsideSumsAgreeWithCentralDifferences() {
        String mixture = "-sum(i = 0 .. m-1, logsumexp(k = 0 .. K-1, a[k] - (t[i] - mu[k])^2/2))";
        String softmax = "sum(i = 0 .. m-1, logsumexp(k = 0 .. K-1, sum(j = 0 .. d-1, W[k,j]*X[i,j]))"
                + " - sum(k = 0 .. K-1, Y[i,k]*sum(j = 0 .. d-1, W[k,j]*X[i,j])))"
                + " + max(k = 0 .. K-1, sum(j = 0 .. d-1, W[k,j]^2))";
        Random r = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            CompiledModel f = Model.parse(mixture).compile("a", "mu");
            double[] t = r.doubles(40 + trial, -3, 3).toArray();
            double[] a = r.doubles(3, -1, 1).toArray();
            double[] mu = r.doubles(3, -2, 2).toArray();
            Bindings b = f.bind().array("t", t).array("a", a).array("mu", mu);
            CompiledModel.Gradient g = f.newGradient(b);
            f.valueAndGradient(b, g);
            differences(f, b, g, "mu", mu);
            differences(f, b, g, "a", a);
            ModelTest.agreesWithInterpreter(f, b);
        }
        Model m = Model.parse(softmax);
        CompiledModel f = m.compile(List.of("W"), Model.Tuning.standard());
        double[][] X = new double[30][4];
        for (double[] row : X) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian();
        double[][] W = new double[3][4];
        for (double[] row : W) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian() * 0.3;
        double[] flat = new double[12];
        for (int k = 0; k < 3; k++) System.arraycopy(W[k], 0, flat, 4 * k, 4);
        double[][] Y = new double[30][3];
        for (double[] row : Y) row[r.nextInt(3)] = 1;
        Bindings b = f.bind().matrix("X", X).matrix("Y", Y).matrix("W", 3, 4, flat);
        CompiledModel.Gradient g = f.newGradient(b);
        f.valueAndGradient(b, g);
        differences(f, b, g, "W", flat);
        ModelTest.agreesWithInterpreter(f, b);
    }

    private static void check(CompiledModel f, double[] x, double value, double[] gradient) {
        Bindings b = f.bind().array("x", x);
        CompiledModel.Gradient g = f.newGradient(b);
        assertEquals(value, f.valueAndGradient(b, g), java.util.Arrays.toString(x));
        assertArrayEquals(gradient, g.array("x"), 1e-15, java.util.Arrays.toString(x));
        ModelTest.agreesWithInterpreter(f, b);
    }

    /** Every partial with respect to {@code array} (bound to {@code values}, changed in place) against central differences. */
    private static void differences(CompiledModel f, Bindings b, CompiledModel.Gradient g, String array, double[] values) {
        for (int k = 0; k < values.length; k++) {
            double h = 1e-6;
            double keep = values[k];
            values[k] = keep + h;
            double up = f.value(b);
            values[k] = keep - h;
            double down = f.value(b);
            values[k] = keep;
            double difference = (up - down) / (2 * h);
            double partial = g.array(array)[k];
            assertEquals(difference, partial, 1e-5 * Math.max(1, Math.abs(partial)), array + "[" + k + "]");
        }
    }
}
