package dev.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sparse Hessians of models: the structure read from the text for every size, and the entries
 * from coloured Hessian-vector products, checked against Hessians written by hand (central differences
 * on many more models: InteractionsTest).
 */
class CompiledModelHessianTest {
    static final String ROSENBROCK = "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)";

    @Test
    void rosenbrocksHessianIsTridiagonalForEveryN() {
        CompiledModelHessian h = Model.parse(ROSENBROCK).hessian("x");
        assertEquals(List.of("x[i + 1], x[i + 1] for i = 0 .. n - 2", "x[i + 1], x[i] for i = 0 .. n - 2",
                "x[i], x[i] for i = 0 .. n - 2"), h.structure());
        assertEquals(List.of("x[i + 1] for i = 0 .. n - 2", "x[i] for i = 0 .. n - 2"), h.gradientStructure());
        for (int n : new int[] {1, 2, 3, 7, 1000}) {
            double[] x = new Random(n).doubles(n, -2, 2).toArray();
            Bindings b = h.bind().array("x", x);
            CompiledModelHessian.Pattern p = h.pattern(b);
            assertEquals(n == 1 ? 0 : 2 * n - 1, p.entries(), "n = " + n);
            assertEquals(Math.min(n == 1 ? 0 : n, 3), p.colours(), "n = " + n);
            double[] values = h.sparseHessian(b, p, null);
            double[][] hand = rosenbrockByHand(x);
            int[] rows = p.rows();
            int[] columns = p.columns();
            for (int k = 0; k < values.length; k++) {
                assertTrue(rows[k] >= columns[k] && rows[k] - columns[k] <= 1);
                double want = hand[rows[k]][columns[k]];
                assertEquals(want, values[k], 1e-12 * Math.max(1, Math.abs(want)), p.name(rows[k]) + ", " + p.name(columns[k]));
            }
        }
    }

    private static double[][] rosenbrockByHand(double[] x) {
        int n = x.length;
        double[][] h = new double[n][n];
        for (int i = 0; i + 1 < n; i++) {
            h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            h[i + 1][i] += -400 * x[i];
            h[i][i + 1] += -400 * x[i];
            h[i + 1][i + 1] += 200;
        }
        return h;
    }

    @Test
    void logisticRegressionCouplesEveryWeightAndTheBias() {
        String source = "sum(i = 0 .. m-1, log1p(exp(-y[i] * (sum(j = 0 .. d-1, w[j]*X[i,j]) + b))))";
        CompiledModelHessian h = Model.parse(source).hessian("w", "b");
        assertEquals(List.of("b, b", "b, w[j] for j = 0 .. d - 1", "w[j], w[j'] for j = 0 .. d - 1, j' = 0 .. d - 1"),
                h.structure());
        Random r = new Random(3);
        double[][] rows = new double[50][4];
        for (double[] row : rows) for (int j = 0; j < 4; j++) row[j] = r.nextGaussian();
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) y[i] = r.nextBoolean() ? 1 : -1;
        Bindings b = h.bind().matrix("X", rows).array("y", y).array("w", 0.3, -0.2, 0.1, 0.5).scalar("b", 0.2);
        CompiledModelHessian.Pattern p = h.pattern(b);
        assertEquals(15, p.entries());
        assertEquals(5, p.colours());
        assertEquals("w[2]", p.name(2));
        assertEquals("b", p.name(4));
        assertEquals(4, p.offset("b"));
        double[] values = h.sparseHessian(b, p, null);
        // by hand: sum of s(1 - s) y^2 u u^T with u = (X[i,:], 1), s = sigmoid(-y z)
        double[][] hand = new double[5][5];
        for (int i = 0; i < 50; i++) {
            double z = 0.2;
            double[] w = {0.3, -0.2, 0.1, 0.5};
            for (int j = 0; j < 4; j++) z += w[j] * rows[i][j];
            double s = 1 / (1 + Math.exp(y[i] * z));
            double[] u = {rows[i][0], rows[i][1], rows[i][2], rows[i][3], 1};
            for (int a = 0; a < 5; a++) for (int c = 0; c < 5; c++) hand[a][c] += s * (1 - s) * u[a] * u[c];
        }
        for (int k = 0; k < values.length; k++) {
            assertEquals(hand[p.row(k)][p.column(k)], values[k], 1e-12);
        }
    }

    @Test
    void aPatternFitsOnlyTheShapesItWasMadeFor() {
        CompiledModelHessian h = Model.parse(ROSENBROCK).hessian("x");
        CompiledModelHessian.Pattern p = h.pattern(h.bind().array("x", new double[5]));
        Bindings other = h.bind().array("x", new double[6]);
        assertThrows(IllegalArgumentException.class, () -> h.sparseHessian(other, p, null));
        assertThrows(IllegalArgumentException.class, () -> h.pattern(h.bind()));
        assertThrows(IllegalArgumentException.class, () -> Model.parse(ROSENBROCK).hessian("n"));
    }
}
