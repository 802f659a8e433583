package dev.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Models whose value is an array ({@code r[k = 0 .. n-2] = ...}): the compiled array against
 * the interpreter and against values by hand, and the sparse Jacobian against central
 * differences of the compiled array, column by column, on fixed and random models.
 */
class ArrayOutputTest {
    private static final String RESIDUALS = "r[k = 0 .. n-2] = x[k+1] - x[k]^2";

    @Test
    void residualsAndTheirJacobianByHand() {
        Model m = Model.parse(RESIDUALS);
        assertEquals(List.of("x"), m.arrays());
        assertEquals(1, m.outputRank());
        assertEquals(List.of("k = 0 .. n - 2"), m.outputRanges());
        CompiledArray r = m.compileArray();
        double[] x = {1, 2, 3, 4, 5};
        Bindings b = r.bind().array("x", x);
        assertArrayEquals(new double[] {1, -1, -5, -11}, r.value(b));
        assertArrayEquals(new int[] {4, 1}, r.shape(b));
        double[] into = new double[4];
        assertTrue(r.value(b, into) == into, "written into the array given");
        assertArrayEquals(new double[] {1, -1, -5, -11}, into);
        assertEquals(4, r.value(b, new double[3]).length, "a new array where the one given does not fit");
        CompiledModelJacobian j = m.jacobian("x");
        assertEquals(List.of("r[k], x[k + 1] for k = 0 .. n - 2", "r[k], x[k] for k = 0 .. n - 2"), j.structure());
        for (int n : new int[] {1, 2, 1000}) {
            double[] at = new Random(n).doubles(n, -2, 2).toArray();
            Bindings jb = j.bind().array("x", at);
            CompiledModelHessian.Pattern p = j.pattern(jb);
            double[] entries = j.sparseJacobian(jb, p, null);
            assertEquals(2 * (n - 1), entries.length);
            assertTrue(p.colours() <= 2, "two colours for any n, not " + p.colours());
            for (int e = 0; e < entries.length; e++) {
                int row = p.row(e) - p.offset("r");
                int column = p.column(e);
                double expected = column == row + 1 ? 1 : -2 * at[row];
                assertEquals(column == row || column == row + 1, true, p.name(p.row(e)) + ", " + p.name(column));
                assertEquals(expected, entries[e], 0, p.name(p.row(e)) + ", " + p.name(column));
            }
        }
    }

    @Test
    void rangesWithoutSizesAreShapedBeforeTheJacobiansPattern() {
        // no size named: nothing but the bindings' check shapes the output (found by fuzzing the CLI)
        CompiledModelJacobian j = Model.parse("r[k = 0 .. 2] = x[k+1] - x[k]^2").jacobian("x");
        double[] at = {1, 2, 3, 4};
        Bindings b = j.bind().array("x", at);
        CompiledModelHessian.Pattern p = j.pattern(b);
        double[] entries = j.sparseJacobian(b, p, null);
        assertEquals(6, entries.length);
        for (int e = 0; e < entries.length; e++) {
            int row = p.row(e) - p.offset("r");
            assertEquals(p.column(e) == row + 1 ? 1 : -2 * at[row], entries[e], 0, p.name(p.row(e)) + ", " + p.name(p.column(e)));
        }
        CompiledModelHessian h = Model.parse("sum(i = 0 .. 2, x[i+1]*x[i]^2)").hessian("x");
        Bindings hb = h.bind().array("x", at);
        assertEquals(6, h.sparseHessian(hb, h.pattern(hb), null).length, "x[i]x[i] and x[i]x[i + 1] for i = 0 .. 2");
    }

    @Test
    void aTwoDimensionalArrayIsRowMajor() {
        CompiledArray r = Model.parse("R[i = 0 .. m-1, j = 0 .. d-1] = X[i, j]*w[j] + b*i").compileArray();
        Bindings b = r.bind().matrix("X", new double[][] {{1, 2}, {3, 4}, {5, 6}}).array("w", 1, 10).scalar("b", 100);
        assertArrayEquals(new double[] {1, 20, 103, 140, 205, 260}, r.value(b));
        assertArrayEquals(new int[] {3, 2}, r.shape(b));
    }

    @Test
    void jacobiansOfRandomModelsAgreeWithCentralDifferences() {
        for (long seed = 0; seed < 40; seed++) {
            Random r = new Random(900 + seed);
            String source = "r[k = 0 .. n-2] = " + body(r, 3);
            Model model = Model.parse(source);
            List<String> wrt = new java.util.ArrayList<>(List.of("x"));
            if (model.scalars().contains("a")) wrt.add("a");
            if (!model.arrays().contains("x")) continue;
            int n = 1 + r.nextInt(7);
            double[] x = r.doubles(n, -1.5, 1.5).toArray();
            double a = r.nextDouble() + 0.5;
            check(model, wrt, x, a, "seed " + seed + ": " + source + " at n = " + n);
        }
    }

