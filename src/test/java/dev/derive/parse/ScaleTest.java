package dev.derive.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.diff.ReverseMode;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Long and deeply nested programs parse, differentiate, evaluate and print without running out
 * of stack, and their gradients' graphs stay linear in their size (how their time grows is
 * measured by the benchmarks, where timing belongs).
 */
class ScaleTest {
    private static final int DEPTH = 10_000;

    @Test
    void sumOfAMillionTerms() {
        int n = 1_000_000;
        StringBuilder source = new StringBuilder("x0");
        for (int i = 1; i < n; i++) source.append(" + x").append(i).append("*x").append(i);
        Program program = ProgramParser.parse(source.toString());
        List<Node> partials = gradient(program);

        Map<String, Double> point = new HashMap<>(2 * n);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double x = (i % 7) * 0.5 - 1;
            point.put("x" + i, x);
            expected += i == 0 ? x : x * x;
        }
        double[] values = Interpreter.evaluate(program.graph(),
                List.of(program.value(), partials.get(0), partials.get(123_456)), point);
        assertEquals(n, partials.size());
        assertArrayEquals(new double[] {expected, 1, 2 * point.get("x123456")}, values);
        assertTrue(program.graph().size() < 6 * n, program.graph().size() + " nodes");
    }

    @Test
    void productOfAHundredThousandFactors() {
        int n = 100_000;
        StringBuilder source = new StringBuilder("x0");
        for (int i = 1; i < n; i++) source.append('*').append('x').append(i);
        Program program = ProgramParser.parse(source.toString());
        List<Node> partials = gradient(program);

        Map<String, Double> point = new HashMap<>(2 * n);
        for (int i = 0; i < n; i++) point.put("x" + i, 1.0);
        point.put("x5", 2.0);
        point.put("x99999", 3.0);
        double[] values = Interpreter.evaluate(program.graph(), List.of(program.value(),
                partials.get(0), partials.get(5), partials.get(99_999)), point);
        assertArrayEquals(new double[] {6, 6, 3, 2}, values);
        // factored paths: the partials share prefix and suffix products, O(n) nodes, not O(n^2)
        assertTrue(program.graph().size() < 6 * n, program.graph().size() + " nodes");
    }

    @Test
    void tenThousandNestedCalls() {
        String source = "sin(".repeat(DEPTH) + "x" + ")".repeat(DEPTH);
        double v = 1;
        double d = 1;
        for (int i = 0; i < DEPTH; i++) {
            d *= Math.cos(v);
            v = Math.sin(v);
        }
        assertDeepProgram(source, source, 1, v, d);
    }

    @Test
    void tenThousandRedundantParentheses() {
        String source = "(".repeat(DEPTH) + "x*y" + ")".repeat(DEPTH);
        Program program = ProgramParser.parse(source);
        Node partial = gradient(program).get(0);
        assertEquals("x*y", Printer.expression(program.value()));
        assertEquals("y", Printer.expression(partial));
    }

    /** 1 + x*(1 + x*(... (x + 1))): parentheses nested 10,000 deep, each around a sum. */
    @Test
    void tenThousandNestedParenthesizedSums() {
        String source = "1 + x*(".repeat(DEPTH) + "x + 1" + ")".repeat(DEPTH);
        double x = 0.5;
        double v = x + 1;
        double d = 1;
        for (int i = 0; i < DEPTH; i++) {
            d = v + x * d;
            v = 1 + x * v;
        }
        assertDeepProgram(source, source, x, v, d);
    }

    @Test
    void tenThousandUnaryMinusSigns() {
        String source = "-".repeat(DEPTH + 1) + "x^2";
        assertDeepProgram(source, "-x^2", 3, -9, -6);
    }

    @Test
    void tenThousandAlternatingSignsAndCalls() {
        String source = "-sin(".repeat(DEPTH) + "x" + ")".repeat(DEPTH);
        double v = 0.5;
        double d = 1;
        for (int i = 0; i < DEPTH; i++) {
            d *= -Math.cos(v);
            v = -Math.sin(v);
        }
        assertDeepProgram(source, source, 0.5, v, d);
    }

    @Test
    void theDocumentedNestingLimitParses() {
        int depth = ProgramParser.NESTING_LIMIT;
        Program program = ProgramParser.parse("(".repeat(depth) + "x" + ")".repeat(depth) + "+1");
        assertEquals("x + 1", Printer.expression(program.value()));
    }

    /**
     * Parses {@code source} in x, checks it prints back as {@code printed}, and checks its value
     * and derivative at {@code x}, also after printing the derivative (with temporaries, as an
     * inline print of a deep derivative repeats its shared parts) and parsing it again.
     */
    private static void assertDeepProgram(String source, String printed, double x, double value,
                                          double derivative) {
        Program program = ProgramParser.parse(source);
        Node partial = gradient(program).get(0);
        Map<String, Double> point = Map.of("x", x);
        double[] values = Interpreter.evaluate(program.graph(),
                List.of(program.value(), partial), point);
        assertEquals(value, values[0], 1e-12 * Math.abs(value), "value");
        assertEquals(derivative, values[1], 1e-10 * Math.abs(derivative), "derivative");

        assertEquals(printed, Printer.expression(program.value()));
        List<String> lines = new Printer(Set.of("x"), Map.of())
                .print(List.of(new Printer.Line(null, partial, false)));
        Program reparsed = ProgramParser.parse(String.join("\n", lines));
        assertEquals(values[1],
                Interpreter.evaluate(reparsed.graph(), List.of(reparsed.value()), point)[0]);
    }

    private static List<Node> gradient(Program program) {
        return ReverseMode.gradient(program.graph(), program.value(), program.inputs());
    }
}
