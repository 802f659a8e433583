package dev.derive.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.hipparchus.analysis.differentiation.Gradient;

/** The benchmark functions of issue 5, each as derive text and as hand-written Java. */
public final class Problems {
    private Problems() {}

    /** Every problem name, in table order. */
    public static final List<String> ALL = List.of(
            "sigmoid", "rosenbrock-10", "rosenbrock-1000", "rosenbrock-100000", "rosenbrock-1000000",
            "logistic-20x500", "mlp-4-16-1", "product-1000", "nested-1000");

    /** The problems quick mode runs (it omits the largest sizes). */
    public static final List<String> QUICK = List.of(
            "sigmoid", "rosenbrock-10", "rosenbrock-1000", "logistic-20x500", "mlp-4-16-1",
            "product-1000", "nested-1000");

    public static Problem byName(String name) {
        if (name.equals("sigmoid")) return new Sigmoid();
        if (name.startsWith("rosenbrock-")) return new Rosenbrock(Integer.parseInt(name.substring(11)));
        if (name.equals("logistic-20x500")) return new Logistic(20, 500);
        if (name.equals("mlp-4-16-1")) return new Mlp(4, 16, 8);
        if (name.startsWith("product-")) return new Product(Integer.parseInt(name.substring(8)));
        if (name.startsWith("nested-")) return new Nested(Integer.parseInt(name.substring(7)));
        throw new IllegalArgumentException("no problem named " + name);
    }

    static String[] numbered(String prefix, int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = prefix + i;
        return names;
    }

    /** A seeded constant in [-1, 1], a multiple of 1/256 so the text is short and exact. */
    static double constant(Random r) {
        return (r.nextInt(513) - 256) / 256.0;
    }

    /** A constant as text; negative ones in parentheses so every reader parses them alike. */
    static String text(double c) {
        return c < 0 ? "(" + c + ")" : Double.toString(c);
    }

    /** The seeds' sigmoid neuron. */
    static final class Sigmoid extends Problem {
        public String name() { return "sigmoid"; }
        public String description() { return "sigmoid neuron 1/(1+exp(-(w0*x0+w1*x1+w2)))"; }
        public int size() { return 5; }
        public String[] names() { return new String[] {"w0", "x0", "w1", "x1", "w2"}; }
        public String source() { return "1/(1+exp(-(w0*x0+w1*x1+w2)))"; }
        public double[] point() { return new double[] {2, -1, -3, -2, -3}; }

        public double value(double[] x) {
            return 1 / (1 + Math.exp(-(x[0] * x[1] + x[2] * x[3] + x[4])));
        }

        public double gradient(double[] x, double[] g) {
            double e = Math.exp(-(x[0] * x[1] + x[2] * x[3] + x[4]));
            double f = 1 / (1 + e);
            double ds = e * (f * f);
            g[0] = x[1] * ds;
            g[1] = x[0] * ds;
            g[2] = x[3] * ds;
            g[3] = x[2] * ds;
            g[4] = ds;
            return f;
        }

        public Gradient forward(Gradient[] x) {
            return x[0].multiply(x[1]).add(x[2].multiply(x[3])).add(x[4]).negate().exp().add(1).reciprocal();
        }
    }

    /** Extended Rosenbrock: sum over i of 100*(x[i+1]-x[i]^2)^2 + (1-x[i])^2. */
    static final class Rosenbrock extends Problem {
        private final int n;

        Rosenbrock(int n) { this.n = n; }

        public String name() { return "rosenbrock-" + n; }
        public String description() { return "extended Rosenbrock, n = " + String.format("%,d", n); }
        public int size() { return n; }
        public String[] names() { return numbered("x", n); }

        public String source() {
            return dev.derive.problems.Rosenbrock.source(n, false);
        }

        public double[] point() { return new Random(1).doubles(n, -2, 2).toArray(); }

        public double value(double[] x) {
            return dev.derive.problems.Rosenbrock.value(x, false);
        }

        public double gradient(double[] x, double[] g) {
            return dev.derive.problems.Rosenbrock.gradient(x, g, false);
        }

        public Gradient forward(Gradient[] x) {
            Gradient sum = null;
            for (int i = 0; i < x.length - 1; i++) {
                Gradient a = x[i + 1].subtract(x[i].square()).square().multiply(100);
                Gradient b = x[i].negate().add(1).square();
                sum = sum == null ? a.add(b) : sum.add(a).add(b);
            }
            return sum;
        }
    }

    /** Logistic-regression loss: n weights, m seeded rows, labels folded into the constants. */
    static final class Logistic extends Problem {
        private final int n;
        private final int m;
        private final double[][] c;

        Logistic(int n, int m) {
            this.n = n;
            this.m = m;
            Random r = new Random(5);
            c = new double[m][n];
            for (double[] row : c) {
                double label = r.nextBoolean() ? 1 : -1;
                for (int k = 0; k < n; k++) row[k] = label * constant(r);
            }
        }

