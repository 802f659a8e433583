package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;
import dev.derive.CompiledGradient;
import dev.derive.CompiledModel;
import dev.derive.Formula;
import dev.derive.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Random models with sums against their unrolled scalar text, written in derive's order of
 * summation ({@link Order}): the values are bit-identical. The partials agree to 8 ulps plus
 * 1e-13 of the largest partial (normwise) per 1000 terms: an element's partial adds the same
 * contributions, but the loops and the scalar sweep associate the products of the chain rule
 * differently, a few ulps each, which cancellation between contributions can make many ulps
 * of a small result, and a scalar's partial adds its n contributions in a different order
 * (in chunks, {@link Order}), an error that grows with n. Sizes cross the 1024-iteration
 * block, and compiled code equals the interpreter. Some terms are sums whose term does not
 * use their variable (computed once, their adjoint summed over the iterations).
 */
class UnrolledAgreementTest {

    /** A random body: both forms of each term, as text of the loop variable's value. */
    private record Body(String indexed, IntFunction<String> unrolled) {}

    @Test
    void randomModelsAgreeWithTheirUnrolledText() {
        int checked = 0;
        for (long seed = 0; seed < 60; seed++) {
            Random r = new Random(seed);
            Body random = body(r, 3);
            // sometimes a sum over k whose term does not use k: computed once, its adjoint summed
            Body same = r.nextBoolean() ? body(r, 2) : null;
            Body body = new Body(random.indexed() + " + 0.25*x[i+1]*y[i]"
                    + (same == null ? "" : " + sum(k = 0 .. 1, " + same.indexed() + ")"),
                    k -> random.unrolled().apply(k) + " + 0.25*x" + (k + 1) + "*y" + k
                            + (same == null ? "" : " + (" + ordered(2, t -> same.unrolled().apply(k)) + ")"));
            String[] constantTerms = {"a", "a*c", "sin(a) + c", "c^2*a", "2"};
            String top = r.nextInt(3) == 0 ? constantTerms[r.nextInt(constantTerms.length)] : null;
            int n = switch ((int) (seed % 4)) {
                case 0 -> r.nextInt(5);
                case 1 -> 1 + r.nextInt(40);
                case 2 -> 1020 + r.nextInt(12);
                default -> 2050 + r.nextInt(10);
            };
            boolean outer = r.nextBoolean();
            String indexed = "sum(i = 0 .. n-1, " + body.indexed() + ")";
            String sum = ordered(n, body.unrolled());
            String scalarText = (outer ? "log(1 + (" + sum + ")^2) + a*c" : "(" + sum + ")*c + a")
                    + (top == null ? "" : " + (" + ordered(3, k -> top) + ")");
            String indexedText = (outer ? "log(1 + " + indexed + "^2) + a*c" : indexed + "*c + a")
                    + (top == null ? "" : " + sum(k = 1 .. 3, " + top + ")");
            double[] x = r.doubles(n + 1, -1.5, 1.5).toArray();
            double[] y = r.doubles(n, -1, 1).toArray();
            double a = r.nextDouble() - 0.5;
            double c = r.nextDouble() + 0.5;

            CompiledModel model = Model.parse(indexedText).compile(List.of("x", "a", "c"), Model.Tuning.standard());
            Bindings b = model.bind().array("x", x).array("y", y).scalar("a", a).scalar("c", c).size("n", n);
            CompiledModel.Gradient g = model.newGradient(b);
            double value = model.valueAndGradient(b, g);

            Formula scalar = Formula.parse(scalarText.isEmpty() ? "0" : scalarText);
            List<String> vars = scalar.variables();
            double[] point = new double[vars.size()];
            for (int k = 0; k < point.length; k++) point[k] = valueOf(vars.get(k), x, y, a, c);
            CompiledGradient compiled = scalar.derivatives().compile();
            double[] partials = new double[vars.size()];
            double expected = compiled.valueAndGradient(point, partials);
            String what = "seed " + seed + ", n = " + n + ": " + indexedText;
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(value), what + ": value");
            double largest = 0;
            for (double p : partials) largest = Math.max(largest, Math.abs(p));
            for (int k = 0; k < vars.size(); k++) {
                String v = vars.get(k);
                double got = v.startsWith("x") ? g.array("x")[Integer.parseInt(v.substring(1))]
                        : v.equals("a") ? g.scalar("a") : v.equals("c") ? g.scalar("c") : Double.NaN;
                if (v.startsWith("y")) continue;
                assertClose(partials[k], got, largest * Math.max(1, n / 1000.0), what + ": d/d" + v);
            }
            ModelTestSupport.agreesWithInterpreter(model, b);
            centralDifferences(model, x, y, a, c, n, g, r, what);
            checked++;
        }
        assertTrue(checked >= 60);
    }

    /** Three partials with respect to x against central differences of the compiled value. */
    private static void centralDifferences(CompiledModel model, double[] x, double[] y, double a, double c, int n,
                                           CompiledModel.Gradient g, Random r, String what) {
        for (int t = 0; t < 3 && n > 0; t++) {
            int k = r.nextInt(n + 1);
            double h = 1e-6;
            double[] up = x.clone();
            double[] down = x.clone();
            up[k] += h;
            down[k] -= h;
            double f1 = model.value(model.bind().array("x", up).array("y", y).scalar("a", a).scalar("c", c).size("n", n));
            double f0 = model.value(model.bind().array("x", down).array("y", y).scalar("a", a).scalar("c", c).size("n", n));
            double difference = (f1 - f0) / (2 * h);
            double partial = g.array("x")[k];
            if (!Double.isFinite(difference) || !Double.isFinite(partial)) continue;
            double scale = Math.max(1, Math.max(Math.abs(partial), Math.abs(f1) * 1e-3));
            assertTrue(Math.abs(difference - partial) <= 1e-4 * scale, what + ": d/dx" + k + " = " + partial
                    + ", central difference " + difference);
        }
    }

    private static double valueOf(String name, double[] x, double[] y, double a, double c) {
        return switch (name.charAt(0)) {
            case 'x' -> x[Integer.parseInt(name.substring(1))];
            case 'y' -> y[Integer.parseInt(name.substring(1))];
            case 'a' -> a;
            case 'c' -> c;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Terms 0 .. n-1 summed as derive sums them: lanes of every fourth term in blocks, blocks in turn. */
    static String ordered(int n, IntFunction<String> term) {
        if (n == 0) return "0";
        List<String> blocks = new ArrayList<>();
        for (int start = 0; start < n; start += Order.BLOCK) {
            int end = Math.min(n - 1, start + Order.BLOCK - 1);
            String[] lanes = new String[4];
            for (int k = start; k <= end; k++) {
                int lane = (k - start) & 3;
                String t = "(" + term.apply(k) + ")";
                lanes[lane] = lanes[lane] == null ? t : lanes[lane] + " + " + t;
            }
            String left = lanes[1] == null ? "(" + lanes[0] + ")" : "((" + lanes[0] + ") + (" + lanes[1] + "))";
            String right = lanes[2] == null ? null : lanes[3] == null ? "(" + lanes[2] + ")" : "((" + lanes[2] + ") + (" + lanes[3] + "))";
            blocks.add(right == null ? left : "(" + left + " + " + right + ")");
        }
        return String.join(" + ", blocks);
    }

    /** A random expression of x[i], x[i+1], y[i], i, a and c, at most {@code depth} deep. */
    private static Body body(Random r, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return switch (r.nextInt(6)) {
                case 0 -> new Body("x[i]", k -> "x" + k);
                case 1 -> new Body("x[i+1]", k -> "x" + (k + 1));
                case 2 -> new Body("y[i]", k -> "y" + k);
                case 3 -> new Body("a", k -> "a");
                case 4 -> new Body("i", k -> Integer.toString(k));
                default -> {
                    String c = Double.toString((r.nextInt(17) - 8) / 4.0);
                    yield new Body("(" + c + ")", k -> "(" + c + ")");
                }
            };
        }
        Body p = body(r, depth - 1);
        Body q = body(r, depth - 1);
        return switch (r.nextInt(9)) {
            case 0 -> new Body("(" + p.indexed() + " + " + q.indexed() + ")", k -> "(" + p.unrolled().apply(k) + " + " + q.unrolled().apply(k) + ")");
            case 1 -> new Body("(" + p.indexed() + " - " + q.indexed() + ")", k -> "(" + p.unrolled().apply(k) + " - " + q.unrolled().apply(k) + ")");
            case 2, 3 -> new Body("(" + p.indexed() + "*" + q.indexed() + ")", k -> "(" + p.unrolled().apply(k) + "*" + q.unrolled().apply(k) + ")");
            case 4 -> new Body("sin(" + p.indexed() + ")", k -> "sin(" + p.unrolled().apply(k) + ")");
            case 5 -> new Body("tanh(" + p.indexed() + ")", k -> "tanh(" + p.unrolled().apply(k) + ")");
            case 6 -> new Body("sqrt(" + p.indexed() + "^2 + 1)", k -> "sqrt(" + p.unrolled().apply(k) + "^2 + 1)");
            case 7 -> new Body("if(" + p.indexed() + " > " + q.indexed() + ", " + p.indexed() + ", " + q.indexed() + "^2)",
                    k -> "if(" + p.unrolled().apply(k) + " > " + q.unrolled().apply(k) + ", " + p.unrolled().apply(k) + ", "
                            + q.unrolled().apply(k) + "^2)");
            default -> new Body("exp(-(" + p.indexed() + ")^2)", k -> "exp(-(" + p.unrolled().apply(k) + ")^2)");
        };
    }

    static void assertClose(double expected, double actual, double largest, String what) {
        if (Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual)) return;
        if (expected == actual) return; // 0.0 and -0.0
        double tolerance = 8 * Math.ulp(Math.max(Math.abs(expected), Math.abs(actual))) + 1e-13 * largest;
        assertTrue(Math.abs(expected - actual) <= tolerance, what + ": expected " + expected + " but was " + actual);
    }
}
