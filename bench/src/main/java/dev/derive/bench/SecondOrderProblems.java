package dev.derive.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.hipparchus.CalculusFieldElement;

/** The systems whose Jacobians, and the functions whose Hessians, the benchmarks time. */
public final class SecondOrderProblems {
    private SecondOrderProblems() {}

    public static final List<String> JACOBIANS = List.of("decay-60x5", "broyden-1000", "broyden-100000");
    public static final List<String> JACOBIANS_QUICK = List.of("decay-60x5", "broyden-1000");
    public static final List<String> HESSIANS = List.of(
            "rosenbrock-10", "rosenbrock-100", "logistic-20x500", "rosenbrock-1000", "rosenbrock-100000");
    public static final List<String> HESSIANS_QUICK = List.of(
            "rosenbrock-10", "rosenbrock-100", "logistic-20x500", "rosenbrock-1000");

    public static JacobianProblem jacobian(String name) {
        if (name.equals("decay-60x5")) return new Decay(60);
        if (name.startsWith("broyden-")) return new Broyden(Integer.parseInt(name.substring(8)));
        throw new IllegalArgumentException("no Jacobian problem named " + name);
    }

    public static HessianProblem hessian(String name) {
        if (name.startsWith("rosenbrock-")) return new Rosenbrock(Integer.parseInt(name.substring(11)));
        if (name.equals("logistic-20x500")) return new Logistic(new Problems.Logistic(20, 500));
        throw new IllegalArgumentException("no Hessian problem named " + name);
    }

    /** Residuals of a damped oscillation a*exp(-b*t)*cos(w*t + p) + c against m seeded data points: a least-squares fit's Jacobian. */
    static final class Decay extends JacobianProblem {
        private final double[] t;
        private final double[] data;

        Decay(int m) {
            Random r = new Random(11);
            t = new double[m];
            data = new double[m];
            for (int k = 0; k < m; k++) {
                t[k] = k / 10.0;
                data[k] = Math.round((2 * Math.exp(-0.3 * t[k]) * Math.cos(2.5 * t[k] + 0.4) + 0.5
                        + 0.02 * r.nextGaussian()) * 1024) / 1024.0;
            }
        }

        public String name() { return "decay-" + t.length + "x5"; }
        public String description() {
            return t.length + " residuals a*exp(-b*t)*cos(w*t + p) + c - y of a curve fit, dense " + t.length + "×5 Jacobian";
        }
        public int inputs() { return 5; }
        public int outputs() { return t.length; }
        public boolean sparse() { return false; }

        public String source() {
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < t.length; k++) {
                if (k > 0) s.append(", ");
                s.append("x0*exp(-x1*").append(t[k]).append(")*cos(x2*").append(t[k]).append(" + x3) + x4 - ")
                 .append(Problems.text(data[k]));
            }
            return s.toString();
        }

        public double[] point() { return new double[] {1.9, 0.28, 2.45, 0.35, 0.52}; }

        public void jacobian(double[] x, double[] y, double[] jacobian) {
            double a = x[0], b = x[1], w = x[2], p = x[3], c = x[4];
            for (int k = 0; k < t.length; k++) {
                double e = Math.exp(-b * t[k]);
                double angle = w * t[k] + p;
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                double ae = a * e;
                y[k] = ae * cos + c - data[k];
                int row = 5 * k;
                jacobian[row] = e * cos;
                jacobian[row + 1] = -t[k] * ae * cos;
                jacobian[row + 2] = -t[k] * ae * sin;
                jacobian[row + 3] = -ae * sin;
                jacobian[row + 4] = 1;
            }
        }

        public int[] sparseRows() { throw new UnsupportedOperationException("dense"); }
        public int[] sparseColumns() { throw new UnsupportedOperationException("dense"); }