        /** The constants, a row per data point, the label folded in. */
        double[][] rows() { return c; }

        public String name() { return "logistic-" + n + "x" + m; }
        public String description() { return "logistic loss, " + n + " weights x " + m + " rows"; }
        public int size() { return n; }
        public String[] names() { return numbered("w", n); }

        public String source() {
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < m; j++) {
                if (j > 0) s.append(" + ");
                s.append("log(1 + exp(-(");
                for (int k = 0; k < n; k++) {
                    if (k > 0) s.append(" + ");
                    s.append(text(c[j][k])).append("*w").append(k);
                }
                s.append(")))");
            }
            return s.toString();
        }

        public double[] point() { return new Random(2).doubles(n, -0.5, 0.5).toArray(); }

        public double value(double[] w) {
            double loss = 0;
            for (double[] row : c) {
                double z = row[0] * w[0];
                for (int k = 1; k < row.length; k++) z += row[k] * w[k];
                loss += Math.log(1 + Math.exp(-z));
            }
            return loss;
        }

        public double gradient(double[] w, double[] g) {
            Arrays.fill(g, 0);
            double loss = 0;
            for (double[] row : c) {
                double z = row[0] * w[0];
                for (int k = 1; k < row.length; k++) z += row[k] * w[k];
                double e = Math.exp(-z);
                double p = 1 + e;
                loss += Math.log(p);
                double dz = -(e / p);
                for (int k = 0; k < row.length; k++) g[k] += dz * row[k];
            }
            return loss;
        }

