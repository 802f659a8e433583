package dev.derive.bench;

import dev.derive.CompiledGradient;
import dev.derive.CompiledHessian;
import dev.derive.CompiledJacobian;
import dev.derive.Derive;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.FieldGradient;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.UnivariateDerivative1;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Jacobians, Hessians (dense or sparse, as the problem says) and Hessian-vector products:
 * derive's compiled code against hand-written Java and Hipparchus's forward mode. As in
 * {@link Bench}, the trial setup builds only what the running method needs and checks it
 * against the hand-written Java first. Jacobian methods run on {@link JacobianProblem}s, the
 * others on {@link HessianProblem}s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DerivativeBench {
    /** The benchmark methods, in table order. */
    public static final List<String> METHODS = List.of(
            "jacobian_derive", "jacobian_hand", "jacobian_hipparchus",
            "gradient_derive", "gradient_hand",
            "hessian_derive", "hessian_hand", "hessian_hipparchus",
            "hvp_derive", "hvp_hand", "hvp_hipparchus");

    @Param("decay-60x5")
    public String problem;

    private JacobianProblem jp;
    private HessianProblem hp;
    private double[] x;
    private double[] v;
    private double[] y;
    private double[] g;
    private double[] out;
    private CompiledJacobian jacobian;
    private CompiledHessian hessian;
    private CompiledGradient gradient;
    private DSFactory factory;
    private int[] hessianIndex;
    private int[] sparseRows;
    private int[] sparseColumns;

    /** Why {@code method} is not run on {@code problem}, or null if it is. */
    public static String notRun(String method, String problem) {
        boolean jacobianMethod = method.startsWith("jacobian");
        boolean jacobianProblem = SecondOrderProblems.JACOBIANS.contains(problem);
        if (jacobianMethod != jacobianProblem) return "not a " + (jacobianMethod ? "Jacobian" : "Hessian") + " problem";
        int n = jacobianProblem ? SecondOrderProblems.jacobian(problem).inputs() : SecondOrderProblems.hessian(problem).size();
        boolean sparse = jacobianProblem ? SecondOrderProblems.jacobian(problem).sparse()
                : SecondOrderProblems.hessian(problem).sparse();
        return switch (method) {
            case "jacobian_hipparchus", "hvp_hipparchus" -> n >= 100_000
                    ? "forward mode carries all n partials through every operation: O(n²) per call at n = 100,000" : null;
            case "hessian_hipparchus" -> sparse
                    ? String.format("Hipparchus has no sparse Hessian; its DerivativeStructure of order 2 carries all"
                            + " (n+1)(n+2)/2 = %,d coefficients through every operation", (long) (n + 1) * (n + 2) / 2)
                    : null;
            default -> null;
        };
    }

    @Setup
    public void setup(BenchmarkParams params) {
        String bench = params.getBenchmark();
        String method = bench.substring(bench.lastIndexOf('.') + 1);
        String reason = notRun(method, problem);
        if (reason != null) throw new IllegalStateException(method + " on " + problem + " is not run: " + reason);
        if (method.startsWith("jacobian")) {
            setupJacobian(method);
        } else {
            setupHessian(method);
        }
    }

    private void setupJacobian(String method) {
        jp = SecondOrderProblems.jacobian(problem);
        x = jp.point();
        y = new double[jp.outputs()];
        double[] handY = new double[jp.outputs()];
        double[] hand;
        if (jp.sparse()) {
            sparseRows = jp.sparseRows();
            sparseColumns = jp.sparseColumns();
            hand = new double[sparseRows.length];
        } else {
            hand = new double[jp.outputs() * jp.inputs()];
        }
        out = new double[hand.length];
        jp.jacobian(x, handY, hand);
        switch (method) {
            case "jacobian_derive" -> {
                jacobian = Derive.jacobian(jp.source());
                Checks.same("derive's variables", List.of(Problems.numbered("x", jp.inputs())), jacobian.variables());
                if (jp.sparse()) {
                    Checks.same("derive's Jacobian structure rows", sparseRows, jacobian.sparseRows());
                    Checks.same("derive's Jacobian structure columns", sparseColumns, jacobian.sparseColumns());
                }
                deriveJacobian();
            }
            case "jacobian_hand" -> jp.jacobian(x, y, out);
            case "jacobian_hipparchus" -> hipparchusJacobian();
            default -> throw new IllegalStateException("unknown benchmark " + method);
        }
        Checks.close(method + " values", handY, y);
        Checks.close(method + " Jacobian", hand, out);
    }

    private void setupHessian(String method) {
        hp = SecondOrderProblems.hessian(problem);
        int n = hp.size();
        x = hp.point();
        v = hp.direction();
        g = new double[n];
        double[] handG = new double[n];
        double[] expected;
        double value = Double.NaN;
        double handValue = Double.NaN;
        if (method.startsWith("gradient")) {
            expected = new double[0];
            out = new double[0];
            handValue = hp.gradient(x, handG);
        } else if (method.startsWith("hvp")) {
            expected = new double[n];
            out = new double[n];
            hp.hessianVector(x, v, expected);
        } else {
            expected = new double[hp.sparse() ? 2 * n - 1 : n * n];
            if (hp.sparse() && !(hp instanceof SecondOrderProblems.Rosenbrock)) {
                throw new IllegalStateException("the sparse Hessian's size is known for Rosenbrock only");
            }
            out = new double[expected.length];
            handValue = hp.hessian(x, handG, expected);
        }
        if (method.equals("gradient_derive")) {
            gradient = Derive.gradient(hp.source());
            Checks.same("derive's variables", List.of(hp.names()), gradient.variables());
        } else if (method.endsWith("_derive")) {
            hessian = Derive.hessian(hp.source());
            Checks.same("derive's variables", List.of(hp.names()), hessian.variables());
            if (method.startsWith("hessian") && hp.sparse()) {
                Checks.same("the sparse Hessian's size", expected.length, hessian.sparseRows().length);
            }
        }
        if (method.equals("hessian_hipparchus")) {
            factory = new DSFactory(n, 2);
            hessianIndex = new int[n * n + n];
            int[] orders = new int[n];
            for (int i = 0; i < n; i++) {
                orders[i]++;
                hessianIndex[n * n + i] = factory.getCompiler().getPartialDerivativeIndex(orders);
                for (int j = 0; j < n; j++) {
                    orders[j]++;
                    hessianIndex[i * n + j] = factory.getCompiler().getPartialDerivativeIndex(orders);
                    orders[j]--;
                }
                orders[i]--;
            }
        }
        switch (method) {
            case "gradient_derive" -> value = gradient.valueAndGradient(x, g);
            case "gradient_hand" -> value = hp.gradient(x, g);
            case "hessian_derive" -> value = hp.sparse() ? hessian.sparseHessian(x, g, out) : hessian.hessian(x, g, out);
            case "hessian_hand" -> value = hp.hessian(x, g, out);
            case "hessian_hipparchus" -> value = hipparchusHessian();
            case "hvp_derive" -> hessian.hessianVector(x, v, out);
            case "hvp_hand" -> hp.hessianVector(x, v, out);
            case "hvp_hipparchus" -> hipparchusHessianVector();
            default -> throw new IllegalStateException("unknown benchmark " + method);
        }
        if (!method.startsWith("hvp")) {
            Checks.close(method + " value", new double[] {handValue}, new double[] {value});
            Checks.close(method + " gradient", handG, g);
        }
        Checks.close(method + (method.startsWith("hvp") ? " H·v" : " Hessian"), expected, out);
    }

    private double[] deriveJacobian() {
        if (jp.sparse()) {
            jacobian.sparseJacobian(x, y, out);
        } else {
            jacobian.jacobian(x, y, out);
        }
        return out;
    }

    private double[] hipparchusJacobian() {
        int n = jp.inputs();
        Gradient[] vars = new Gradient[n];
        for (int i = 0; i < n; i++) vars[i] = Gradient.variable(n, i, x[i]);
        Gradient[] residuals = new Gradient[jp.outputs()];
        jp.residuals(vars, residuals);
        for (int i = 0; i < residuals.length; i++) y[i] = residuals[i].getValue();
        if (jp.sparse()) {
            for (int k = 0; k < sparseRows.length; k++) {
                out[k] = residuals[sparseRows[k]].getPartialDerivative(sparseColumns[k]);
            }
        } else {
            for (int i = 0; i < residuals.length; i++) {
                double[] row = residuals[i].getGradient();
                System.arraycopy(row, 0, out, i * n, n);
            }
        }
        return out;
    }

    private double hipparchusHessian() {
        int n = hp.size();
        DerivativeStructure[] vars = new DerivativeStructure[n];
        for (int i = 0; i < n; i++) vars[i] = factory.variable(i, x[i]);
        double[] all = hp.value(vars).getAllDerivatives();
        for (int i = 0; i < n; i++) g[i] = all[hessianIndex[n * n + i]];
        for (int k = 0; k < n * n; k++) out[k] = all[hessianIndex[k]];
        return all[0];
    }

    /** H·v by forward over forward: the gradient, with respect to x, of the derivative along v. */
    private double[] hipparchusHessianVector() {
        int n = hp.size();
        @SuppressWarnings("unchecked")
        FieldGradient<UnivariateDerivative1>[] vars = new FieldGradient[n];
        for (int i = 0; i < n; i++) vars[i] = FieldGradient.variable(n, i, new UnivariateDerivative1(x[i], v[i]));
        FieldGradient<UnivariateDerivative1> f = hp.value(vars);
        for (int i = 0; i < n; i++) out[i] = f.getPartialDerivative(i).getFirstDerivative();
        return out;
    }

    @Benchmark
    public double[] jacobian_derive() {
        return deriveJacobian();
    }

    @Benchmark
    public double[] jacobian_hand() {
        jp.jacobian(x, y, out);
        return out;
    }

    @Benchmark
    public double[] jacobian_hipparchus() {
        return hipparchusJacobian();
    }

    @Benchmark
    public double[] gradient_derive(Blackhole bh) {
        bh.consume(gradient.valueAndGradient(x, g));
        return g;
    }

    @Benchmark
    public double[] gradient_hand(Blackhole bh) {
        bh.consume(hp.gradient(x, g));
        return g;
    }

    @Benchmark
    public double[] hessian_derive(Blackhole bh) {
        bh.consume(hp.sparse() ? hessian.sparseHessian(x, g, out) : hessian.hessian(x, g, out));
        return out;
    }

    @Benchmark
    public double[] hessian_hand(Blackhole bh) {
        bh.consume(hp.hessian(x, g, out));
        return out;
    }

    @Benchmark
    public double[] hessian_hipparchus(Blackhole bh) {
        bh.consume(hipparchusHessian());
        return out;
    }

    @Benchmark
    public double[] hvp_derive() {
        hessian.hessianVector(x, v, out);
        return out;
    }

    @Benchmark
    public double[] hvp_hand() {
        hp.hessianVector(x, v, out);
        return out;
    }

    @Benchmark
    public double[] hvp_hipparchus() {
        return hipparchusHessianVector();
    }

    /** Agreement with the hand-written Java, failing the trial where there is none. */
    static final class Checks {
        private Checks() {}

        static void same(String what, Object expected, Object actual) {
            boolean equal = expected instanceof int[] a && actual instanceof int[] b ? Arrays.equals(a, b)
                    : expected.equals(actual);
            if (!equal) throw new IllegalStateException(what + " differ from the hand-written Java's");
        }

        static void close(String what, double[] expected, double[] actual) {
            for (int i = 0; i < expected.length; i++) {
                double scale = Math.max(1, Math.abs(expected[i]));
                if (!(Math.abs(expected[i] - actual[i]) <= Subject.TOLERANCE * scale)) {
                    throw new IllegalStateException(what + " disagrees with the hand-written Java at " + i
                            + ": " + actual[i] + " against " + expected[i]);
                }
            }
        }
    }
}
