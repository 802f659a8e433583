package dev.derive.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.derive.RandomExpressions;
import dev.derive.diff.ReverseMode;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Printing a node and parsing the text gives the same node: the same operations, constants and
 * names in the same shape, with the same sharing.
 */
class PrinterTest {
    private static final int EXPRESSIONS = 400;
    /** Nodes with a bigger printed tree (shared parts repeated) are not printed inline. */
    private static final long MAX_TREE_SIZE = 100_000;

    @Test
    void randomFunctionsAndTheirPartialsRoundTrip() {
        int printed = 0;
        int total = 0;
        for (long seed = 0; seed < EXPRESSIONS; seed++) {
            String source = RandomExpressions.program(seed);
            for (Node node : functionAndPartials(ProgramParser.parse(source))) {
                total++;
                if (treeSize(node) > MAX_TREE_SIZE) continue;
                printed++;
                String text = Printer.expression(node);
                Node reparsed = ProgramParser.parse(text).value();
                Structure.assertSame(node, reparsed, "seed " + seed + ": [" + text + "]");
                assertEquals(text, Printer.expression(reparsed), "seed " + seed);
            }
        }
        assertTrue(printed >= 0.9 * total, "only " + printed + " of " + total + " printed");
    }

    /** As the command prints a partial for reuse: temporaries first, the expression last. */
    @Test
    void randomPartialsPrintedAsProgramsWithTemporariesRoundTrip() {
        for (long seed = 0; seed < EXPRESSIONS; seed++) {
            Program program = ProgramParser.parse(RandomExpressions.program(seed));
            Map<Node, String> preferred = new HashMap<>();
            program.assigned().forEach((name, node) -> preferred.putIfAbsent(node, name));
            Printer printer = new Printer(program.names(), preferred);
            for (Node node : functionAndPartials(program)) {
                String text = String.join("\n",
                        printer.print(List.of(new Printer.Line(null, node, false))));
                Structure.assertSame(node, ProgramParser.parse(text).value(),
                        "seed " + seed + ": [" + text + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource(delimiter = '|', value = {
        "-x^2        | -x^2",
        "(-x)^2      | (-x)^2",
        "2^-x        | 2^-x",
        "a^b^c       | a^b^c",
        "(a^b)^c     | (a^b)^c",
        "2^3^2       | 512",
        "a-(b-c)     | a - (b - c)",
        "(a-b)-c     | a - b - c",
        "a/(b*c)     | a/(b*c)",
        "a/b*c       | a/b*c",
        "(a+b)*c     | (a + b)*c",
        "-(a*b)      | -(a*b)",
        "-(a+b)      | -(a + b)",
        "x*-3        | -3*x",
        "x/-3        | x/-3",
        "x^-2        | x^-2",
        "x^-0.5      | x^-0.5",
        "(-2)^x      | (-2)^x",
        "x - -2.5    | x + 2.5",
        "-1.5e-7*x   | -1.5E-7*x",
        "x + -0      | x + -0",
        "2^(-x)^2    | 2^(-x)^2",
        "pi*x        | pi*x",
        "e^x         | e^x",
        "0/0*x       | (0/0)*x",
        "x + 1/0     | x + (1/0)",
        "-1/0*x      | (-1/0)*x",
        "(1/0)^x     | (1/0)^x",
        "0/0         | (0/0)",
        "-(1/0)      | (-1/0)",
    })
    void printsAndRoundTrips(String source, String expected) {
        Node node = ProgramParser.parse(source).value();
        String text = Printer.expression(node);
        assertEquals(expected, text);
        Structure.assertSame(node, ProgramParser.parse(text).value(), text);
    }

    @Test
    void specialConstantsKeepTheirValues() {
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Math.PI, Math.E, -Math.PI, -0.0, 0.1, 1e300, 4.9e-324, 1e15, 123456789012345.0};
        for (double v : values) {
            Node node = new Graph().constant(v);
            Node reparsed = ProgramParser.parse(Printer.expression(node)).value();
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(reparsed.value),
                    () -> v + " printed as " + Printer.expression(node));
        }
    }

    private static List<Node> functionAndPartials(Program program) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(program.value());
        nodes.addAll(ReverseMode.gradient(program.graph(), program.value(), program.inputs()));
        return nodes;
    }

    /** The number of nodes in {@code root}'s expression when every shared part is repeated. */
    private static long treeSize(Node root) {
        Map<Node, Long> size = new IdentityHashMap<>();
        List<Node> order = new ArrayList<>();
        Deque<Node> work = new ArrayDeque<>(List.of(root));
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (size.putIfAbsent(n, 0L) != null) continue;
            order.add(n);
            for (int i = 0; i < n.op.arity; i++) work.push(n.arg(i));
        }
        order.sort(Comparator.comparingInt(n -> n.id)); // arguments before their users
        for (Node n : order) {
            long s = 1;
            for (int i = 0; i < n.op.arity; i++) s += size.get(n.arg(i));
            s = Math.min(s, MAX_TREE_SIZE + 1); // no overflow on exponentially large trees
            size.put(n, s);
        }
        return size.get(root);
    }

}
