package dev.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.problems.Rosenbrock;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Second derivatives: dense, sparse and H·v agree with one another and with differences of the gradient. */
class HessianTest {

    @Test
    void aSmallHessianByHand() {
        CompiledHessian h = Derive.hessian("x^2*y + sin(x*y)");
        double x = 0.7;
        double y = -1.3;
        double s = Math.sin(x * y);
        double c = Math.cos(x * y);
        double[] g = new double[2];
        double[] hessian = new double[4];
        assertEquals(x * x * y + s, h.hessian(new double[] {x, y}, g, hessian), 1e-15);
        double xy = 2 * x + c - x * y * s;
        assertArrayEquals(new double[] {2 * y - y * y * s, xy, xy, -x * x * s}, hessian, 1e-14);
        assertArrayEquals(new int[] {0, 1, 1}, h.sparseRows());
        assertArrayEquals(new int[] {0, 0, 1}, h.sparseColumns());
        double[] out = new double[2];
        h.hessianVector(new double[] {x, y}, new double[] {1, -2}, out);
        assertArrayEquals(new double[] {hessian[0] - 2 * hessian[1], hessian[2] - 2 * hessian[3]}, out, 1e-14);
    }

    @Test
    void randomProgramsAgreeWithDifferencesOfTheirGradient() {
        int checked = 0;
        for (long seed = 0; seed < 200; seed++) {
            String source = RandomExpressions.program(seed);
            CompiledHessian h = Derive.hessian(source);
            int n = h.variables().size();
            Random random = new Random(seed);
            double[] x = random.doubles(n, -1.5, 1.5).toArray();
            double[] g = new double[n];
            double[] hessian = new double[n * n];
            double value = h.hessian(x, g, hessian);
            if (!Double.isFinite(value)) continue;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(hessian[i * n + j], hessian[j * n + i], 0, "symmetric");
                }
            }
            double[] nz = new double[h.sparseRows().length];
            double[] gs = new double[n];
            assertEquals(value, h.sparseHessian(x, gs, nz));
            assertArrayEquals(g, gs);
            for (int k = 0; k < nz.length; k++) {
                assertEquals(hessian[h.sparseRows()[k] * n + h.sparseColumns()[k]], nz[k], 0);
            }
            double[] v = random.doubles(n, -1, 1).toArray();
            double[] hv = new double[n];
            h.hessianVector(x, v, hv);
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += hessian[i * n + k] * v[k];
                assertEquals(sum, hv[i], 1e-9 * Math.max(1, Math.abs(sum)), source + ": H·v");
            }
            checked += agreesWithDifferences(h, x, hessian, source);
        }
        assertTrue(checked > 300, checked + " entries checked against differences");
    }

    /** Central differences of the compiled gradient, where it is smooth at the step's scale. */
    private static int agreesWithDifferences(CompiledHessian h, double[] x, double[] hessian, String source) {
        int n = x.length;
        int checked = 0;
        for (int j = 0; j < n; j++) {
            double step = 1e-5 * Math.max(1, Math.abs(x[j]));
            double[] plus = gradientAt(h, x, j, step);
            double[] minus = gradientAt(h, x, j, -step);
            double[] plus2 = gradientAt(h, x, j, 2 * step);
            double[] minus2 = gradientAt(h, x, j, -2 * step);
            for (int i = 0; i < n; i++) {
                double fd = (plus[i] - minus[i]) / (2 * step);
                double fd2 = (plus2[i] - minus2[i]) / (4 * step);
                if (!Double.isFinite(fd) || Math.abs(fd - fd2) > 1e-4 * Math.max(1, Math.abs(fd))) continue;
                assertEquals(fd, hessian[i * n + j], 1e-4 * Math.max(1, Math.abs(fd)), source + ": H[" + i + "][" + j + "]");
                checked++;
            }
        }
        return checked;
    }

    private static double[] gradientAt(CompiledHessian h, double[] x, int j, double step) {
        double[] moved = x.clone();
        moved[j] += step;
        double[] g = new double[x.length];
        h.valueAndGradient(moved, g);
        return g;
    }

    /** Extended Rosenbrock's Hessian is tridiagonal: its structure is 2n - 1 entries, known without n. */
    @Test
    void rosenbrocksSparseHessianIsTridiagonal() {
        int n = 5000;
        CompiledHessian h = Derive.hessian(Rosenbrock.source(n, false));
        assertEquals(2 * n - 1, h.sparseRows().length);
        assertThrows(UnsupportedOperationException.class, () -> h.hessian(new double[n], new double[n], new double[0]));
        double[] x = new Random(4).doubles(n, -2, 2).toArray();
        double[] g = new double[n];
        double[] nz = new double[2 * n - 1];
        h.sparseHessian(x, g, nz);
        int[] rows = h.sparseRows();
        int[] cols = h.sparseColumns();
        for (int k = 0; k < nz.length; k++) {
            int i = rows[k];
            double expected;
            if (cols[k] == i - 1) {
                expected = -400 * x[i - 1];
            } else {
                expected = (i < n - 1 ? 1200 * x[i] * x[i] - 400 * x[i + 1] + 2 : 0) + (i > 0 ? 200 : 0);
            }
            assertEquals(expected, nz[k], 1e-9 * Math.max(1, Math.abs(expected)), "H[" + i + "][" + cols[k] + "]");
        }
    }

    /** The Lagrangian's Hessian of an optimization problem: objective and constraints, weighted at call time. */
    @Test
    void aWeightedHessianIsTheWeightedSumOfTheOutputs() {
        String problem = "f = x^2*y + exp(z); g1 = x*y*z - 1; g2 = x^2 + y^2 + z^2\nf, g1, g2";
        CompiledWeightedHessian w = Formula.parse(problem).derivatives().compileWeightedHessian();
        double[] x = {0.3, -0.8, 0.5};
        double[] weights = {1.5, -2, 0.25};
        double[] nz = new double[w.sparseRows().length];
        w.sparseHessian(x, weights, nz);
        double[] expected = new double[9];
        String[] outputs = {"x^2*y + exp(z)", "x*y*z - 1 + 0*x", "x^2 + y^2 + z^2"};
        for (int k = 0; k < 3; k++) {
            double[] hk = new double[9];
            CompiledHessian h = Derive.hessian("x*0 + y*0 + z*0 + " + outputs[k]);
            h.hessian(x, new double[3], hk);
            for (int e = 0; e < 9; e++) expected[e] += weights[k] * hk[e];
        }
        for (int k = 0; k < nz.length; k++) {
            assertEquals(expected[w.sparseRows()[k] * 3 + w.sparseColumns()[k]], nz[k], 1e-14);
        }
        double[] out = new double[3];
        w.hessianVector(x, weights, new double[] {1, 0, 0}, out);
        assertArrayEquals(new double[] {expected[0], expected[3], expected[6]}, out, 1e-14);
    }
}
