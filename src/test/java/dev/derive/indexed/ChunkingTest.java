package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import dev.derive.ModelInternals;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loops run in chunks on several threads: which loops do, and random models over data rows
 * give the same bits on 1, 2, 3 and 8 threads, and the same as the reference interpreter.
 */
class ChunkingTest {

    @Test
    void loopsOverDataRowsAreChunkedAndSoAreLoopsThatAddAtTheirVariablePlusAConstant() {
        CompiledModel logistic = Model.parse("sum(i = 0 .. m-1, log1p(exp(-y[i] * (sum(j = 0 .. d-1, w[j]*X[i,j]) + b))))")
                .compile("w", "b");
        Chunking rows = Chunking.of(topLoop(ModelInternals.gradientSteps(logistic)));
        assertNotNull(rows);
        assertEquals(List.of("w"), rows.arrays());
        assertEquals(List.of(), rows.inPlace());
        assertEquals(1, rows.slots().size(), "b's adjoint");

        CompiledModel rosenbrock = Model.parse("sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)").compile("x");
        Chunking shifted = Chunking.of(topLoop(ModelInternals.gradientSteps(rosenbrock)));
        assertNotNull(shifted, "dx[i] and dx[i+1], in place");
        assertEquals(List.of("x"), shifted.inPlace());
        assertEquals(List.of(), shifted.arrays());
        assertNotNull(Chunking.of(topLoop(ModelInternals.valueSteps(rosenbrock))),
                "the value has no adjoints");

        CompiledModel strided = Model.parse("sum(i = 0 .. n-1, x[2*i]^2)").compile("x");
        assertNull(Chunking.of(topLoop(ModelInternals.gradientSteps(strided))),
                "dx[2*i] is not at i + c");
        CompiledModel guarded = Model.parse("sum(i = 0 .. n-1, if(i > 0, x[i-1]*x[i], 0))").compile("x");
        assertEquals(List.of("x"), Chunking.of(
                topLoop(ModelInternals.gradientSteps(guarded))).inPlace(), "dx[i-1] where it is in range, in place");
        CompiledModel inner = Model.parse("sum(i = 0 .. n-2, sum(j = 0 .. 1, x[i+j]^2))").compile("x");
        assertNull(Chunking.of(topLoop(ModelInternals.gradientSteps(inner))),
                "dx[i + j] in an inner loop");
    }

    @Test
    void randomModelsOverRowsGiveTheSameBitsOnAnyNumberOfThreads() {
        int[] rowCounts = {0, 3, 1023, 1025, 2 * 1024 * 32 + 5, 70001};
        for (long seed = 0; seed < 24; seed++) {
            Random r = new Random(seed);
            String source = model(r);
            int m = rowCounts[(int) (seed % rowCounts.length)];
            int d = 1 + r.nextInt(4);
            List<String> wrt = r.nextBoolean() ? List.of("w", "a", "b") : List.of("w", "X", "a");
            double[][] rows = new double[m][];
            for (int i = 0; i < m; i++) rows[i] = r.doubles(d, -1, 1).toArray();
            double[] y = r.doubles(m, -1, 1).toArray();
            double[] w = r.doubles(d, -1, 1).toArray();
            double a = r.nextDouble() - 0.5;
            double b = r.nextDouble() + 0.5;
            String what = "seed " + seed + ", m = " + m + ", d = " + d + ", wrt " + wrt + ": " + source;
            Model model = Model.parse(source);
            double[] reference = null;
            for (int threads : new int[] {1, 2, 3, 8}) {
                CompiledModel f = model.compile(wrt, Model.Tuning.standard().threads(threads));
                Bindings in = f.bind().matrix("X", rows).array("y", y).array("w", w).scalar("a", a).scalar("b", b)
                        .size("m", m).size("d", d);
                double[] all = everything(f, in, wrt);
                if (reference == null) reference = all;
                else assertArrayEquals(reference, all, what + " on " + threads + " threads");
                if (threads == 1 && m < 5000) ModelTestSupport.agreesWithInterpreter(f, in);
            }
        }
    }

    private static final String ROSENBROCK = "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)";

