package examples;

import dev.derive.CompiledGradient;
import dev.derive.Derive;
import java.util.Random;

/**
 * Least-squares fit of y = a*exp(-b*x) + c to noisy data by Gauss-Newton: derive compiles
 * the model with its gradient, which gives each row of the Jacobian.
 *
 * <pre>samples/run CurveFit</pre>
 */
public class CurveFit {
    public static void main(String[] args) {
        fit(new Random(42));
    }

    /** Fits a, b and c to 50 points made from a = 2.5, b = 1.3, c = 0.5 plus noise. */
    public static double[] fit(Random random) {
        double[] xs = new double[50], ys = new double[50];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 0.1 * i;
            ys[i] = 2.5 * Math.exp(-1.3 * xs[i]) + 0.5 + 0.05 * random.nextGaussian();
        }

        CompiledGradient model = Derive.gradient("a*exp(-b*x) + c");   // variables: a, b, x, c
        double[] p = {1, 1, 0};                                         // a, b, c: a first guess
        double[] point = new double[4], gradient = new double[4];
        for (int iteration = 0; iteration < 8; iteration++) {
            // The normal equations (J^T J) step = -J^T r, J[i] = d model(x_i) / d(a, b, c).
            double[][] jtj = new double[3][3];
            double[] jtr = new double[3];
            double squares = 0;
            for (int i = 0; i < xs.length; i++) {
                point[0] = p[0]; point[1] = p[1]; point[2] = xs[i]; point[3] = p[2];
                double r = model.valueAndGradient(point, gradient) - ys[i];
                double[] j = {gradient[0], gradient[1], gradient[3]};
                for (int u = 0; u < 3; u++) {
                    jtr[u] -= j[u] * r;
                    for (int v = 0; v < 3; v++) jtj[u][v] += j[u] * j[v];
                }
                squares += r * r;
            }
            double[] step = solve(jtj, jtr);
            System.out.printf("iteration %d: a = %.6f, b = %.6f, c = %.6f, rms residual %.6f%n",
                    iteration, p[0], p[1], p[2], Math.sqrt(squares / xs.length));
            for (int u = 0; u < 3; u++) p[u] += step[u];
        }
        System.out.printf("fitted: a = %.4f, b = %.4f, c = %.4f  (data made with 2.5, 1.3, 0.5)%n", p[0], p[1], p[2]);
        return p;
    }

    /** Solves the 3 by 3 system m s = r by Gaussian elimination (m is symmetric positive definite). */
    static double[] solve(double[][] m, double[] r) {
        int n = r.length;
        for (int k = 0; k < n; k++) {
            for (int i = k + 1; i < n; i++) {
                double factor = m[i][k] / m[k][k];
                for (int j = k; j < n; j++) m[i][j] -= factor * m[k][j];
                r[i] -= factor * r[k];
            }
        }
        double[] s = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = r[i];
            for (int j = i + 1; j < n; j++) sum -= m[i][j] * s[j];
            s[i] = sum / m[i][i];
        }
        return s;
    }
}
