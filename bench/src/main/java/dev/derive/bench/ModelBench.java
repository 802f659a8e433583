package dev.derive.bench;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Models written with sums, compiled once for any size, against the best hand-written Java
 * loops: extended Rosenbrock at n = 10^3 .. 10^7 and logistic regression over 10^6 rows of 20
 * features. The hand-written loops reassociate freely (four accumulators), as a performance
 * engineer would write them. The trial setup checks derive against them first. The
 * {@code _threads} methods run the same compiled model on every core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ModelBench {
    public static final String ROSENBROCK = "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)";
    public static final String LOGISTIC =
            "sum(i = 0 .. m-1, log1p(exp(-y[i] * (sum(j = 0 .. d-1, w[j]*X[i,j]) + b)))) / m";

    public static final List<String> METHODS = List.of(
            "value_derive", "value_hand", "gradient_derive", "gradient_hand", "value_threads", "gradient_threads");
    public static final List<String> PROBLEMS = List.of(
            "rosenbrock-1000", "rosenbrock-100000", "rosenbrock-1000000", "rosenbrock-10000000", "logistic-1000000x20");
    public static final List<String> QUICK = List.of("rosenbrock-1000", "rosenbrock-100000", "logistic-100000x20");

    @Param("rosenbrock-1000")
    public String problem;

    private CompiledModel model;
    private CompiledModel threaded;
    private Bindings bindings;
    private Bindings threadedBindings;
    private CompiledModel.Gradient gradient;
    private CompiledModel.Gradient threadedGradient;
    private double[] x;
    private double[] g;
    private double[] X;
    private double[] y;
    private double[] w;
    private double[] gw;
    private int rows;
    private int features;

    @Setup
    public void setup() {
        if (problem.startsWith("rosenbrock-")) {
            int n = Integer.parseInt(problem.substring(11));
            x = new Random(1).doubles(n, -2, 2).toArray();
            g = new double[n];
            model = Model.parse(ROSENBROCK).compile("x");
            bindings = model.bind().array("x", x);
            threaded = Model.parse(ROSENBROCK).compile(List.of("x"), Model.Tuning.standard().allCores());
            threadedBindings = threaded.bind().array("x", x);
        } else {
            String[] mxd = problem.substring(9).split("x");
            rows = Integer.parseInt(mxd[0]);
            features = Integer.parseInt(mxd[1]);
            Random r = new Random(2);
            X = new double[rows * features];
            for (int k = 0; k < X.length; k++) X[k] = r.nextGaussian();
            y = new double[rows];
            for (int i = 0; i < rows; i++) y[i] = r.nextBoolean() ? 1 : -1;
            w = r.doubles(features, -0.1, 0.1).toArray();
            gw = new double[features + 1];
            model = Model.parse(LOGISTIC).compile("w", "b");
            bindings = model.bind().matrix("X", rows, features, X).array("y", y).array("w", w).scalar("b", 0.05);
            threaded = Model.parse(LOGISTIC).compile(List.of("w", "b"), Model.Tuning.standard().allCores());
            threadedBindings = threaded.bind().matrix("X", rows, features, X).array("y", y).array("w", w)
                    .scalar("b", 0.05);
        }
        gradient = model.newGradient(bindings);
        threadedGradient = threaded.newGradient(threadedBindings);
        check();
    }

    /**
     * derive against the hand-written loops, value and every partial within 1e-9 relative; on
     * every core, the same bits as on one.
     */
    private void check() {
        double v = model.valueAndGradient(bindings, gradient);
        same("value on every core", v, threaded.valueAndGradient(threadedBindings, threadedGradient));
        same("value alone on every core", model.value(bindings), threaded.value(threadedBindings));
        for (String name : model.wrt()) {
            boolean array = !name.equals("b");
            double[] one = array ? gradient.array(name) : new double[] {gradient.scalar(name)};
            double[] all = array ? threadedGradient.array(name) : new double[] {threadedGradient.scalar(name)};
            for (int k = 0; k < one.length; k++) same("d/d" + name + k + " on every core", one[k], all[k]);
        }
        if (x != null) {
            double hv = rosenbrockGradient(x, g);
            close("value", hv, v);
            close("value alone", rosenbrockValue(x), model.value(bindings));
            for (int i = 0; i < x.length; i++) close("d/dx" + i, g[i], gradient.array("x")[i]);
        } else {
            double hv = logisticGradient();
            close("value", hv, v);
            close("value alone", logisticValue(), model.value(bindings));
            for (int j = 0; j < features; j++) close("d/dw" + j, gw[j], gradient.array("w")[j]);
            close("d/db", gw[features], gradient.scalar("b"));
        }
    }

    private static void same(String what, double expected, double actual) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
            throw new IllegalStateException(what + ": " + actual + ", on one thread " + expected);
        }
    }

    private static void close(String what, double expected, double actual) {
        if (!(Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
            throw new IllegalStateException(what + ": derive " + actual + ", hand-written " + expected);
        }
    }

    @Benchmark
    public double value_derive() {
        return model.value(bindings);
    }

    @Benchmark
    public double value_hand() {
        return x != null ? rosenbrockValue(x) : logisticValue();
    }

    @Benchmark
    public double gradient_derive() {
        return model.valueAndGradient(bindings, gradient);
    }

    @Benchmark
    public double value_threads() {
        return threaded.value(threadedBindings);
    }

    @Benchmark
    public double gradient_threads() {
        return threaded.valueAndGradient(threadedBindings, threadedGradient);
    }

    @Benchmark
    public double gradient_hand() {
        return x != null ? rosenbrockGradient(x, g) : logisticGradient();
    }

    /** Four accumulators, reassociated freely. */
    static double rosenbrockValue(double[] x) {
        int n = x.length;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n - 1; i += 4) {
            double a0 = x[i + 1] - x[i] * x[i], b0 = 1 - x[i];
            double a1 = x[i + 2] - x[i + 1] * x[i + 1], b1 = 1 - x[i + 1];
            double a2 = x[i + 3] - x[i + 2] * x[i + 2], b2 = 1 - x[i + 2];
            double a3 = x[i + 4] - x[i + 3] * x[i + 3], b3 = 1 - x[i + 3];
            s0 += 100 * a0 * a0 + b0 * b0;
            s1 += 100 * a1 * a1 + b1 * b1;
            s2 += 100 * a2 * a2 + b2 * b2;
            s3 += 100 * a3 * a3 + b3 * b3;
        }
        for (; i < n - 1; i++) {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            s0 += 100 * a * a + b * b;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The value and gradient in one pass, four accumulators for the value. */
    static double rosenbrockGradient(double[] x, double[] g) {
        int n = x.length;
        if (n == 0) return 0;
        double s0 = 0, s1 = 0;
        g[0] = 0;
        int i = 0;
        for (; i + 1 < n - 1; i += 2) {
            double a0 = x[i + 1] - x[i] * x[i], b0 = 1 - x[i];
            double a1 = x[i + 2] - x[i + 1] * x[i + 1], b1 = 1 - x[i + 1];
            s0 += 100 * a0 * a0 + b0 * b0;
            s1 += 100 * a1 * a1 + b1 * b1;
            g[i] += -400 * a0 * x[i] - 2 * b0;
            g[i + 1] = 200 * a0 - 400 * a1 * x[i + 1] - 2 * b1;
            g[i + 2] = 200 * a1;
        }
        for (; i < n - 1; i++) {
            double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
            s0 += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] = 200 * a;
        }
        return s0 + s1;
    }

    private double logisticValue() {
        double s0 = 0, s1 = 0;
        for (int i = 0; i < rows; i++) {
            double z = 0.05;
            int base = i * features;
            for (int j = 0; j < features; j++) z += w[j] * X[base + j];
            double term = Math.log1p(Math.exp(-y[i] * z));
            if ((i & 1) == 0) s0 += term;
            else s1 += term;
        }
        return (s0 + s1) / rows;
    }

    /** The value, and d/dw into gw[0..features), d/db into gw[features]. */
    private double logisticGradient() {
        java.util.Arrays.fill(gw, 0);
        double s0 = 0, s1 = 0;
        double gb = 0;
        for (int i = 0; i < rows; i++) {
            double z = 0.05;
            int base = i * features;
            for (int j = 0; j < features; j++) z += w[j] * X[base + j];
            double e = Math.exp(-y[i] * z);
            double term = Math.log1p(e);
            if ((i & 1) == 0) s0 += term;
            else s1 += term;
            double dz = -y[i] * e / (1 + e) / rows;
            for (int j = 0; j < features; j++) gw[j] += dz * X[base + j];
            gb += dz;
        }
        gw[features] = gb;
        return (s0 + s1) / rows;
    }
}