    @Test
    void aDefinitionReadByLaterStatementsIsItsBodyThere() {
        String written = "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)";
        String defined = "r[k = 0 .. n-2] = x[k+1] - x[k]^2\nsum(i = 0 .. n-2, 100*r[i]^2 + (1 - x[i])^2)";
        String twice = "r[k = 0 .. n-1] = x[k]^2\nR[i = 0 .. m-1, j = 0 .. n-1] = X[i, j]*r[j]\n"
                + "sum(i = 0 .. m-1, sum(j = 0 .. n-1, R[i, j]))";
        double[] x = new Random(3).doubles(50, -2, 2).toArray();
        CompiledModel a = Model.parse(written).compile("x");
        CompiledModel b = Model.parse(defined).compile("x");
        Bindings ab = a.bind().array("x", x);
        Bindings bb = b.bind().array("x", x);
        CompiledModel.Gradient ag = a.newGradient(ab);
        CompiledModel.Gradient bg = b.newGradient(bb);
        assertEquals(a.valueAndGradient(ab, ag), b.valueAndGradient(bb, bg), 0);
        assertArrayEquals(ag.array("x"), bg.array("x"), 0);
        CompiledModel t = Model.parse(twice).compile("x");
        double[][] rows = {{1, 2}, {3, 4}, {5, 6}};
        assertEquals(1 * 1 + 2 * 4 + 3 * 1 + 4 * 4 + 5 * 1 + 6 * 4,
                t.value(t.bind().array("x", 1, 2).matrix("X", rows)), 0);
        DeriveException e = assertThrows(DeriveException.class,
                () -> Model.parse("r[k = 0 .. n-2] = x[k+1]\nsum(i = 0 .. n-1, r[i])"));
        assertTrue(e.getMessage().contains("may be out of r's range"), e.getMessage());
    }

    @Test
    void theArrayIsNotAnInput() {
        Model m = Model.parse(RESIDUALS);
        CompiledArray r = m.compileArray();
        assertThrows(IllegalArgumentException.class, () -> r.bind().array("r", 1, 2));
        assertThrows(IllegalArgumentException.class, () -> m.jacobian("r"));
        assertThrows(IllegalArgumentException.class, () -> m.compile("x"));
        assertThrows(IllegalArgumentException.class, () -> m.hessian("x"));
        assertThrows(IllegalArgumentException.class, () -> m.tangent("x"));
        assertThrows(IllegalArgumentException.class, () -> Model.parse("sum(i = 0 .. n-1, x[i])").jacobian("x"));
        assertThrows(IllegalArgumentException.class, () -> Model.parse("sum(i = 0 .. n-1, x[i])").compileArray());
        String message = assertThrows(IllegalArgumentException.class, () -> r.value(r.bind().array("x", 1, 2).size("n", 3)))
                .getMessage();
        assertTrue(message.contains("x[k + 1]"), message);
    }

    private static void check(Model model, List<String> wrt, double[] x, double a, String what) {
        CompiledModelJacobian j = model.jacobian(wrt, Model.Tuning.standard());
        Bindings jb = bind(j.bind(), model, x, a);
        CompiledModelHessian.Pattern p = j.pattern(jb);
        double[] entries = j.sparseJacobian(jb, p, null);
        CompiledArray f = model.compileArray();
        int rows = f.shape(bind(f.bind(), model, x, a))[0];
        int columns = x.length + (wrt.contains("a") ? 1 : 0);
        Double[][] listed = new Double[Math.max(rows, 0)][columns];
        for (int e = 0; e < entries.length; e++) {
            assertTrue(p.column(e) < columns && p.row(e) - p.offset("r") < rows, what + ": " + p.name(p.row(e)) + ", " + p.name(p.column(e)) + " of " + p.size());
            listed[p.row(e) - p.offset("r")][p.column(e)] = entries[e];
        }
        double[] plain = f.value(bind(f.bind(), model, x, a));
        assertArrayEquals(plain, f.interpret(bind(f.bind(), model, x, a)), what + ": compiled against interpreted");
        for (int c = 0; c < columns; c++) {
            double step = 1e-6;
            double[] up = moved(f, model, x, a, c, step);
            double[] down = moved(f, model, x, a, c, -step);
            for (int row = 0; row < rows; row++) {
                double fd = (up[row] - down[row]) / (2 * step);
                if (Double.isNaN(fd) || Math.abs(fd) > 1e6) continue;
                String entry = what + ": r[" + row + "], " + p.name(c);
                double tolerance = 1e-5 * Math.max(1, Math.abs(fd));
                if (listed[row][c] == null) assertEquals(0, fd, tolerance, entry + " is not in the pattern");
                else assertEquals(fd, listed[row][c], tolerance, entry);
            }
        }
    }

    private static double[] moved(CompiledArray f, Model model, double[] x, double a, int column, double step) {
        double[] y = x.clone();
        double b = a;
        if (column < x.length) y[column] += step;
        else b += step;
        return f.value(bind(f.bind(), model, y, b));
    }

    private static Bindings bind(Bindings b, Model model, double[] x, double a) {
        b.array("x", x).size("n", x.length);
        if (model.scalars().contains("a")) b.scalar("a", a);
        return b;
    }

    /** A random body in k reading x at k and k + 1 (and, in a sum, everywhere), with a scalar a. */
    private static String body(Random r, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return switch (r.nextInt(6)) {
                case 0 -> "x[k]";
                case 1 -> "x[k+1]";
                case 2 -> "a";
                case 3 -> "sum(j = 0 .. n-1, x[j]*x[k])";
                case 4 -> "prod(j = k .. k+1, x[j])";
                default -> "(" + (r.nextInt(9) - 4) / 2.0 + ")";
            };
        }
        String p = body(r, depth - 1);
        String q = body(r, depth - 1);
        return switch (r.nextInt(7)) {
            case 0 -> "(" + p + " + " + q + ")";
            case 1 -> "(" + p + " - " + q + ")";
            case 2, 3 -> "(" + p + "*" + q + ")";
            case 4 -> "tanh(" + p + ")";
            case 5 -> "if(" + p + " > " + q + ", " + p + ", " + q + "^2)";
            default -> "exp(-(" + p + ")^2)";
        };
    }
}
