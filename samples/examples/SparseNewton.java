package examples;

import dev.derive.CompiledHessian;
import dev.derive.Derive;

/**
 * Newton's method with the exact Hessian on a minimal surface: the height u of a soap film over
 * the unit square on a 70 × 70 grid of 4,900 unknowns, spanning a saddle-shaped wire u = x² − y²,
 * minimizes its area Σ h² √(1 + (∂u/∂x)² + (∂u/∂y)²). derive compiles the Hessian sparse, finding
 * from the formula that each unknown touches only its grid neighbours (a few entries per row of
 * 4,900), and each step solves (H + λI) s = -g by conjugate gradients on those entries. λ is
 * Levenberg's damping: it grows when a step does not lower the area and shrinks when one does,
 * so the steps become Newton's near the minimum, where they converge quadratically.
 *
 * <pre>samples/run SparseNewton</pre>
 */
public class SparseNewton {
    public static void main(String[] args) {
        minimize(70);
    }

    /** The film's heights at the m × m interior points, row by row. */
    public static double[] minimize(int m) {
        CompiledHessian area = Derive.hessian(area(m));
        int[] rows = area.sparseRows();
        int[] columns = area.sparseColumns();
        int n = m * m;
        System.out.printf("%d unknowns; the Hessian's lower triangle has %d nonzero entries of %d%n",
                n, rows.length, (long) n * (n + 1) / 2);
        double[] u = new double[n];
        double[] g = new double[n];
        double[] h = new double[rows.length];
        double[] trial = new double[n];
        double lambda = 1e-3;
        for (int iteration = 0; iteration < 100; iteration++) {
            double value = area.sparseHessian(u, g, h);
            double norm = Math.sqrt(dot(g, g));
            System.out.printf("iteration %2d: area = %.12f, |gradient| = %.3e%n", iteration, value, norm);
            if (norm < 1e-12) break;
            while (true) {
                double[] step = dampedNewtonStep(rows, columns, h, lambda, g);
                if (step != null) {
                    for (int i = 0; i < n; i++) trial[i] = u[i] + step[i];
                    if (area.value(trial) <= value) break;
                }
                lambda *= 4;
            }
            System.arraycopy(trial, 0, u, 0, n);
            lambda /= 5;
        }
        return u;
    }

    /** The area as a formula of the interior heights x0 .. x(m²−1); the wire fixes the border. */
    static String area(int m) {
        double spacing = 1.0 / (m + 1);
        StringBuilder source = new StringBuilder();
        for (int i = 0; i <= m; i++) {
            for (int j = 0; j <= m; j++) {
                String here = height(m, i, j);
                source.append(source.length() == 0 ? "" : " + ")
                        .append(spacing * spacing).append("*sqrt(1 + ((")
                        .append(height(m, i + 1, j)).append(" - ").append(here).append(")/").append(spacing).append(")^2 + ((")
                        .append(height(m, i, j + 1)).append(" - ").append(here).append(")/").append(spacing).append(")^2)");
            }
        }
        return source.toString();
    }

    /** The unknown at grid point (i, j), or the wire's height there if it is on the border. */
    static String height(int m, int i, int j) {
        if (i >= 1 && i <= m && j >= 1 && j <= m) return "x" + ((i - 1) * m + (j - 1));
        double x = (double) i / (m + 1);
        double y = (double) j / (m + 1);
        return "(" + (x * x - y * y) + ")";
    }

    /** Conjugate gradients on (H + λI) s = -g; null where that matrix shows it is not positive definite. */
    static double[] dampedNewtonStep(int[] rows, int[] columns, double[] h, double lambda, double[] g) {
        int n = g.length;
        double[] s = new double[n];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = -g[i];
        double[] d = r.clone();
        double[] hd = new double[n];
        double rr = dot(r, r);
        double tolerance = 1e-12 * Math.sqrt(rr);
        for (int k = 0; k < n && Math.sqrt(rr) > tolerance; k++) {
            multiply(rows, columns, h, d, hd);
            for (int i = 0; i < n; i++) hd[i] += lambda * d[i];
            double curvature = dot(d, hd);
            if (curvature <= 0) return null;
            double alpha = rr / curvature;
            for (int i = 0; i < n; i++) {
                s[i] += alpha * d[i];
                r[i] -= alpha * hd[i];
            }
            double next = dot(r, r);
            for (int i = 0; i < n; i++) d[i] = r[i] + next / rr * d[i];
            rr = next;
        }
        return s;
    }

    /** out = H v, H symmetric and given by its lower triangle's entries. */
    static void multiply(int[] rows, int[] columns, double[] h, double[] v, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (int k = 0; k < h.length; k++) {
            out[rows[k]] += h[k] * v[columns[k]];
            if (rows[k] != columns[k]) out[columns[k]] += h[k] * v[rows[k]];
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += a[i] * b[i];
        return sum;
    }
}