    @Test
    void aLoopThatAddsInPlaceRunsOnSeveralThreadsWhereItsElementsAreCarried() throws Exception {
        Model.Tuning four = Model.Tuning.standard().threads(4);
        assertEquals(List.of(4), ModelInternals.gradientLoopThreads(Model.parse(ROSENBROCK).compile(List.of("x"), four)));
        assertEquals(List.of(1), ModelInternals.gradientLoopThreads(
                Model.parse(ROSENBROCK).compile(List.of("x"), four.carry(false))), "carrying off: chunks in turn");
        assertEquals(List.of(4), ModelInternals.gradientLoopThreads(
                Model.parse("sum(i = 0 .. n-1, x[i]^3)").compile(List.of("x"), four.carry(false))), "one element each");
        assertEquals(List.of(4, 4), ModelInternals.gradientLoopThreads(Model.parse(
                "sum(i = 1 .. n-2, (x[i+1] - 2*x[i] + x[i-1])^2) + sum(i = 0 .. n-2, (x[i+1] - x[i])^2)")
                .compile(List.of("x"), four)), "a second loop adds to what the first wrote");
        assertEquals(List.of(1), ModelInternals.gradientLoopThreads(
                Model.parse("sum(i = 0 .. n-9, x[i]*x[i+8])").compile(List.of("x"), four)), "wider than the carries");
        assertEquals(List.of(4), ModelInternals.gradientLoopThreads(
                Model.parse("sum(i = 0 .. n-1, if(i > 0, (x[i] - x[i-1])^2, 0))").compile(List.of("x"), four)), "guarded");
    }

    /**
     * Stencils over x (and a second stencil adding to what the first wrote) cut into chunks that
     * run at once: the same bits on 1, 2, 3 and 8 threads, carried or not, and as the interpreter.
     * More seeds: {@code mvn test -Dtest=ChunkingTest -Dfrom=36 -Dcount=1000}.
     */
    @Test
    void randomStencilsGiveTheSameBitsOnAnyNumberOfThreads() {
        int[] sizes = {0, 1, 4, 1030, 5000, 70001};
        long from = Long.getLong("from", 0);
        for (long seed = from; seed < from + Long.getLong("count", 36); seed++) {
            Random r = new Random(seed);
            String source = stencils(r);
            int n = sizes[(int) (seed % sizes.length)];
            double[] x = r.doubles(n, -1.5, 1.5).toArray();
            double[] y = r.doubles(n, -1, 1).toArray();
            for (int k = 0; k < n; k += 7) x[k] = k % 2 == 0 ? -0.0 : 0.0;
            String what = "seed " + seed + ", n = " + n + ": " + source;
            Model model = Model.parse(source);
            double[] reference = null;
            for (boolean carry : new boolean[] {true, false}) {
                for (int threads : new int[] {1, 2, 3, 8}) {
                    CompiledModel f = model.compile(List.of("x", "a"), Model.Tuning.standard().threads(threads).carry(carry));
                    Bindings in = f.bind().array("x", x).array("y", y).scalar("a", 0.7).size("n", n);
                    double[] all;
                    try {
                        all = everything(f, in, List.of("x", "a"));
                    } catch (IllegalArgumentException e) {
                        throw new AssertionError(what + " on " + threads + " threads, carry " + carry, e);
                    }
                    if (reference == null) reference = all;
                    else assertArrayEquals(reference, all, what + " on " + threads + " threads, carry " + carry);
                    if (threads == 1 && carry) ModelTestSupport.agreesWithInterpreter(f, in);
                }
            }
        }
    }

    /**
     * Sums over x[i + c] for c in a window of up to 7, sometimes two over one array, sometimes
     * one reading x[i - k] or x[i + k] only in a branch of an if, with data y and a scalar a.
     */
    private static String stencils(Random r) {
        List<String> parts = new ArrayList<>();
        int sums = 1 + r.nextInt(3);
        for (int k = 0; k < sums; k++) {
            int below = r.nextInt(4);
            int above = r.nextInt(4);
            String body = stencilBody(r, 0, below, above) + "*" + stencilBody(r, 3, below, above);
            parts.add((k == 1 ? "a*" : "") + "sum(i = " + below + " .. n-" + (1 + above) + ", " + body + ")");
        }
        if (r.nextInt(3) == 0) {
            // boundary cases: an element read only where the branch is in range
            int k = 1 + r.nextInt(3);
            String cond = r.nextBoolean() ? "i >= " + k : "i < n - " + k;
            String shifted = cond.startsWith("i >=") ? "x[i-" + k + "]" : "x[i+" + k + "]";
            parts.add("sum(i = 0 .. n-1, if(" + cond + ", " + shifted + "*" + stencilBody(r, 2, 0, 0) + ", y[i]*x[i]))");
        }
        parts.add("a*sum(i = 0 .. n-1, y[i])"); // so that every model has a and y
        return String.join(" + ", parts);
    }

