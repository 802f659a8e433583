package examples;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.CompiledModelHessian;
import dev.derive.Model;

/**
 * Newton's method on the extended Rosenbrock function of Moré, Garbow and Hillstrom (Rosenbrock's
 * valley for each pair of unknowns) written as a model, here with 100,000 unknowns. derive reads
 * from the text which second partials can be nonzero, for every size (each pair's own 2 × 2 block),
 * compiles the gradient and the Hessian once, and computes the Hessian's entries with two
 * Hessian-vector products, whatever the size. Each step solves (H + λI) s = −g by a tridiagonal
 * LDLᵀ factorization; λ is Levenberg's damping, grown until H + λI is positive definite and the
 * step lowers the value, shrunk after each good step, so the last steps are Newton's and converge
 * quadratically.
 *
 * <pre>samples/run ModelNewton [n]</pre>
 */
public class ModelNewton {
    static final String ROSENBROCK = "sum(k = 0 .. m-1, 100*(x[2*k+1] - x[2*k]^2)^2 + (1 - x[2*k])^2)";

    public static void main(String[] args) {
        minimize(args.length > 0 ? Integer.parseInt(args[0]) : 100_000);
    }

    /** The minimum from the classic start (−1.2, 1, −1.2, 1, ...); n is even. */
    public static double[] minimize(int n) {
        Model model = Model.parse(ROSENBROCK);
        CompiledModel f = model.compile("x");
        CompiledModelHessian hessian = model.hessian("x");
        System.out.println("the Hessian's entries, for every n: " + String.join("; ", hessian.structure()));
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i % 2 == 0 ? -1.2 : 1;
        double[] trial = new double[n];
        Bindings at = f.bind().array("x", x).size("m", n / 2);
        Bindings tried = f.bind().array("x", trial).size("m", n / 2);
        CompiledModel.Gradient g = f.newGradient(at);
        Bindings hb = hessian.bind().array("x", x).size("m", n / 2);
        CompiledModelHessian.Pattern pattern = hessian.pattern(hb);
        int[] rows = pattern.rows();
        int[] columns = pattern.columns();
        for (int k = 0; k < rows.length; k++) {
            if (rows[k] - columns[k] > 1) throw new IllegalStateException("not tridiagonal: " + pattern.name(rows[k]));
        }
        System.out.printf("n = %,d: %,d entries in the lower triangle, %d Hessian-vector products each%n", n,
                rows.length, pattern.colours());
        double[] entries = new double[rows.length];
        double[] diagonal = new double[n];
        double[] below = new double[Math.max(0, n - 1)];
        double lambda = 1e-3;
        for (int iteration = 0; iteration < 200; iteration++) {
            double value = f.valueAndGradient(at, g);
            double[] gradient = g.array("x");
            double norm = Math.sqrt(dot(gradient, gradient));
            System.out.printf("iteration %2d: f = %.12e, |gradient| = %.3e%n", iteration, value, norm);
            if (norm < 1e-9) break;
            hessian.sparseHessian(hb, pattern, entries);
            java.util.Arrays.fill(diagonal, 0);
            java.util.Arrays.fill(below, 0);
            for (int k = 0; k < rows.length; k++) {
                if (rows[k] == columns[k]) diagonal[rows[k]] = entries[k];
                else below[columns[k]] = entries[k];
            }
            while (true) {
                double[] step = dampedStep(diagonal, below, lambda, gradient);
                if (step != null) {
                    for (int i = 0; i < n; i++) trial[i] = x[i] + step[i];
                    if (f.value(tried) < value) break;
                }
                lambda *= 4;
            }
            System.arraycopy(trial, 0, x, 0, n);
            lambda /= 5;
        }
        return x;
    }

    /**
     * Solves (H + λI) s = −g for tridiagonal H (its diagonal, and the entries below it) by
     * LDLᵀ; null if H + λI is not positive definite.
     */
    static double[] dampedStep(double[] diagonal, double[] below, double lambda, double[] g) {
        int n = diagonal.length;
        double[] d = new double[n];
        double[] l = new double[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = diagonal[i] + lambda - (i > 0 ? l[i - 1] * below[i - 1] : 0);
            if (!(d[i] > 0)) return null;
            if (i + 1 < n) l[i] = below[i] / d[i];
        }
        for (int i = 0; i < n; i++) s[i] = -g[i] - (i > 0 ? l[i - 1] * s[i - 1] : 0);
        for (int i = n - 1; i >= 0; i--) s[i] = s[i] / d[i] - (i + 1 < n ? l[i] * s[i + 1] : 0);
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
