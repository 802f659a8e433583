package dev.derive.bench;

import dev.derive.CompiledFunction;
import dev.derive.CompiledGradient;
import java.util.concurrent.TimeUnit;
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
 * Every method on one problem per fork. The trial setup builds only what the running benchmark
 * needs and checks it against the hand-written Java first, failing the run if they disagree.
 * Run through {@link RunAll}, which chooses the problems each method runs on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Bench {
    @Param("sigmoid")
    public String problem;

    private Problem p;
    private double[] x;
    private double[] g;
    private CompiledFunction function;
    private CompiledGradient gradient;
    private double[] xd;
    private Subject.Interpreted interpreted;
    private Subject.Exp4j exp4j;

    @Setup
    public void setup(BenchmarkParams params) {
        String bench = params.getBenchmark();
        String method = bench.substring(bench.lastIndexOf('.') + 1);
        p = Problems.byName(problem);
        String reason = Plan.notRun(method, p);
        if (reason != null) throw new IllegalStateException(method + " on " + problem + " is not run: " + reason);
        Subject s = new Subject(p);
        x = s.x.clone();
        g = new double[x.length];
        switch (method) {
            case "value_derive" -> {
                Subject.Compiled c = s.compiledFunction();
                function = c.f();
                xd = c.x();
                s.checkValue("derive's compiled function", function.value(xd));
            }
            case "gradient_derive" -> {
                Subject.CompiledGrad c = s.compiledGradient();
                gradient = c.f();
                xd = c.x();
                double[] gd = new double[x.length];
                double v = gradient.valueAndGradient(xd, gd);
                s.check("derive's compiled value-and-gradient", v, Subject.fromDerive(gd, c.perm()));
            }
            case "gradient_fd" -> {
                Subject.Compiled c = s.compiledFunction();
                function = c.f();
                xd = c.x();
                s.checkValue("derive's compiled function", function.value(xd));
            }
            case "value_interpreter", "gradient_interpreter" -> {
                interpreted = s.interpreter(method.startsWith("gradient"));
                double[] r = interpreted.evaluate();
                double[] grad = null;
                if (r.length > 1) {
                    grad = new double[x.length];
                    System.arraycopy(r, 1, grad, 0, grad.length);
                }
                s.check("derive's interpreter", r[0], grad);
            }
            case "value_exp4j" -> {
                exp4j = s.exp4j();
                s.checkValue("exp4j", exp4j.evaluate());
            }
            case "gradient_hipparchus" -> {
                double v = Subject.hipparchus(p, x, g);
                s.check("Hipparchus forward mode", v, g.clone());
            }
            case "value_hand", "gradient_hand" -> s.check("hand-written", p.gradient(x, g), g.clone());
            default -> throw new IllegalStateException("unknown benchmark " + method);
        }
    }

    @Benchmark
    public double value_derive() {
        return function.value(xd);
    }

    @Benchmark
    public double value_hand() {
        return p.value(x);
    }

    @Benchmark
    public double[] value_interpreter() {
        return interpreted.evaluate();
    }

    @Benchmark
    public double value_exp4j() {
        return exp4j.evaluate();
    }

    @Benchmark
    public double[] gradient_derive(Blackhole bh) {
        bh.consume(gradient.valueAndGradient(xd, g));
        return g;
    }

    @Benchmark
    public double[] gradient_hand(Blackhole bh) {
        bh.consume(p.gradient(x, g));
        return g;
    }

    @Benchmark
    public double[] gradient_hipparchus(Blackhole bh) {
        bh.consume(Subject.hipparchus(p, x, g));
        return g;
    }

    @Benchmark
    public double[] gradient_fd(Blackhole bh) {
        bh.consume(Subject.finiteDifferences(function, xd, g));
        return g;
    }

    @Benchmark
    public double[] gradient_interpreter() {
        return interpreted.evaluate();
    }
}
