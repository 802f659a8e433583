package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Formula;
import dev.derive.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random models over data rows, {@code sum(i = 0 .. m-1, row)} with rows made of sums, max and
 * logsumexp over the features j of X[i, j], y[i], w[j] and b: on one thread and on two (the
 * same bits, with 5000 rows cut into chunks), compiled and interpreted (the same bits), and
 * for a few rows against the text unrolled and differentiated by the scalar pipeline. This
 * generator found that a model with a max in a sum could not be compiled twice.
 */
class RandomDataModelsTest {
    /** An expression of the row i and the feature j, written indexed or unrolled at them. */
    private interface Expr {
        String indexed();

        String unrolled(int i, int j, int d);
    }

    @Test
    void randomDataModelsGiveTheSameBitsOnAnyThreadsAndAgreeWithTheirUnrolledText() {
        int unrolled = 0;
        for (long seed = 0; seed < 100; seed++) {
            Random r = new Random(seed);
            Expr total = reduction("sum", "i", row(r, 3));
            boolean mean = r.nextBoolean();
            String source = total.indexed() + (mean ? " / m" : " + b*w[0]");
            Model model = Model.parse(source);
            List<String> wrt = new ArrayList<>();
            if (model.arrays().contains("w")) wrt.add("w");
            if (model.scalars().contains("b")) wrt.add("b");
            if (wrt.isEmpty()) continue;
            CompiledModel one = model.compile(wrt, Model.Tuning.standard());
            CompiledModel two = model.compile(wrt, Model.Tuning.standard().threads(2));
            for (int[] shape : new int[][] {{1, 1}, {3, 2}, {5000, 3}}) {
                int m = shape[0];
                int d = shape[1];
                String what = "seed " + seed + ", m = " + m + ", d = " + d + ": " + source;
                Random data = new Random(seed * 7 + m);
                double[][] x = new double[m][d];
                for (double[] features : x) for (int j = 0; j < d; j++) features[j] = data.nextGaussian();
                double[] y = new double[m];
                for (int i = 0; i < m; i++) y[i] = data.nextBoolean() ? 1 : -1;
                double[] w = data.doubles(d, -1, 1).toArray();
                double b = data.nextDouble() - 0.5;
                Bindings b1 = bind(model, one.bind(), x, y, w, b, m, d);
                Bindings b2 = bind(model, two.bind(), x, y, w, b, m, d);
                CompiledModel.Gradient g1 = one.newGradient(b1);
                CompiledModel.Gradient g2 = two.newGradient(b2);
                CompiledModel.Gradient interpreted = one.newGradient(b1);
                double value = one.valueAndGradient(b1, g1);
                assertEquals(value, two.valueAndGradient(b2, g2), 0, what + ": on two threads");
                assertEquals(value, one.interpret(b1, interpreted), 0, what + ": interpreted");
                for (CompiledModel.Gradient other : List.of(g2, interpreted)) {
                    if (wrt.contains("w")) assertArrayEquals(g1.array("w"), other.array("w"), 0, what + ": d/dw");
                    if (wrt.contains("b")) assertEquals(g1.scalar("b"), other.scalar("b"), 0, what + ": d/db");
                }
                if (m > 10) continue;
                StringBuilder rows = new StringBuilder();
                for (int i = 0; i < m; i++) rows.append(i == 0 ? "" : " + ").append("(").append(total.unrolled(i, 0, d)).append(")");
                Formula f = Formula.parse("(" + rows + ")" + (mean ? " / " + m : " + b*w_0"));
                List<String> variables = f.variables();
                double[] at = new double[variables.size()];
                for (int k = 0; k < at.length; k++) {
                    String[] name = variables.get(k).split("_");
                    at[k] = switch (name[0]) {
                        case "b" -> b;
                        case "X" -> x[Integer.parseInt(name[1])][Integer.parseInt(name[2])];
                        case "y" -> y[Integer.parseInt(name[1])];
                        default -> w[Integer.parseInt(name[1])];
                    };
                }
                double[] partials = new double[at.length];
                double expected = f.derivatives().compile().valueAndGradient(at, partials);
                close(expected, value, what + ": the value");
                for (int k = 0; k < at.length; k++) {
                    String v = variables.get(k);
                    if (v.equals("b")) close(partials[k], g1.scalar("b"), what + ": d/db");
                    if (v.startsWith("w_")) close(partials[k], g1.array("w")[Integer.parseInt(v.substring(2))], what + ": d/d" + v);
                }
                unrolled++;
            }
        }
        assertTrue(unrolled > 100, unrolled + " models checked against their unrolled text");
    }