        public <T extends CalculusFieldElement<T>> void residuals(T[] x, T[] y) {
            for (int k = 0; k < t.length; k++) {
                y[k] = x[0].multiply(x[1].multiply(-t[k]).exp()).multiply(x[2].multiply(t[k]).add(x[3]).cos())
                        .add(x[4]).subtract(data[k]);
            }
        }
    }

    /** Broyden's tridiagonal system (3 - 2x[i])x[i] - x[i-1] - 2x[i+1] + 1 = 0: n equations, 3n - 2 nonzeros. */
    static final class Broyden extends JacobianProblem {
        private final int n;

        Broyden(int n) { this.n = n; }

        public String name() { return "broyden-" + n; }
        public String description() {
            return String.format("Broyden's tridiagonal system, %,d equations in %,d unknowns, sparse Jacobian of %,d nonzeros",
                    n, n, 3 * n - 2);
        }
        public int inputs() { return n; }
        public int outputs() { return n; }
        public boolean sparse() { return true; }

        public String source() {
            StringBuilder s = new StringBuilder(n * 40);
            for (int i = 0; i < n; i++) {
                if (i > 0) s.append(", ");
                s.append("(3 - 2*x").append(i).append(")*x").append(i);
                if (i > 0) s.append(" - x").append(i - 1);
                if (i < n - 1) s.append(" - 2*x").append(i + 1);
                s.append(" + 1");
            }
            return s.toString();
        }

        public double[] point() { return new Random(4).doubles(n, -2, 2).toArray(); }

        public void jacobian(double[] x, double[] y, double[] jacobian) {
            int k = 0;
            for (int i = 0; i < n; i++) {
                double f = (3 - 2 * x[i]) * x[i];
                if (i > 0) {
                    f -= x[i - 1];
                    jacobian[k++] = -1;
                }
                if (i < n - 1) f -= 2 * x[i + 1];
                y[i] = f + 1;
                jacobian[k++] = 3 - 4 * x[i];
                if (i < n - 1) jacobian[k++] = -2;
            }
        }

        public int[] sparseRows() {
            int[] rows = new int[3 * n - 2];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) rows[k++] = i;
            }
            return rows;
        }

        public int[] sparseColumns() {
            int[] columns = new int[3 * n - 2];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int j = Math.max(0, i - 1); j <= Math.min(n - 1, i + 1); j++) columns[k++] = j;
            }
            return columns;
        }

        public <T extends CalculusFieldElement<T>> void residuals(T[] x, T[] y) {
            for (int i = 0; i < n; i++) {
                T f = x[i].multiply(-2).add(3).multiply(x[i]);
                if (i > 0) f = f.subtract(x[i - 1]);
                if (i < n - 1) f = f.subtract(x[i + 1].multiply(2));
                y[i] = f.add(1);
            }
        }
    }

    /** Extended Rosenbrock (flat, as in the gradient benchmarks): a tridiagonal Hessian, dense up to n = 100. */
    static final class Rosenbrock extends HessianProblem {
        private final int n;

        Rosenbrock(int n) { this.n = n; }

        public String name() { return "rosenbrock-" + n; }
        public String description() {
            return String.format("extended Rosenbrock, n = %,d, %s Hessian", n,
                    sparse() ? String.format("sparse (%,d nonzeros in the lower triangle)", 2 * n - 1) : "dense");
        }
        public int size() { return n; }
        public String[] names() { return Problems.numbered("x", n); }
        public boolean sparse() { return n > 100; }
        public String source() { return dev.derive.problems.Rosenbrock.source(n, false); }
        public double[] point() { return new Random(1).doubles(n, -2, 2).toArray(); }

        public double gradient(double[] x, double[] g) {
            return dev.derive.problems.Rosenbrock.gradient(x, g, false);
        }

        public double hessian(double[] x, double[] g, double[] h) {
            double value = gradient(x, g);
            if (sparse()) {
                // row r holds (r, r-1) then (r, r)
                for (int r = 0; r < n; r++) {
                    if (r > 0) h[2 * r - 1] = -400 * x[r - 1];
                    h[2 * r] = diagonal(x, r);
                }
            } else {
                Arrays.fill(h, 0);
                for (int r = 0; r < n; r++) {
                    h[r * n + r] = diagonal(x, r);
                    if (r > 0) h[r * n + r - 1] = h[(r - 1) * n + r] = -400 * x[r - 1];
                }
            }
            return value;
        }

        /** d²f/dx[r]²: from the term of pair r, 1200x² - 400x[r+1] + 2, and 200 from the pair before. */
        private double diagonal(double[] x, int r) {
            double d = r > 0 ? 200 : 0;
            if (r < n - 1) d += 1200 * x[r] * x[r] - 400 * x[r + 1] + 2;
            return d;
        }

        public void hessianVector(double[] x, double[] v, double[] out) {
            for (int r = 0; r < n; r++) {
                double sum = diagonal(x, r) * v[r];
                if (r > 0) sum += -400 * x[r - 1] * v[r - 1];
                if (r < n - 1) sum += -400 * x[r] * v[r + 1];
                out[r] = sum;
            }
        }

        public <T extends CalculusFieldElement<T>> T value(T[] x) {
            T sum = x[0].getField().getZero();
            for (int i = 0; i < x.length - 1; i++) {
                T a = x[i + 1].subtract(x[i].multiply(x[i]));
                T b = x[i].negate().add(1);
                sum = sum.add(a.multiply(a).multiply(100)).add(b.multiply(b));
            }
            return sum;
        }
    }

    /** Logistic-regression loss (as in the gradient benchmarks): a dense Hessian, the sum of a rank-one term per row. */
    static final class Logistic extends HessianProblem {
        private final Problems.Logistic loss;
        private final double[][] c;
        private final int n;

        Logistic(Problems.Logistic loss) {
            this.loss = loss;
            this.c = loss.rows();
            this.n = loss.size();
        }

        public String name() { return loss.name(); }
        public String description() { return loss.description() + ", dense Hessian"; }
        public int size() { return n; }
        public String[] names() { return loss.names(); }
        public boolean sparse() { return false; }
        public String source() { return loss.source(); }
        public double[] point() { return loss.point(); }
        public double gradient(double[] w, double[] g) { return loss.gradient(w, g); }

        /** With e = exp(-z) for row z = c·w, the row's term log(1 + e) has second derivative e/(1+e)² along c. */
        public double hessian(double[] w, double[] g, double[] h) {
            Arrays.fill(g, 0);
            Arrays.fill(h, 0);
            double value = 0;
            for (double[] row : c) {
                double z = dot(row, w);
                double e = Math.exp(-z);
                double p = 1 + e;
                value += Math.log(p);
                double dz = -(e / p);
                double q = e / (p * p);
                for (int k = 0; k < n; k++) {
                    g[k] += dz * row[k];
                    double qk = q * row[k];
                    for (int l = 0; l <= k; l++) h[k * n + l] += qk * row[l];
                }
            }
            for (int k = 0; k < n; k++) {
                for (int l = 0; l < k; l++) h[l * n + k] = h[k * n + l];
            }
            return value;
        }

        public void hessianVector(double[] w, double[] v, double[] out) {
            Arrays.fill(out, 0);
            for (double[] row : c) {
                double e = Math.exp(-dot(row, w));
                double p = 1 + e;
                double scale = e / (p * p) * dot(row, v);
                for (int k = 0; k < n; k++) out[k] += scale * row[k];
            }
        }

        private static double dot(double[] a, double[] b) {
            double sum = a[0] * b[0];
            for (int k = 1; k < a.length; k++) sum += a[k] * b[k];
            return sum;
        }

        public <T extends CalculusFieldElement<T>> T value(T[] w) {
            T sum = w[0].getField().getZero();
            for (double[] row : c) {
                T z = w[0].multiply(row[0]);
                for (int k = 1; k < n; k++) z = z.add(w[k].multiply(row[k]));
                sum = sum.add(z.negate().exp().add(1).log());
            }
            return sum;
        }
    }
}
