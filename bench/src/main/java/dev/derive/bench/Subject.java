package dev.derive.bench;

import dev.derive.CompiledFunction;
import dev.derive.CompiledGradient;
import dev.derive.Derive;
import dev.derive.Derivatives;
import dev.derive.Formula;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.objecthunter.exp4j.Expression;
import net.objecthunter.exp4j.ExpressionBuilder;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * A problem with the means to run every method on it, built on demand, and the checks that
 * every method computes the same function as the hand-written Java.
 */
public final class Subject {
    /** Relative tolerance for agreement with the hand-written Java. */
    static final double TOLERANCE = 1e-9;

    final Problem problem;
    final String[] names;
    final double[] x;
    final double[] g;

    Subject(Problem problem) {
        this.problem = problem;
        names = problem.names();
        x = problem.point();
        g = new double[x.length];
    }

    /** The permutation from derive's variable order to the problem's: derive's i is problem's perm[i]. */
    static int[] permutation(List<String> deriveOrder, String[] names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) index.put(names[i], i);
        if (deriveOrder.size() != names.length) {
            throw new IllegalStateException("derive sees " + deriveOrder.size() + " variables, the hand-written"
                    + " Java " + names.length);
        }
        int[] perm = new int[names.length];
        for (int i = 0; i < perm.length; i++) {
            Integer j = index.get(deriveOrder.get(i));
            if (j == null) throw new IllegalStateException("derive variable " + deriveOrder.get(i) + " unknown");
            perm[i] = j;
        }
        return perm;
    }

    /** x in derive's order. */
    static double[] toDerive(double[] x, int[] perm) {
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) y[i] = x[perm[i]];
        return y;
    }

    /** A gradient in derive's order, back in the problem's. */
    static double[] fromDerive(double[] g, int[] perm) {
        double[] y = new double[g.length];
        for (int i = 0; i < y.length; i++) y[perm[i]] = g[i];
        return y;
    }

    double handValue() {
        return problem.value(x.clone());
    }

    double[] handGradient() {
        double[] out = new double[x.length + 1];
        double[] gh = new double[x.length];
        out[x.length] = problem.gradient(x.clone(), gh);
        System.arraycopy(gh, 0, out, 0, gh.length);
        return out;
    }

    // ---- the methods, as objects the benchmarks call ----

    /** derive's compiled function, with x in its order. */
    record Compiled(CompiledFunction f, double[] x) {}

    Compiled compiledFunction() {
        CompiledFunction f = Derive.function(problem.source());
        return new Compiled(f, toDerive(x, permutation(f.variables(), names)));
    }

    record CompiledGrad(CompiledGradient f, double[] x, int[] perm) {}

    CompiledGrad compiledGradient() {
        CompiledGradient f = Derive.gradient(problem.source());
        int[] perm = permutation(f.variables(), names);
        return new CompiledGrad(f, toDerive(x, perm), perm);
    }

    /**
     * derive's reference interpreter: the formula, its partials if asked, and the point in
     * derive's order of variables; evaluates to the value, then the partials in the problem's order.
     */
    record Interpreted(Formula formula, Derivatives partials, double[] x, int[] perm) {
        double[] evaluate() {
            if (partials == null) return new double[] {formula.interpret(x)};
            double[] gradient = new double[x.length];
            double value = partials.interpret(x, gradient);
            double[] result = new double[x.length + 1];
            result[0] = value;
            System.arraycopy(fromDerive(gradient, perm), 0, result, 1, x.length);
            return result;
        }
    }

    Interpreted interpreter(boolean gradient) {
        Formula formula = Formula.parse(problem.source());
        int[] perm = permutation(formula.variables(), names);
        return new Interpreted(formula, gradient ? formula.derivatives() : null, toDerive(x, perm), perm);
    }

    /** exp4j's expression of the same text, with the variables bound on every call. */
    record Exp4j(Expression e, String[] names, double[] x) {
        double evaluate() {
            for (int i = 0; i < names.length; i++) e.setVariable(names[i], x[i]);
            return e.evaluate();
        }
    }

    Exp4j exp4j() {
        Expression e = new ExpressionBuilder(problem.exp4jSource()).variables(names).build();
        return new Exp4j(e, names, x.clone());
    }

    /** Hipparchus forward mode: the value and every partial, in the problem's order. */
    static double hipparchus(Problem p, double[] x, double[] g) {
        Gradient[] vars = new Gradient[x.length];
        for (int i = 0; i < x.length; i++) vars[i] = Gradient.variable(x.length, i, x[i]);
        Gradient r = p.forward(vars);
        System.arraycopy(r.getGradient(), 0, g, 0, g.length);
        return r.getValue();
    }

    /** Central finite differences on derive's compiled function: 2n evaluations. */
    static double finiteDifferences(CompiledFunction f, double[] x, double[] g) {
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double h = 1e-6 * Math.max(1, Math.abs(xi));
            x[i] = xi + h;
            double up = f.value(x);
            x[i] = xi - h;
            double down = f.value(x);
            x[i] = xi;
            g[i] = (up - down) / (2 * h);
        }
        return f.value(x);
    }

    // ---- checks ----

    /** Fails loudly if {@code actual} (value then gradient, problem order) differs from the hand-written. */
    void check(String what, double value, double[] gradient) {
        double[] hand = handGradient();
        double handValue = handValue();
        if (Math.abs(hand[x.length] - handValue) > TOLERANCE * Math.abs(handValue)) {
            throw new IllegalStateException(problem.name() + ": hand-written value " + handValue
                    + " and hand-written gradient's value " + hand[x.length] + " differ");
        }
        checkValue(what, value);
        if (gradient == null) return;
        double scale = 0;
        for (int i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(hand[i]));
        for (int i = 0; i < x.length; i++) {
            double a = hand[i], b = gradient[i];
            if (!(Math.abs(a - b) <= TOLERANCE * Math.max(Math.max(Math.abs(a), Math.abs(b)), 1e-6 * scale))) {
                throw new IllegalStateException(problem.name() + ": " + what + " gives d/d" + names[i] + " = " + b
                        + " but the hand-written gradient gives " + a + "; a benchmark comparing different"
                        + " functions is worthless");
            }
        }
    }

    void checkValue(String what, double value) {
        double hand = handValue();
        if (!(Math.abs(hand - value) <= TOLERANCE * Math.abs(hand))) {
            throw new IllegalStateException(problem.name() + ": " + what + " gives " + value
                    + " but the hand-written Java gives " + hand + "; a benchmark comparing different functions"
                    + " is worthless");
        }
    }

    /** The largest relative error of a gradient against the hand-written one (for finite differences). */
    double maxRelativeError(double[] gradient) {
        double[] hand = handGradient();
        double scale = 0;
        for (int i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(hand[i]));
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(hand[i] - gradient[i]) / Math.max(Math.abs(hand[i]), 1e-6 * scale));
        }
        return worst;
    }
}