    private static void close(double expected, double actual, String what) {
        if (Double.isFinite(expected)) assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    private static Bindings bind(Model model, Bindings b, double[][] x, double[] y, double[] w, double bias, int m, int d) {
        if (model.arrays().contains("X")) b.matrix("X", x);
        if (model.arrays().contains("y")) b.array("y", y);
        if (model.arrays().contains("w")) b.array("w", w);
        if (model.scalars().contains("b")) b.scalar("b", bias);
        if (model.sizes().contains("m")) b.size("m", m);
        if (model.sizes().contains("d")) b.size("d", d);
        return b;
    }

    /** A row's value: made of y[i], b, and reductions over the features. */
    private static Expr row(Random r, int depth) {
        return switch (r.nextInt(depth <= 0 ? 2 : 7)) {
            case 0 -> text("y[i]", (i, j) -> "y_" + i);
            case 1 -> reduction(r.nextInt(4) == 0 ? "max" : "sum", "j", feature(r, 2));
            case 2 -> binary("*", row(r, depth - 1), row(r, depth - 1));
            case 3 -> binary("+", row(r, depth - 1), text("b", (i, j) -> "b"));
            case 4 -> call(new String[] {"log1p(", "sin(", "tanh("}[r.nextInt(3)], binary("*", row(r, depth - 1), row(r, depth - 1)));
            case 5 -> call("log1p(exp(", binary("*", text("-y[i]", (i, j) -> "-y_" + i), row(r, depth - 1)), "))");
            default -> reduction(r.nextBoolean() ? "logsumexp" : "sum", "j",
                    binary("*", text("w[j]", (i, j) -> "w_" + j), binary("+", text("X[i, j]", (i, j) -> "X_" + i + "_" + j),
                            text("y[i]", (i, j) -> "y_" + i))));
        };
    }

    /** A feature's value: made of X[i, j], w[j], y[i], b and constants. */
    private static Expr feature(Random r, int depth) {
        return switch (r.nextInt(depth <= 0 ? 4 : 8)) {
            case 0 -> text("X[i, j]", (i, j) -> "X_" + i + "_" + j);
            case 1 -> text("w[j]", (i, j) -> "w_" + j);
            case 2 -> r.nextBoolean() ? text("b", (i, j) -> "b") : text("y[i]", (i, j) -> "y_" + i);
            case 3 -> {
                String c = Double.toString(Math.round(r.nextDouble() * 8 - 4) / 4.0);
                yield text("(" + c + ")", (i, j) -> "(" + c + ")");
            }
            case 4 -> binary("*", feature(r, depth - 1), feature(r, depth - 1));
            case 5 -> binary("+", feature(r, depth - 1), feature(r, depth - 1));
            case 6 -> call(new String[] {"sin(", "tanh(", "atan("}[r.nextInt(3)], feature(r, depth - 1));
            default -> binary("-", feature(r, depth - 1), feature(r, depth - 1));
        };
    }

    private interface Unrolled {
        String at(int i, int j);
    }

    private static Expr text(String indexed, Unrolled unrolled) {
        return new Expr() {
            public String indexed() {
                return indexed;
            }

            public String unrolled(int i, int j, int d) {
                return unrolled.at(i, j);
            }
        };
    }

    private static Expr binary(String op, Expr p, Expr q) {
        return new Expr() {
            public String indexed() {
                return "(" + p.indexed() + " " + op + " " + q.indexed() + ")";
            }

            public String unrolled(int i, int j, int d) {
                return "(" + p.unrolled(i, j, d) + " " + op + " " + q.unrolled(i, j, d) + ")";
            }
        };
    }

    private static Expr call(String open, Expr p) {
        return call(open, p, ")");
    }

    private static Expr call(String open, Expr p, String close) {
        return new Expr() {
            public String indexed() {
                return open + p.indexed() + close;
            }

            public String unrolled(int i, int j, int d) {
                return open + p.unrolled(i, j, d) + close;
            }
        };
    }

    /** kind over the rows (i = 0 .. m-1, the row given: unrolled one row at a time) or the features (j = 0 .. d-1). */
    private static Expr reduction(String kind, String variable, Expr body) {
        return new Expr() {
            public String indexed() {
                return kind + "(" + variable + " = 0 .. " + (variable.equals("i") ? "m" : "d") + "-1, " + body.indexed() + ")";
            }

            public String unrolled(int i, int j, int d) {
                if (variable.equals("i")) return body.unrolled(i, j, d);
                List<String> terms = new ArrayList<>();
                for (int k = 0; k < d; k++) terms.add("(" + body.unrolled(i, k, d) + ")");
                return switch (kind) {
                    case "sum" -> "(" + String.join(" + ", terms) + ")";
                    case "logsumexp" -> "log(exp(" + String.join(") + exp(", terms) + "))";
                    default -> {
                        String folded = terms.get(0);
                        for (int k = 1; k < terms.size(); k++) folded = kind + "(" + folded + ", " + terms.get(k) + ")";
                        yield folded;
                    }
                };
            }
        };
    }
}
