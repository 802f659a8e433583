package examples;

import dev.derive.Bindings;
import dev.derive.CompiledArray;
import dev.derive.CompiledModelHessian;
import dev.derive.CompiledModelJacobian;
import dev.derive.Model;

/**
 * Newton's method for a system of nonlinear equations written as an array: Broyden's tridiagonal
 * function (problem 30 of Moré, Garbow and Hillstrom), r(x) = 0 for 100,000 unknowns. derive
 * reads from the text which partials of r can be nonzero, for every size (r[k] depends on x[k − 1],
 * x[k] and x[k + 1]), compiles the residuals and the Jacobian once, and computes the Jacobian's
 * entries with three Jacobian-vector products, whatever the size. Each step solves J s = −r by
 * Gaussian elimination on the three diagonals; from x = (−1, ..., −1) the residual falls
 * quadratically to rounding in a handful of steps.
 *
 * <pre>samples/run BroydenSystem [n]</pre>
 */
public class BroydenSystem {
    static final String RESIDUALS =
            "r[k = 0 .. n-1] = (3 - 2*x[k])*x[k] - if(k >= 1, x[k-1], 0) - 2*if(k <= n-2, x[k+1], 0) + 1";

    public static void main(String[] args) {
        solve(args.length > 0 ? Integer.parseInt(args[0]) : 100_000);
    }

    /** The root from (−1, ..., −1). */
    public static double[] solve(int n) {
        Model model = Model.parse(RESIDUALS);
        CompiledArray residuals = model.compileArray();
        CompiledModelJacobian jacobian = model.jacobian("x");
        System.out.println("the Jacobian's entries, for every n: " + String.join("; ", jacobian.structure()));
        double[] x = new double[n];
        java.util.Arrays.fill(x, -1);
        Bindings rb = residuals.bind().array("x", x);
        Bindings jb = jacobian.bind().array("x", x);
        CompiledModelHessian.Pattern pattern = jacobian.pattern(jb);
        int first = pattern.offset("r");
        System.out.printf("n = %,d: %,d entries, %d Jacobian-vector products each%n", n, pattern.entries(),
                pattern.colours());
        double[] entries = new double[pattern.entries()];
        double[] below = new double[n];
        double[] diagonal = new double[n];
        double[] above = new double[n];
        for (int iteration = 0; iteration < 20; iteration++) {
            double[] r = residuals.value(rb);
            double norm = Math.sqrt(dot(r, r));
            System.out.printf("iteration %d: |r| = %.3e%n", iteration, norm);
            if (norm < 1e-12 * Math.sqrt(n)) break;
            jacobian.sparseJacobian(jb, pattern, entries);
            for (int e = 0; e < entries.length; e++) {
                int row = pattern.row(e) - first;
                int column = pattern.column(e);
                if (column == row) diagonal[row] = entries[e];
                else if (column == row - 1) below[row] = entries[e];
                else if (column == row + 1) above[row] = entries[e];
                else throw new IllegalStateException("not tridiagonal: " + pattern.name(pattern.row(e)) + ", " + pattern.name(column));
            }
            double[] step = tridiagonal(below, diagonal, above, r);
            for (int i = 0; i < n; i++) x[i] -= step[i];
        }
        return x;
    }

    /** Solves J s = r for tridiagonal J (row k: below[k], diagonal[k], above[k]) by elimination without pivoting. */
    static double[] tridiagonal(double[] below, double[] diagonal, double[] above, double[] r) {
        int n = r.length;
        double[] d = new double[n];
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            double factor = k == 0 ? 0 : below[k] / d[k - 1];
            d[k] = diagonal[k] - (k == 0 ? 0 : factor * above[k - 1]);
            s[k] = r[k] - (k == 0 ? 0 : factor * s[k - 1]);
        }
        for (int k = n - 1; k >= 0; k--) s[k] = (s[k] - (k + 1 < n ? above[k] * s[k + 1] : 0)) / d[k];
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
