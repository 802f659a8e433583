package dev.derive.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.graph.Graph;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReverseModeTest {

    // --- cost: factored paths keep the whole gradient linear ---

    @Test
    void gradientOfAProductOfTenThousandVariablesAddsLinearlyManyNodes() {
        int n = 10_000;
        StringBuilder source = new StringBuilder("x1");
        for (int i = 2; i <= n; i++) source.append('*').append('x').append(i);
        Program program = ProgramParser.parse(source.toString());
        Graph graph = program.graph();

        int before = graph.size();
        List<Node> partials = ReverseMode.gradient(graph, program.value(), program.inputs());
        int added = graph.size() - before;

        assertEquals(n, partials.size());
        assertTrue(added <= 4 * n, "the gradient of " + n + " factors added " + added + " nodes");
        Map<String, Double> point = new HashMap<>();
        for (int i = 1; i <= n; i++) point.put("x" + i, 1.0);
        point.put("x3", 2.0);
        point.put("x7777", 5.0);
        double[] values = Interpreter.evaluate(graph, List.of(program.value(),
                partials.get(0), partials.get(2), partials.get(7776), partials.get(n - 1)), point);
        assertArrayEquals(new double[] {10, 10, 5, 2, 10}, values);
    }

    // --- conventions where the derivative does not exist ---

    @Test
    void absHasDerivativeZeroAtZero() {
        assertEquals(0.0, partialsAt("abs(x)", "x", 0.0)[0], 0.0);
    }

    @Test
    void reluHasDerivativeZeroAtZero() {
        assertEquals(0.0, partialsAt("relu(x)", "x", 0.0)[0], 0.0);
    }

    @Test
    void maxSplitsATieEvenly() {
        assertArrayEquals(new double[] {0.5, 0.5}, partialsAt("max(x, y)", "x", 1.5, "y", 1.5));
    }

    @Test
    void minSplitsATieEvenly() {
        assertArrayEquals(new double[] {0.5, 0.5}, partialsAt("min(x, y)", "x", -2.0, "y", -2.0));
    }

    @Test
    void sqrtHasInfiniteDerivativeAtZero() {
        assertEquals(Double.POSITIVE_INFINITY, partialsAt("sqrt(x)", "x", 0.0)[0]);
    }

    @Test
    void atan2HasFinitePartialsAtExtremeMagnitudes() {
        // x/(x^2 + y^2) would overflow at 1e-170 and underflow to 0 at 1e200.
        double[] tiny = evaluate(ProgramParser.parse("atan2(y, x)"), new double[] {3e-170, 4e-170});
        assertEquals(1.6e169, tiny[1], 1e-12 * 1.6e169);
        assertEquals(-1.2e169, tiny[2], 1e-12 * 1.2e169);
        double[] huge = evaluate(ProgramParser.parse("atan2(y, x)"), new double[] {1e200, 1e200});
        assertEquals(5e-201, huge[1], 1e-12 * 5e-201);
        assertEquals(-5e-201, huge[2], 1e-12 * 5e-201);
    }

    @Test
    void signHasDerivativeZeroEverywhere() {
        Program program = ProgramParser.parse("sign(x)");
        Node partial = gradient(program).get(0);
        assertTrue(partial.isConstant(0), "d sign(x)/dx is " + partial);
    }

    @Test
    void nonSmoothFunctionsHaveTheirOrdinaryDerivativesAwayFromTheKink() {
        assertArrayEquals(new double[] {-1}, partialsAt("abs(x)", "x", -3.0));
        assertArrayEquals(new double[] {1}, partialsAt("relu(x)", "x", 0.25));
        assertArrayEquals(new double[] {0}, partialsAt("relu(x)", "x", -0.25));
        assertArrayEquals(new double[] {0, 1}, partialsAt("max(x, y)", "x", 1.0, "y", 2.0));
        assertArrayEquals(new double[] {1, 0}, partialsAt("min(x, y)", "x", 1.0, "y", 2.0));
    }

    // --- the seeds ---

    @Test
    void seedGraphWithNamedParts() {
        assertValueAndGradient("c = a + b\nd = b + 1\ne = c * d", new double[] {2, 1},
                6, new double[] {2, 5});
    }

    @Test
    void seedGraphAsOneExpression() {
        assertValueAndGradient("(a+b)*(b+1)", new double[] {2, 1}, 6, new double[] {2, 5});
    }

    @Test
    void seedSumTimesVariable() {
        assertValueAndGradient("(x+y)*z", new double[] {-2, 5, -4}, -12, new double[] {-4, -4, 3});
    }

    @Test
    void seedSigmoidNeuronWrittenOut() {
        assertSigmoidNeuron("s = w0*x0 + w1*x1 + w2\n1/(1 + exp(-s))");
    }

    @Test
    void seedSigmoidNeuronWithTheSigmoidFunction() {
        assertSigmoidNeuron("sigmoid(w0*x0 + w1*x1 + w2)");
    }

    private static void assertSigmoidNeuron(String source) {
        double s = 1 / (1 + Math.exp(-1));
        double g = s * (1 - s);
        Program program = ProgramParser.parse(source);
        double[] values = evaluate(program, new double[] {2, -1, -3, -2, -3});
        assertEquals(List.of("w0", "x0", "w1", "x1", "w2"), names(program.inputs()));
        assertArrayEquals(new double[] {s, -g, 2 * g, -2 * g, -3 * g, g}, values, 1e-15);
    }

    // --- sharing ---

    @Test
    void derivativeOfExpReusesTheExpNodeItself() {
        Program program = ProgramParser.parse("exp(x)");
        assertSame(program.value(), gradient(program).get(0));
    }

    @Test
    void derivativeOfExpInsideAChainContainsTheFunctionsOwnExpNode() {
        Program program = ProgramParser.parse("exp(sin(x))");
        Graph graph = program.graph();
        Node partial = gradient(program).get(0);
        BitSet underPartial = graph.reachable(List.of(partial));
        assertTrue(underPartial.get(program.value().id), "the partial does not use exp(sin(x))");
        assertSame(program.value(), graph.node(program.value().id));
        assertEquals(1, countOps(graph, Op.EXP), "a second exp node was made");
    }

    @Test
    void derivativesOfTanhSqrtAndSigmoidReuseTheirOutputs() {
        for (String source : List.of("tanh(x*y)", "sqrt(x*y)", "sigmoid(x*y)")) {
            Program program = ProgramParser.parse(source);
            Node partial = gradient(program).get(0);
            assertTrue(program.graph().reachable(List.of(partial)).get(program.value().id), source);
            assertEquals(1, countOps(program.graph(), program.value().op), source);
        }
    }

    @Test
    void aNodeUsedTwiceCollectsBothContributions() {
        assertValueAndGradient("u = x*y\nu + sin(u)", new double[] {0.5, 2},
                1 + Math.sin(1), new double[] {2 * (1 + Math.cos(1)), 0.5 * (1 + Math.cos(1))});
    }

    @Test
    void variablesTheOutputDoesNotUseHaveZeroPartials() {
        Program program = ProgramParser.parse("x*x");
        Node y = program.graph().variable("y");
        List<Node> partials = ReverseMode.gradient(program.graph(), program.value(),
                List.of(y, program.inputs().get(0)));
        assertTrue(partials.get(0).isConstant(0));
        assertEquals(6.0, Interpreter.evaluate(program.graph(), List.of(partials.get(1)),
                Map.of("x", 3.0))[0]);
    }

    // --- helpers ---

    private static List<Node> gradient(Program program) {
        return ReverseMode.gradient(program.graph(), program.value(), program.inputs());
    }

    /** The partials of {@code source} at the point given as name, value pairs. */
    private static double[] partialsAt(String source, Object... point) {
        Program program = ProgramParser.parse(source);
        Map<String, Double> values = new HashMap<>();
        for (int i = 0; i < point.length; i += 2) {
            values.put((String) point[i], (Double) point[i + 1]);
        }
        return Interpreter.evaluate(program.graph(), gradient(program), values);
    }

    /** The value, then each partial, at {@code at} (the inputs' values in order). */
    private static double[] evaluate(Program program, double[] at) {
        Map<String, Double> point = new HashMap<>();
        for (int i = 0; i < at.length; i++) point.put(program.inputs().get(i).name, at[i]);
        List<Node> outputs = new ArrayList<>();
        outputs.add(program.value());
        outputs.addAll(gradient(program));
        return Interpreter.evaluate(program.graph(), outputs, point);
    }

    private static void assertValueAndGradient(String source, double[] at, double value,
                                               double[] gradient) {
        double[] values = evaluate(ProgramParser.parse(source), at);
        assertEquals(value, values[0], 1e-12, "value");
        assertArrayEquals(gradient, Arrays.copyOfRange(values, 1, values.length), 1e-12);
    }

    private static List<String> names(List<Node> variables) {
        return variables.stream().map(v -> v.name).toList();
    }

    private static int countOps(Graph graph, Op op) {
        int count = 0;
        for (int id = 0; id < graph.size(); id++) {
            if (graph.node(id).op == op) count++;
        }
        return count;
    }
}