        public Gradient forward(Gradient[] w) {
            Gradient loss = null;
            for (double[] row : c) {
                Gradient z = w[0].multiply(row[0]);
                for (int k = 1; k < row.length; k++) z = z.add(w[k].multiply(row[k]));
                Gradient term = z.negate().exp().add(1).log();
                loss = loss == null ? term : loss.add(term);
            }
            return loss;
        }
    }

    /**
     * Squared-error loss of an in-hidden-1 MLP with tanh over a seeded batch, written out in
     * scalars; the inputs are the weights: a{j}_{k}, b{j} per hidden unit j, then v{j}, then c.
     */
    static final class Mlp extends Problem {
        private final int in;
        private final int hidden;
        private final double[][] xs;
        private final double[] ts;
        private final double[] h;

        Mlp(int in, int hidden, int batch) {
            this.in = in;
            this.hidden = hidden;
            Random r = new Random(7);
            xs = new double[batch][in];
            ts = new double[batch];
            for (int s = 0; s < batch; s++) {
                for (int k = 0; k < in; k++) xs[s][k] = constant(r);
                ts[s] = constant(r);
            }
            h = new double[hidden];
        }

        public String name() { return "mlp-" + in + "-" + hidden + "-1"; }
        public String description() {
            return "MLP " + in + "-" + hidden + "-1, tanh, squared loss over " + xs.length + " samples";
        }
        public int size() { return hidden * (in + 1) + hidden + 1; }

        private int a(int j, int k) { return j * (in + 1) + k; }
        private int b(int j) { return j * (in + 1) + in; }
        private int v(int j) { return hidden * (in + 1) + j; }
        private int c() { return hidden * (in + 2); }

        public String[] names() {
            String[] names = new String[size()];
            for (int j = 0; j < hidden; j++) {
                for (int k = 0; k < in; k++) names[a(j, k)] = "a" + j + "_" + k;
                names[b(j)] = "b" + j;
                names[v(j)] = "v" + j;
            }
            names[c()] = "c";
            return names;
        }

        public String source() {
            StringBuilder s = new StringBuilder();
            for (int t = 0; t < xs.length; t++) {
                if (t > 0) s.append(" + ");
                s.append("(");
                for (int j = 0; j < hidden; j++) {
                    if (j > 0) s.append(" + ");
                    s.append("v").append(j).append("*tanh(");
                    for (int k = 0; k < in; k++) {
                        s.append("a").append(j).append('_').append(k).append('*').append(text(xs[t][k])).append(" + ");
                    }
                    s.append("b").append(j).append(")");
                }
                s.append(" + c - ").append(text(ts[t])).append(")^2");
            }
            return s.toString();
        }

        public double[] point() { return new Random(3).doubles(size(), -0.5, 0.5).toArray(); }

        public double value(double[] p) {
            double loss = 0;
            for (int t = 0; t < xs.length; t++) {
                double[] x = xs[t];
                double out = 0;
                for (int j = 0; j < hidden; j++) {
                    double z = p[a(j, 0)] * x[0];
                    for (int k = 1; k < in; k++) z += p[a(j, k)] * x[k];
                    out += p[v(j)] * Math.tanh(z + p[b(j)]);
                }
                double d = out + p[c()] - ts[t];
                loss += d * d;
            }
            return loss;
        }

        public double gradient(double[] p, double[] g) {
            Arrays.fill(g, 0);
            double loss = 0;
            for (int t = 0; t < xs.length; t++) {
                double[] x = xs[t];
                double out = 0;
                for (int j = 0; j < hidden; j++) {
                    double z = p[a(j, 0)] * x[0];
                    for (int k = 1; k < in; k++) z += p[a(j, k)] * x[k];
                    h[j] = Math.tanh(z + p[b(j)]);
                    out += p[v(j)] * h[j];
                }
                double d = out + p[c()] - ts[t];
                loss += d * d;
                double dd = 2 * d;
                g[c()] += dd;
                for (int j = 0; j < hidden; j++) {
                    g[v(j)] += dd * h[j];
                    double dz = dd * p[v(j)] * (1 - h[j] * h[j]);
                    for (int k = 0; k < in; k++) g[a(j, k)] += dz * x[k];
                    g[b(j)] += dz;
                }
            }
            return loss;
        }

        public Gradient forward(Gradient[] p) {
            Gradient loss = null;
            for (int t = 0; t < xs.length; t++) {
                double[] x = xs[t];
                Gradient out = null;
                for (int j = 0; j < hidden; j++) {
                    Gradient z = p[a(j, 0)].multiply(x[0]);
                    for (int k = 1; k < in; k++) z = z.add(p[a(j, k)].multiply(x[k]));
                    Gradient term = p[v(j)].multiply(z.add(p[b(j)]).tanh());
                    out = out == null ? term : out.add(term);
                }
                Gradient d = out.add(p[c()]).subtract(ts[t]);
                loss = loss == null ? d.square() : loss.add(d.square());
            }
            return loss;
        }
    }

    /** x0*x1*...*x(n-1). */
    static final class Product extends Problem {
        private final int n;
        private final double[] prefix;

        Product(int n) {
            this.n = n;
            prefix = new double[n];
        }

        public String name() { return "product-" + n; }
        public String description() { return "product x0*x1*...*x" + (n - 1) + ", n = " + String.format("%,d", n); }
        public int size() { return n; }
        public String[] names() { return numbered("x", n); }

        public String source() {
            StringBuilder s = new StringBuilder("x0");
            for (int i = 1; i < n; i++) s.append("*x").append(i);
            return s.toString();
        }

        public double[] point() { return new Random(4).doubles(n, 0.95, 1.05).toArray(); }

        public double value(double[] x) {
            double p = x[0];
            for (int i = 1; i < x.length; i++) p *= x[i];
            return p;
        }

        public double gradient(double[] x, double[] g) {
            double p = x[0];
            prefix[0] = p;
            for (int i = 1; i < x.length; i++) prefix[i] = p *= x[i];
            double suffix = 1;
            for (int i = x.length - 1; i > 0; i--) {
                g[i] = prefix[i - 1] * suffix;
                suffix *= x[i];
            }
            g[0] = suffix;
            return p;
        }

        public Gradient forward(Gradient[] x) {
            Gradient p = x[0];
            for (int i = 1; i < x.length; i++) p = p.multiply(x[i]);
            return p;
        }
    }

    /** sin(tanh(sin(tanh(...x...)))), depth d; the innermost call is sin. */
    static final class Nested extends Problem {
        private final int depth;
        private final double[] u;

        Nested(int depth) {
            this.depth = depth;
            u = new double[depth + 1];
        }

        public String name() { return "nested-" + depth; }
        public String description() { return String.format("%,d nested sin/tanh", depth); }
        public int size() { return 1; }
        public String[] names() { return new String[] {"x"}; }

        /** Level i (0 innermost) is sin for even i, tanh for odd. */
        public String source() {
            StringBuilder s = new StringBuilder(depth * 7);
            for (int i = depth - 1; i >= 0; i--) s.append(i % 2 == 0 ? "sin(" : "tanh(");
            s.append('x');
            s.append(")".repeat(depth));
            return s.toString();
        }

        public double[] point() { return new double[] {0.7}; }

        public double value(double[] x) {
            double v = x[0];
            for (int i = 0; i < depth; i++) v = i % 2 == 0 ? Math.sin(v) : Math.tanh(v);
            return v;
        }

        public double gradient(double[] x, double[] g) {
            u[0] = x[0];
            for (int i = 0; i < depth; i++) u[i + 1] = i % 2 == 0 ? Math.sin(u[i]) : Math.tanh(u[i]);
            double adjoint = 1;
            for (int i = depth - 1; i >= 0; i--) {
                adjoint *= i % 2 == 0 ? Math.cos(u[i]) : 1 - u[i + 1] * u[i + 1];
            }
            g[0] = adjoint;
            return u[depth];
        }

        public Gradient forward(Gradient[] x) {
            Gradient v = x[0];
            for (int i = 0; i < depth; i++) v = i % 2 == 0 ? v.sin() : v.tanh();
            return v;
        }
    }
}
