package dev.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A model's graph in DOT ({@link Model#explain}): well formed, complete, for any depth. */
class ModelExplanationTest {
    private static final Pattern NODE = Pattern.compile("^\\s*n(\\d+) \\[label=", Pattern.MULTILINE);
    private static final Pattern EDGE = Pattern.compile("^\\s*n(\\d+) -> n(\\d+)", Pattern.MULTILINE);
    private static final Pattern COUNTS = Pattern.compile("^// (\\d+) nodes? \\(.*\\), (\\d+) edges?;");

    @Test
    void everyEdgeJoinsDrawnNodesAndTheCountsAreWhatIsDrawn() {
        for (String source : List.of(ModelTest.ROSENBROCK, ModelTest.LOGISTIC,
                "logsumexp(k = 0 .. K-1, a[k]*s) + prod(i = 0 .. n-1, if(x[i] > 0, x[i]*i, 1)) + sum(i = 1 .. n-2, 1.75)",
                "sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]) + max(k = i .. n-1, x[k]))",
                "r[k = 0 .. n-2] = x[k+1] - x[k]^2*c")) {
            String dot = Model.parse(source).explain(List.of());
            Set<String> nodes = new HashSet<>();
            Matcher n = NODE.matcher(dot);
            while (n.find()) assertTrue(nodes.add(n.group(1)), source + ": node n" + n.group(1) + " drawn twice");
            int edges = 0;
            Matcher e = EDGE.matcher(dot);
            while (e.find()) {
                edges++;
                assertTrue(nodes.contains(e.group(1)) && nodes.contains(e.group(2)), source + ": " + e.group());
            }
            Matcher counts = COUNTS.matcher(dot);
            assertTrue(counts.find(), dot);
            assertEquals(nodes.size(), Integer.parseInt(counts.group(1)), source);
            assertEquals(edges, Integer.parseInt(counts.group(2)), source);
            assertEquals(dot.chars().filter(c -> c == '{').count(), dot.chars().filter(c -> c == '}').count(), source);
        }
    }

    @Test
    void aLoopsBodyIsBoxedForItsVariablesAndTheTermsEdgeSaysHowItsAdjointFollows() {
        String dot = Model.parse(ModelTest.ROSENBROCK).explain(List.of("x"));
        assertTrue(dot.contains("label=\"each i\""), dot);
        assertTrue(dot.contains("[label=\"f = sum(i = 0 .. n - 2, t7)\"]"), dot);
        assertTrue(dot.contains("[label=\"1, each i\"]"), dot);
        assertTrue(dot.contains("[label=\"x[i + 1]\", shape=ellipse]"), dot);
        assertTrue(dot.contains("forward mode 1 sweep per element of x\n"), dot);
    }

    @Test
    void onlyTheInputsAskedForAreCountedAndUnknownOnesAreAnError() {
        Model logistic = Model.parse(ModelTest.LOGISTIC);
        assertTrue(logistic.explain(List.of("w", "b")).contains("per element of w and per scalar input (b)\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> logistic.explain(List.of("v")));
        assertTrue(e.getMessage().contains("'v' is not an input"), e.getMessage());
    }

    @Test
    void aDeepBodyDoesNotOverflowTheStack() {
        int depth = 20_000;
        String body = "sin(".repeat(depth) + "x[i]" + ")".repeat(depth);
        String dot = Model.parse("sum(i = 0 .. n-1, " + body + ")").explain(List.of("x"));
        Matcher counts = COUNTS.matcher(dot);
        assertTrue(counts.find());
        assertEquals(depth + 2, Integer.parseInt(counts.group(1)));
    }
}
