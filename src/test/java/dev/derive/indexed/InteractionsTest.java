package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.CompiledModelHessian;
import dev.derive.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Hessian's structure ({@link Interactions}) contains every entry central differences of
 * the compiled gradient see, and the entries from coloured Hessian-vector products
 * ({@link SparsePattern}) have the differences' values: on models that exercise each rule and on
 * random models over data rows.
 */
class InteractionsTest {
    /** Products, quotients, powers, each reduction, 2-D arrays, strides, if, piecewise functions. */
    static final String[] MODELS = {
        "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
        "sum(i = 0 .. n-1, x[i] / sum(j = 0 .. n-1, x[j]))",
        "prod(i = 0 .. n-1, x[i]) + sum(i = 1 .. n-1, x[i]*x[i-1])",
        "logsumexp(i = 0 .. n-1, a*x[i]) + max(i = 0 .. n-1, x[i]^2)",
        "sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]*a))",
        "sum(i = 0 .. m-1, (sum(j = 0 .. d-1, W[i,j]*x[j]) - y[i])^2)",
        "sum(i = 0 .. m-1, sin(sum(j = 0 .. d-1, W[i,j]*W[i,j]*x[j])) * a)",
        "sum(i = 0 .. n-1, exp(x[2*i] * x[2*i + 1]))",
        "sum(i = 0 .. n-1, if(x[i] > 0, x[i]^3, x[i]*a)) + sum(i = 0 .. n-2, if(i > 0, x[i-1]*x[i+1], 0))",
        "a^2*b + sum(i = 0 .. n-1, b/x[i] + abs(x[i]) + max(x[i], a)*a)",
    };

    @Test
    void everyEntryCentralDifferencesSeeIsInThePatternWithItsValue() {
        for (String source : MODELS) {
            Model model = Model.parse(source);
            List<String> wrt = new ArrayList<>();
            for (String a : model.arrays()) if (!a.equals("y")) wrt.add(a);
            wrt.addAll(model.scalars());
            for (int n : new int[] {1, 2, 6, 9}) {
                Random r = new Random(source.hashCode() + n);
                Point at = Point.random(model, r, n, source.contains("2*i") ? 2 * n + 1 : n);
                check(model, wrt, at, source + " at n = " + n);
            }
        }
    }

    @Test
    void randomModelsOverDataRows() {
        for (long seed = 0; seed < 25; seed++) {
            Random r = new Random(77 + seed);
            String source = ChunkingTest.model(r);
            Model model = Model.parse(source);
            check(model, List.of("w", "a", "b"), Point.random(model, r, 0, 0), "seed " + seed + ": " + source);
        }
    }

    @Test
    void structureIsTheSameForEverySize() {
        Model model = Model.parse("sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]*a))");
        assertEquals(List.of("a, x[i] for i = 0 .. n - 1", "a, x[j] for i = 0 .. n - 1, j = 0 .. i",
                "x[i], x[j] for i = 0 .. n - 1, j = 0 .. i"), model.hessian("x", "a").structure());
    }

    /** The Hessian's entries against central differences of the compiled gradient, column by column. */
    private static void check(Model model, List<String> wrt, Point at, String what) {
        CompiledModelHessian h = model.hessian(wrt, Model.Tuning.standard());
        Bindings b = h.bind();
        at.bind(b, null, 0, 0);
        CompiledModelHessian.Pattern p = h.pattern(b);
        double[] entries = h.sparseHessian(b, p, null);
        int size = p.size();
        Double[][] listed = new Double[size][size];
        for (int k = 0; k < entries.length; k++) {
            assertTrue(p.row(k) >= p.column(k), what);
            listed[p.row(k)][p.column(k)] = entries[k];
        }
        CompiledModel f = model.compile(wrt, Model.Tuning.standard());
        for (int column = 0; column < size; column++) {
            String input = inputAt(p, wrt, column);
            int local = column - p.offset(input);
            double step = 1e-5 * Math.max(1, Math.abs(at.values.get(input)[local]));
            double[] up = gradient(f, wrt, at, input, local, step);
            double[] down = gradient(f, wrt, at, input, local, -step);
            for (int row = column; row < size; row++) {
                double fd = (up[row] - down[row]) / (2 * step);
                if (Double.isNaN(fd)) continue;
                String entry = what + ": " + p.name(row) + ", " + p.name(column);
                double tolerance = 2e-5 * Math.max(1, Math.abs(fd));
                if (listed[row][column] == null) assertEquals(0, fd, tolerance, entry + " is not in the pattern");
                else assertEquals(fd, listed[row][column], tolerance, entry);
            }
        }
    }

    /** The input at a position: the last whose offset is not past it (empty arrays share their offset). */
    private static String inputAt(CompiledModelHessian.Pattern p, List<String> wrt, int position) {
        String found = null;
        for (String w : wrt) if (p.offset(w) <= position) found = w;
        return found;
    }

    /** The gradient, laid end to end as the pattern lays the inputs, with one element moved by step. */
    private static double[] gradient(CompiledModel f, List<String> wrt, Point at, String input, int local, double step) {
        Bindings b = f.bind();
        at.bind(b, input, local, step);
        CompiledModel.Gradient g = f.newGradient(b);
        f.valueAndGradient(b, g);
        List<Double> all = new ArrayList<>();
        for (String w : wrt) {
            if (at.scalars.contains(w)) all.add(g.scalar(w));
            else for (double v : g.array(w)) all.add(v);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Values for a model's inputs: arrays (2-D ones m × d), scalars, and the sizes m and d. */
    record Point(Map<String, double[]> values, Map<String, Integer> columns, List<String> scalars,
                         Map<String, Integer> sizes) {
        static Point random(Model model, Random r, int n, int xLength) {
            int m = 1 + r.nextInt(5);
            int d = 1 + r.nextInt(4);
            Map<String, double[]> values = new LinkedHashMap<>();
            Map<String, Integer> columns = new LinkedHashMap<>();
            for (String a : model.arrays()) {
                if (model.rank(a) == 2) {
                    values.put(a, r.doubles((long) m * d, -1, 1).toArray());
                    columns.put(a, d);
                    continue;
                }
                int length = a.equals("y") ? m : model.sizes().contains("n") ? xLength : d;
                double[] v = r.doubles(length, 0.3, 1.2).toArray();
                for (int k = 0; k < v.length; k++) if (r.nextBoolean()) v[k] = -v[k];
                values.put(a, v);
            }
            for (String s : model.scalars()) values.put(s, new double[] {0.5 + r.nextDouble()});
            Map<String, Integer> sizes = new LinkedHashMap<>();
            if (model.sizes().contains("m")) sizes.put("m", m);
            if (model.sizes().contains("d")) sizes.put("d", d);
            if (model.sizes().contains("n")) sizes.put("n", n);
            return new Point(values, columns, model.scalars(), sizes);
        }

        /** Binds every input, {@code moved}'s element {@code local} moved by {@code step}. */
        void bind(Bindings b, String moved, int local, double step) {
            for (Map.Entry<String, double[]> v : values.entrySet()) {
                double[] copy = v.getValue().clone();
                if (v.getKey().equals(moved)) copy[local] += step;
                if (scalars.contains(v.getKey())) b.scalar(v.getKey(), copy[0]);
                else if (columns.containsKey(v.getKey())) {
                    int d = columns.get(v.getKey());
                    b.matrix(v.getKey(), copy.length / d, d, copy);
                } else {
                    b.array(v.getKey(), copy);
                }
            }
            for (Map.Entry<String, Integer> s : sizes.entrySet()) b.size(s.getKey(), s.getValue());
        }
    }
}
