package dev.derive.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.RandomExpressions;
import dev.derive.graph.Graph;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every partial derivative of seeded random programs, built by {@link ReverseMode} and evaluated
 * by the {@link Interpreter}, agrees with a central finite difference of the function itself,
 * (f(x+h) - f(x-h))/2h with h = 1e-6*max(1, |x|), within 1e-5 relative plus the difference's
 * own rounding and truncation error.
 *
 * <p>A point is skipped for a variable when the function is not smooth at the scale of the
 * steps (see {@code smooth}): a non-finite node, a kink of abs, relu, sign, max or min, a
 * comparison's or an if's switch, or atan2's cut within two steps, or a node whose
 * differences with steps h and 2h disagree.
 * At most a quarter of all points may be skipped.
 */
class FiniteDifferenceTest {
    private static final int EXPRESSIONS = 1000;
    private static final int POINTS = 4;
    private static final int FAILURES_SHOWN = 10;

    @Test
    void everyPartialAgreesWithACentralDifference() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int total = 0;
        for (long seed = 0; seed < EXPRESSIONS; seed++) {
            String source = RandomExpressions.program(seed);
            Function f = new Function(ProgramParser.parse(source));
            Random random = new Random(1000 + seed);
            for (int p = 0; p < POINTS; p++) {
                Map<String, Double> point = RandomExpressions.point(random);
                double[] partials = f.partials(point);
                for (int i = 0; i < partials.length; i++) {
                    total++;
                    Verdict v = f.compare(point, i, partials[i]);
                    if (v == Verdict.SKIPPED) continue;
                    checked++;
                    if (v == Verdict.DISAGREES && failures.size() < FAILURES_SHOWN) {
                        failures.add(f.describe(seed, source, point, i, partials[i]));
                    }
                }
            }
        }
        assertEquals(List.of(), failures, "partials that disagree with finite differences");
        assertTrue(checked >= 0.75 * total,
                "too many points skipped as non-smooth: checked " + checked + " of " + total);
    }

    @Test
    void generatedProgramsUseEveryOperationAndEveryOperatorSpelling() {
        Set<Op> seen = EnumSet.noneOf(Op.class);
        StringBuilder allText = new StringBuilder();
        for (long seed = 0; seed < EXPRESSIONS; seed++) {
            String source = RandomExpressions.program(seed);
            allText.append(source).append('\n');
            Graph g = ProgramParser.parse(source).graph();
            for (int id = 0; id < g.size(); id++) {
                seen.add(g.node(id).op);
            }
        }
        assertEquals(EnumSet.allOf(Op.class), seen);
        for (String spelling : List.of("**", "^", "+(", "-(", " - ", "/", "*(")) {
            assertTrue(allText.indexOf(spelling) >= 0, "no program uses " + spelling);
        }
    }

    enum Verdict { AGREES, DISAGREES, SKIPPED }

    /** A parsed program with its gradient and the places where it may fail to be smooth. */
    private static final class Function {
        final Graph graph;
        final Node value;
        final List<Node> inputs;
        final List<Node> gradient;
        /** Every node of the function, in id order: the value is the last. */
        final List<Node> nodes = new ArrayList<>();
        /** For each kink, the indexes into {@link #nodes} of x and y: a kink where x - y = 0. */
        final List<int[]> kinks = new ArrayList<>();
        /** For atan2's cut: indexes of a and b, a jump where a changes sign while b < 0. */
        final List<int[]> cuts = new ArrayList<>();
        /** Indexes of the arguments of sin, cos and tan, which must move far less than 2*pi. */
        final List<Integer> periodicArguments = new ArrayList<>();

        Function(Program program) {
            graph = program.graph();
            value = program.value();
            inputs = program.inputs();
            gradient = ReverseMode.gradient(graph, value, inputs);
            BitSet reachable = graph.reachable(List.of(value));
            Map<Node, Integer> index = new HashMap<>();
            for (int id = reachable.nextSetBit(0); id >= 0; id = reachable.nextSetBit(id + 1)) {
                Node n = graph.node(id);
                index.put(n, nodes.size());
                nodes.add(n);
                switch (n.op) {
                    case ABS, RELU, SIGN -> kinks.add(new int[] {index.get(n.a), -1});
                    case MAX, MIN, LT, LE, GT, GE, EQ, NE -> kinks.add(new int[] {index.get(n.a), index.get(n.b)});
                    case IF -> kinks.add(new int[] {index.get(n.a), -1});
                    case ATAN2 -> cuts.add(new int[] {index.get(n.a), index.get(n.b)});
                    case SIN, COS, TAN -> periodicArguments.add(index.get(n.a));
                    default -> { }
                }
            }
        }

        double[] partials(Map<String, Double> point) {
            return Interpreter.evaluate(graph, gradient, point);
        }

        Verdict compare(Map<String, Double> point, int variable, double derivative) {
            String name = inputs.get(variable).name;
            double x = point.get(name);
            double h = 1e-6 * Math.max(1, Math.abs(x));
            double[][] at = new double[5][];
            for (int k = -2; k <= 2; k++) {
                at[k + 2] = Interpreter.evaluate(graph, nodes, shifted(point, name, x + k * h));
            }
            if (!smooth(at, h)) return Verdict.SKIPPED;
            int f = nodes.size() - 1;
            double fd = centralDifference(at, f, 1, h);
            // fd's own error: rounding of f amplified by 1/h, and truncation, which is O(h^2)
            // and so estimated by (fd2 - fd)/3; both are allowed twice over.
            double truncation = 2 * Math.abs(fd - centralDifference(at, f, 2, h)) / 3;
            double scale = Math.max(1, Math.max(Math.abs(derivative), Math.abs(fd)));
            return Math.abs(derivative - fd) <= 1e-5 * scale + rounding(at, f, h) + truncation
                    ? Verdict.AGREES : Verdict.DISAGREES;
        }

        /**
         * Whether the function is smooth at the scale of the steps: every node finite, every
         * node's central differences with steps h and 2h agree (so sin of a huge argument, or
         * a nearby pole, is skipped), every node nearly linear across the steps, no node so large
         * that rounding hides its change, no argument of sin, cos or tan moving fast enough
         * to alias, and no kink or cut within the five points.
         */
        private boolean smooth(double[][] at, double h) {
            for (int i = 0; i < nodes.size(); i++) {
                for (double[] values : at) {
                    if (!Double.isFinite(values[i])) return false;
                }
                double fd = centralDifference(at, i, 1, h);
                double fd2 = centralDifference(at, i, 2, h);
                if (Math.abs(fd - fd2) > 1e-3 * Math.max(1, Math.abs(fd)) + rounding(at, i, h)) {
                    return false;
                }
                if (fd != 0 && 4 * Math.ulp(largest(at, i)) / h > 1e-4 * Math.abs(fd)) {
                    return false; // the node's change is lost in its rounding (x + 1e7)
                }
                double first = Math.abs(at[3][i] - at[1][i]);
                double second = Math.abs(at[3][i] - 2 * at[2][i] + at[1][i]);
                if (second > 1e-2 * first + 8 * Math.ulp(largest(at, i))) {
                    return false; // not nearly linear over the steps (sin of a fast argument)
                }
            }
            for (int[] kink : kinks) {
                if (!constantSign(at, kink[0], kink[1])) return false;
            }
            for (int i : periodicArguments) {
                // a step near a multiple of 2*pi would alias sin(u) into a slow function
                if (Math.abs(at[4][i] - at[0][i]) > 0.1) return false;
            }
            for (int[] cut : cuts) {
                boolean rightHalfPlane = constantSign(at, cut[1], -1) && at[2][cut[1]] > 0;
                if (!rightHalfPlane && !constantSign(at, cut[0], -1)) return false;
            }
            return true;
        }

        /** Node i's central difference with step k*h, from the points x - k*h and x + k*h. */
        private static double centralDifference(double[][] at, int i, int k, double h) {
            return (at[2 + k][i] - at[2 - k][i]) / (2 * k * h);
        }

        /** The rounding error of node i's central difference: its ulp, amplified by 1/h. */
        private static double rounding(double[][] at, int i, double h) {
            return 1e3 * Math.ulp(largest(at, i)) / h;
        }

        private static double largest(double[][] at, int i) {
            double largest = 0;
            for (double[] values : at) largest = Math.max(largest, Math.abs(values[i]));
            return largest;
        }

        /** Whether x - y (y = 0 when its index is negative) has one strict sign at all points. */
        private static boolean constantSign(double[][] at, int x, int y) {
            double first = Math.signum(difference(at[0], x, y));
            if (first == 0 || first != first) return false;
            for (double[] values : at) {
                if (Math.signum(difference(values, x, y)) != first) return false;
            }
            return true;
        }

        private static double difference(double[] values, int x, int y) {
            return values[x] - (y < 0 ? 0 : values[y]);
        }

        String describe(long seed, String source, Map<String, Double> point, int variable,
                        double derivative) {
            String name = inputs.get(variable).name;
            double x = point.get(name);
            double h = 1e-6 * Math.max(1, Math.abs(x));
            List<Node> f = List.of(value);
            double plus = Interpreter.evaluate(graph, f, shifted(point, name, x + h))[0];
            double minus = Interpreter.evaluate(graph, f, shifted(point, name, x - h))[0];
            return "seed " + seed + ": d/d" + name + " of [" + source + "] at " + point
                    + ": reverse mode " + derivative + ", central difference "
                    + (plus - minus) / (2 * h);
        }

        private static Map<String, Double> shifted(Map<String, Double> point, String name,
                                                   double x) {
            Map<String, Double> moved = new HashMap<>(point);
            moved.put(name, x);
            return moved;
        }
    }
}