    /** An expression of x[i - below .. i + above], y[i] and a. */
    private static String stencilBody(Random r, int depth, int below, int above) {
        if (depth == 0 || r.nextInt(5) == 0) {
            int c = r.nextInt(below + above + 1) - below;
            String element = "x[i" + (c == 0 ? "" : c > 0 ? "+" + c : Integer.toString(c)) + "]";
            if (depth == 0) return element;
            return switch (r.nextInt(5)) {
                case 0 -> "y[i]";
                case 1 -> "a";
                default -> element;
            };
        }
        String p = stencilBody(r, depth - 1, below, above);
        String q = stencilBody(r, depth - 1, below, above);
        return switch (r.nextInt(5)) {
            case 0 -> "(" + p + " + " + q + ")";
            case 1 -> "(" + p + " - " + q + ")";
            case 2 -> "(" + p + "*" + q + ")";
            case 3 -> "tanh(" + p + ")";
            default -> "(" + p + ")^2";
        };
    }

    @Test
    void aFailingChunkThrowsWhatRunningInTurnThrows() {
        String source = "sum(i = 0 .. m-1, y[i]*sum(j = i .. i+1, z[j]))";
        int m = 50_000;
        double[] y = new double[m];
        double[] z = new double[m];
        List<String> messages = new ArrayList<>();
        for (int threads : new int[] {1, 2, 4}) {
            CompiledModel f = Model.parse(source).compile(List.of("y"), Model.Tuning.standard().threads(threads));
            Bindings in = f.bind().array("y", y).array("z", z).size("m", m);
            messages.add(assertThrows(IllegalArgumentException.class, () -> f.value(in)).getMessage());
            CompiledModel.Gradient g = f.newGradient(in);
            messages.add(assertThrows(IllegalArgumentException.class, () -> f.valueAndGradient(in, g)).getMessage());
        }
        for (String message : messages) assertEquals(messages.get(0), message);
    }

    /** The value, then every partial, in one array. */
    private static double[] everything(CompiledModel f, Bindings in, List<String> wrt) {
        CompiledModel.Gradient g = f.newGradient(in);
        List<Double> all = new ArrayList<>();
        all.add(f.valueAndGradient(in, g));
        all.add(f.value(in));
        for (String name : wrt) {
            if (name.equals("a") || name.equals("b")) all.add(g.scalar(name));
            else for (double p : g.array(name)) all.add(p);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Step.Loop topLoop(List<Step> steps) {
        for (Step s : steps) if (s instanceof Step.Loop l) return l;
        throw new AssertionError("no loop in " + steps);
    }

    /** A random model over data rows X[i, .] and labels y[i], with weights w and scalars a, b (each used). */
    static String model(Random r) {
        return random(r) + " + a*b*sum(j = 0 .. d-1, w[j]) + sum(i = 0 .. m-1, y[i]*X[i,0])";
    }

    private static String random(Random r) {
        String first = "sum(i = 0 .. m-1, " + body(r, 3) + ")";
        return switch (r.nextInt(4)) {
            case 0 -> first;
            case 1 -> "log(1 + " + first + "^2) + a*b";
            case 2 -> "s = " + first + "; s*s + sum(i = 0 .. m-1, y[i]*s*" + body(r, 2) + ")";
            default -> first + "/(m + 1) + sum(i = 0 .. m-1, a*" + body(r, 2) + ")";
        };
    }

    private static String body(Random r, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return switch (r.nextInt(7)) {
                case 0 -> "sum(j = 0 .. d-1, w[j]*X[i,j])";
                case 1 -> "sum(j = 0 .. d-1, sin(w[j] + a*X[i,j]))";
                case 2 -> "y[i]";
                case 3 -> "a";
                case 4 -> "b";
                case 5 -> "X[i,0]";
                default -> "(" + (r.nextInt(17) - 8) / 4.0 + ")";
            };
        }
        String p = body(r, depth - 1);
        String q = body(r, depth - 1);
        return switch (r.nextInt(8)) {
            case 0 -> "(" + p + " + " + q + ")";
            case 1 -> "(" + p + " - " + q + ")";
            case 2, 3 -> "(" + p + "*" + q + ")";
            case 4 -> "tanh(" + p + ")";
            case 5 -> "log1p(exp(" + p + "))";
            case 6 -> "if(" + p + " > " + q + ", " + p + ", " + q + "^2)";
            default -> "exp(-(" + p + ")^2)";
        };
    }
}
