package dev.derive.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.derive.CompiledGradient;
import dev.derive.diff.Domain;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The check every generated program goes through: its value and gradient, compiled with every
 * rewrite on, with each one off, and with none (straight-line code only), are the same bits as
 * the reference interpreter's, at seeded random points.
 */
public final class Agreement {
    /** Each rewrite off in turn, then all of them; the defaults first. */
    static final List<Options> OPTIONS = List.of(
            new Options(true, true, true),
            new Options(true, false, true),
            new Options(true, true, false),
            Options.straightLine());

    private Agreement() {}

    /** Checks {@code source} at {@code points} seeded random points. */
    public static void check(String source, int points) {
        Program p = ProgramParser.parse(source);
        List<Node> partials = ReverseMode.gradient(p.graph(), p.value(), p.inputs());
        List<Node> outputs = new ArrayList<>();
        outputs.add(p.value());
        outputs.addAll(partials);
        List<CompiledGradient> compiled = new ArrayList<>();
        for (Options options : OPTIONS) {
            compiled.add(BytecodeCompiler.gradient(p.graph(), p.inputs(), p.value(), partials, options));
        }
        Random random = new Random(source.hashCode());
        for (int trial = 0; trial < points; trial++) {
            double[] x = new double[p.inputs().size()];
            Map<String, Double> point = new HashMap<>();
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
                point.put(p.inputs().get(i).name, x[i]);
            }
            double[] expected = Interpreter.evaluate(p.graph(), outputs, point);
            double[] expectedGradient = java.util.Arrays.copyOfRange(expected, 1, expected.length);
            Domain.restrict(expected[0], expectedGradient);
            System.arraycopy(expectedGradient, 0, expected, 1, expectedGradient.length);
            for (int c = 0; c < compiled.size(); c++) {
                String what = source.length() > 300 ? source.substring(0, 300) + "..." : source;
                what += " with " + OPTIONS.get(c) + " at " + point;
                double[] gradient = new double[x.length];
                double value = compiled.get(c).valueAndGradient(x, gradient);
                assertSame(expected[0], value, what + ": value with the gradient");
                assertSame(expected[0], compiled.get(c).value(x), what + ": value()");
                for (int i = 0; i < gradient.length; i++) {
                    assertSame(expected[i + 1], gradient[i], what + ": d/d" + p.inputs().get(i).name);
                }
            }
        }
    }

    /** The same double: equal bits, any NaN counting as every other. */
    static void assertSame(double expected, double actual, String what) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                () -> what + ": interpreter " + expected + ", compiled " + actual);
    }
}
