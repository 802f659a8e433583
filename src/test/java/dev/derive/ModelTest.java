package dev.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.problems.Rosenbrock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Models with arrays and sums through the public API: values and gradients against hand-written Java and the scalar forms. */
class ModelTest {
    static final String ROSENBROCK = "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)";
    static final String LOGISTIC = "sum(i = 0 .. m-1, log1p(exp(-y[i] * (sum(j = 0 .. d-1, w[j]*X[i,j]) + b)))) / m";

    @Test
    void rosenbrockAtEverySizeMatchesTheHandWrittenGradient() {
        CompiledModel f = Model.parse(ROSENBROCK).compile("x");
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 10, 100, 1023, 1024, 1025, 1026, 5000}) {
            double[] x = new Random(n).doubles(n, -2, 2).toArray();
            Bindings b = f.bind().array("x", x);
            CompiledModel.Gradient g = f.newGradient(b);
            double value = f.valueAndGradient(b, g);
            double[] expected = new double[n];
            double want = n == 0 ? 0 : Rosenbrock.gradient(x, expected, true);
            assertClose(want, value, "value at n = " + n);
            for (int i = 0; i < n; i++) assertClose(expected[i], g.array("x")[i], "d/dx" + i + " at n = " + n);
            assertEquals(Double.doubleToLongBits(value), Double.doubleToLongBits(f.value(b)), "value alone, n = " + n);
            assertEquals(n, f.size(b, "n"));
            agreesWithInterpreter(f, b);
        }
    }

    @Test
    void logisticRegressionMatchesHandWrittenJavaAndDifferences() {
        Random r = new Random(3);
        int m = 37;
        int d = 5;
        double[][] rows = new double[m][d];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) rows[i][j] = r.nextGaussian();
            y[i] = r.nextBoolean() ? 1 : -1;
        }
        double[] w = r.doubles(d, -1, 1).toArray();
        double bias = 0.3;
        CompiledModel f = Model.parse(LOGISTIC).compile("w", "b");
        Bindings b = f.bind().matrix("X", rows).array("y", y).array("w", w).scalar("b", bias);
        CompiledModel.Gradient g = f.newGradient(b);
        double value = f.valueAndGradient(b, g);
        double loss = 0;
        double[] gw = new double[d];
        double gb = 0;
        for (int i = 0; i < m; i++) {
            double z = bias;
            for (int j = 0; j < d; j++) z += w[j] * rows[i][j];
            double e = Math.exp(-y[i] * z);
            loss += Math.log1p(e);
            double dz = -y[i] * e / (1 + e) / m;
            for (int j = 0; j < d; j++) gw[j] += dz * rows[i][j];
            gb += dz;
        }
        assertClose(loss / m, value, "loss");
        for (int j = 0; j < d; j++) assertClose(gw[j], g.array("w")[j], "d/dw" + j);
        assertClose(gb, g.scalar("b"), "d/db");
        assertEquals(List.of("w", "b"), f.wrt());
        agreesWithInterpreter(f, b);
        // central differences in b
        double h = 1e-6;
        double up = f.value(f.bind().matrix("X", rows).array("y", y).array("w", w).scalar("b", bias + h));
        double down = f.value(f.bind().matrix("X", rows).array("y", y).array("w", w).scalar("b", bias - h));
        assertEquals((up - down) / (2 * h), g.scalar("b"), 1e-7);
    }

    /** Sums inside sums, a triangular range, a sum used inside another's body, and products. */
    @Test
    void nestedAndHoistedSumsMatchTheirScalarForms() {
        int n = 6;
        double[] x = new Random(9).doubles(n, 0.5, 2).toArray();
        String[] models = {
            "sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]))",
            "sum(i = 0 .. n-1, x[i] / sum(j = 0 .. n-1, x[j]))",
            "sum(i = 0 .. n-1, x[i]^2) * sum(i = 0 .. n-1, sin(x[i]))",
            "log(sum(i = 0 .. n-1, exp(x[i])))",
            "prod(i = 0 .. n-1, x[i]) + sum(i = 1 .. n-1, x[i]*x[i-1])",
            "sum(i = 0 .. n-1, if(x[i] > 1, sqrt(x[i] - 1), 0))",
            "s = sum(i = 0 .. n-1, x[i]); t = s*s; t + s"};
        for (String source : models) {
            Model model = Model.parse(source);
            CompiledModel f = model.compile(List.of("x"), Model.Tuning.standard());
            Bindings b = f.bind().array("x", x);
            Formula scalar = Formula.parse(unrolled(source, n));
            double[] xs = new double[n];
            List<String> vars = scalar.variables();
            for (int k = 0; k < vars.size(); k++) xs[k] = x[Integer.parseInt(vars.get(k).substring(1))];
            double[] grad = new double[vars.size()];
            double want = scalar.derivatives().compile().valueAndGradient(xs, grad);
            CompiledModel.Gradient g = f.newGradient(b);
            assertClose(want, f.valueAndGradient(b, g), source);
            for (int k = 0; k < vars.size(); k++) {
                int i = Integer.parseInt(vars.get(k).substring(1));
                assertClose(grad[k], g.array("x")[i], source + ": d/dx" + i);
            }
            agreesWithInterpreter(f, b);
        }
    }

    /** A product's partials are the products of the other terms, with zero terms among them too. */
    @Test
    void productsWithZeros() {
        CompiledModel f = Model.parse("prod(i = 0 .. n-1, x[i])").compile("x");
        double[][] cases = {{2, 3, 5, 7}, {2, 0, 5, 7}, {0, 3, 0, 7}, {-1.5, 4, 0.25, -2}, {}};
        for (double[] x : cases) {
            Bindings b = f.bind().array("x", x);
            CompiledModel.Gradient g = f.newGradient(b);
            double product = 1;
            for (double v : x) product *= v;
            assertClose(product, f.valueAndGradient(b, g), java.util.Arrays.toString(x));
            for (int k = 0; k < x.length; k++) {
                double others = 1;
                for (int j = 0; j < x.length; j++) if (j != k) others *= x[j];
                assertClose(others, g.array("x")[k], java.util.Arrays.toString(x) + ": d/dx" + k);
            }
            agreesWithInterpreter(f, b);
        }
    }

    /** The source with every sum written out for a given n, as scalars x0, x1, ... */
    static String unrolled(String source, int n) {
        return switch (source) {
            case "sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]))" -> join(n, i -> join(i + 1, j -> "x" + i + "*x" + j, " + "), " + ");
            case "sum(i = 0 .. n-1, x[i] / sum(j = 0 .. n-1, x[j]))" -> {
                String total = "(" + join(n, j -> "x" + j, " + ") + ")";
                yield join(n, i -> "x" + i + "/" + total, " + ");
            }
            case "sum(i = 0 .. n-1, x[i]^2) * sum(i = 0 .. n-1, sin(x[i]))" ->
                    "(" + join(n, i -> "x" + i + "^2", " + ") + ")*(" + join(n, i -> "sin(x" + i + ")", " + ") + ")";
            case "log(sum(i = 0 .. n-1, exp(x[i])))" -> "log(" + join(n, i -> "exp(x" + i + ")", " + ") + ")";
            case "prod(i = 0 .. n-1, x[i]) + sum(i = 1 .. n-1, x[i]*x[i-1])" ->
                    join(n, i -> "x" + i, "*") + " + " + join(n - 1, i -> "x" + (i + 1) + "*x" + i, " + ");
            case "sum(i = 0 .. n-1, if(x[i] > 1, sqrt(x[i] - 1), 0))" -> join(n, i -> "if(x" + i + " > 1, sqrt(x" + i + " - 1), 0)", " + ");
            case "s = sum(i = 0 .. n-1, x[i]); t = s*s; t + s" -> "s = " + join(n, i -> "x" + i, " + ") + "; t = s*s; t + s";
            default -> throw new IllegalArgumentException(source);
        };
    }

    private static String join(int count, java.util.function.IntFunction<String> term, String separator) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) s.append(i == 0 ? "" : separator).append(term.apply(i));
        return s.toString();
    }

    @Test
    void everyTuningGivesTheSameBits() {
        for (String source : new String[] {ROSENBROCK, "sum(i = 0 .. n-1, x[i] / sum(j = 0 .. n-1, x[j]))",
                "sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]*a))"}) {
            Model model = Model.parse(source);
            double[] x = new Random(5).doubles(2500, -1, 1).toArray();
            double[] reference = null;
            for (boolean fuse : new boolean[] {true, false}) {
                for (boolean unroll : new boolean[] {true, false}) {
                    List<String> wrt = model.scalars().isEmpty() ? List.of("x") : List.of("x", "a");
                    CompiledModel f = model.compile(wrt, new Model.Tuning(fuse, unroll, 1));
                    Bindings b = f.bind().array("x", source.contains("j = 0 .. i") ? java.util.Arrays.copyOf(x, 300) : x);
                    if (!model.scalars().isEmpty()) b.scalar("a", 0.7);
                    CompiledModel.Gradient g = f.newGradient(b);
                    double v = f.valueAndGradient(b, g);
                    double[] all = new double[g.array("x").length + 2];
                    all[0] = v;
                    System.arraycopy(g.array("x"), 0, all, 1, g.array("x").length);
                    if (!model.scalars().isEmpty()) all[all.length - 1] = g.scalar("a");
                    if (reference == null) reference = all;
                    else assertArrayEquals(reference, all, source + " fuse=" + fuse + " unroll=" + unroll);
                    agreesWithInterpreter(f, b);
                }
            }
        }
    }

    /**
     * An inner loop whose range is the same in every row has its accesses checked once, before
     * the rows: the message is still the first bad access in running order, as the
     * interpreter (which checks each row) finds it, and an empty inner range reads nothing.
     */
    @Test
    void steadyInnerLoopsAreCheckedOnceAndReportTheFirstBadAccess() {
        String source = "sum(i = 0 .. m-1, y[i]*sum(j = 0 .. d-1, w[j]*X[i+1, j]))";
        for (int threads : new int[] {1, 2}) {
            CompiledModel f = Model.parse(source).compile(List.of("w"), Model.Tuning.standard().threads(threads));
            double[][] rows = new double[3000][4];
            Bindings shifted = f.bind().matrix("X", rows).array("y", new double[3000]).array("w", new double[4])
                    .size("m", 3000);
            String compiled = assertThrows(IllegalArgumentException.class, () -> f.value(shifted)).getMessage();
            String interpreted = assertThrows(IllegalArgumentException.class, () -> f.interpretValue(shifted)).getMessage();
            assertEquals("X[i + 1, j] is out of range at i = 2999, j = 0: row 3000, but X is 3000\u00d74", compiled);
            assertEquals(interpreted, compiled);
            CompiledModel.Gradient g = f.newGradient(f.bind().matrix("X", rows).array("y", new double[3000])
                    .array("w", new double[4]).size("m", 2999));
            assertEquals(compiled, assertThrows(IllegalArgumentException.class, () -> f.valueAndGradient(shifted, g))
                    .getMessage());

            Bindings shortW = f.bind().matrix("X", rows).array("y", new double[3000]).array("w", new double[3])
                    .size("m", 2999).size("d", 4);
            compiled = assertThrows(IllegalArgumentException.class, () -> f.value(shortW)).getMessage();
            assertEquals(assertThrows(IllegalArgumentException.class, () -> f.interpretValue(shortW)).getMessage(), compiled);
            assertTrue(compiled.startsWith("w[j] is out of range at j = 3"), compiled);

            Bindings noColumns = f.bind().matrix("X", rows).array("y", new double[3000]).array("w", new double[0])
                    .size("m", 3000).size("d", 0);
            assertEquals(0.0, f.value(noColumns), "d = 0: X is never read, so X[i + 1, j] may point past it");
        }
    }

    @Test
    void badDataIsAnIllegalArgumentNamingTheArray() {
        CompiledModel f = Model.parse("sum(i = 0 .. n-1, x[i+1] - x[i])").compile("x");
        Bindings b = f.bind().array("x", 1, 2, 3).size("n", 3);
        String message = assertThrows(IllegalArgumentException.class, () -> f.value(b)).getMessage();
        assertEquals("x[i + 1] is out of range at i = 2: index 3, but x has length 3", message);
        CompiledModel.Gradient g = f.newGradient(f.bind().array("x", 1, 2, 3).size("n", 2));
        message = assertThrows(IllegalArgumentException.class, () -> f.valueAndGradient(b, g)).getMessage();
        assertTrue(message.contains("index 3, but x has length 3"), message);

        CompiledModel lr = Model.parse(LOGISTIC).compile("w");
        Bindings disagree = lr.bind().matrix("X", new double[4][2]).array("y", new double[3]).array("w", 1, 2).scalar("b", 0);
        message = assertThrows(IllegalArgumentException.class, () -> lr.value(disagree)).getMessage();
        assertTrue(message.startsWith("arrays disagree about size 'm'"), message);
        Bindings missing = lr.bind().matrix("X", new double[4][2]).array("y", new double[4]).scalar("b", 0);
        message = assertThrows(IllegalArgumentException.class, () -> lr.value(missing)).getMessage();
        assertEquals("array 'w' is not bound", message);
        message = assertThrows(IllegalArgumentException.class, () -> lr.bind().array("X", 1, 2)).getMessage();
        assertTrue(message.contains("is a 2-D array; bind it with matrix"), message);
        CompiledModel sized = Model.parse("sum(i = 0 .. k, 1)").compile();
        message = assertThrows(IllegalArgumentException.class, () -> sized.value(sized.bind())).getMessage();
        assertTrue(message.startsWith("size 'k' is not given"), message);
        assertEquals(11.0, sized.value(sized.bind().size("k", 10)));
    }

    @Test
    void badSourceIsALocatedError() {
        String[][] cases = {
            {"sum(i = 0 .. n-1, x[j])", "1:21", "Unknown index 'j'"},
            {"sum(i = 0 .. n-1, x[i/2])", "1:21", "An index must be an integer expression"},
            {"sum(i = 0 .. n-1, x[i]) + x[i, 0]", "1:29", "'i' is the loop variable"},
            {"sum(i = 0 .. n-1, x[i]) + i", "1:27", "'i' is the loop variable of the sum on line 1"},
            {"sum(i = 0 .. n-1, x[i]) + x[0, 1]", "1:27", "is indexed with 2 indexes here but 1 before"},
            {"sum(i = 0 .. n/2, x[i])", "1:14", "A range's bound must be an integer expression"},
            {"sum(i = 0 .. n-1, sum(i = 0 .. 2, x[i]))", "1:23", "'i' is already the loop variable"},
            {"mean(i = 0 .. n-1, x[i])", "1:1", "'mean' does not take a range; sum, prod, max, min and logsumexp do"},
            {"logsumexp(x)", "1:1", "'logsumexp' takes a range and a body"},
            {"x + x[0]", "1:5", "'x' is used as a number on line 1"},
            {"sum(x)", "1:1", "'sum' takes a range and a body"},
        };
        for (String[] c : cases) {
            DeriveException e = assertThrows(DeriveException.class, () -> Model.parse(c[0]), c[0]);
            assertEquals(c[1], e.line() + ":" + e.column(), c[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith(c[2]) || e.getMessage().contains(c[2]), c[0] + ": " + e.getMessage());
        }
        DeriveException e = assertThrows(DeriveException.class, () -> Formula.parse("y + sum(i = 0 .. 2, x[i])"));
        assertEquals("1:5", e.line() + ":" + e.column());
    }

    /** A million-term sum is a loop: no stack, no text, the same time per term. */
    @Test
    void aMillionTerms() {
        int n = 1_000_000;
        double[] x = new Random(4).doubles(n, -2, 2).toArray();
        CompiledModel f = Model.parse(ROSENBROCK).compile("x");
        Bindings b = f.bind().array("x", x);
        CompiledModel.Gradient g = f.newGradient(b);
        double[] expected = new double[n];
        assertClose(Rosenbrock.gradient(x, expected, true), f.valueAndGradient(b, g), "value");
        for (int i = 0; i < n; i += 9973) assertClose(expected[i], g.array("x")[i], "d/dx" + i);
    }

    @Test
    void sizesFollowFromTheData() {
        CompiledModel f = Model.parse(ROSENBROCK).compile("x");
        assertEquals(7, f.size(f.bind().array("x", new double[7]), "n"));
        CompiledModel lr = Model.parse(LOGISTIC).compile("w", "b");
        Bindings b = lr.bind().matrix("X", new double[5][3]).array("y", new double[5]).array("w", new double[3]).scalar("b", 1);
        assertEquals(5, lr.size(b, "m"));
        assertEquals(3, lr.size(b, "d"));
    }

    @Test
    void severalOutputsAreAModelEachWithTheNumbersOfEachAlone() {
        String shared = "r = sum(i = 0 .. n-2, (x[i+1] - x[i])^2); ";
        List<Model> outputs = Model.parseAll(shared + "loss = r + c*sum(i = 0 .. n-1, x[i]^4); loss, r, prod(i = 0 .. n-1, x[i])");
        assertEquals(List.of("loss", "r", "f3"), outputs.stream().map(Model::name).toList());
        List<String> alone = List.of(shared + "loss = r + c*sum(i = 0 .. n-1, x[i]^4); loss", shared + "r",
                shared + "prod(i = 0 .. n-1, x[i])");
        double[] x = new Random(5).doubles(9, -2, 2).toArray();
        for (int k = 0; k < outputs.size(); k++) {
            CompiledModel together = outputs.get(k).compile("x", "c");
            Model one = Model.parse(alone.get(k));
            boolean readsC = one.scalars().contains("c");
            CompiledModel single = readsC ? one.compile("x", "c") : one.compile("x");
            Bindings b = together.bind().array("x", x).scalar("c", 0.3);
            Bindings b1 = single.bind().array("x", x);
            if (readsC) b1.scalar("c", 0.3);
            CompiledModel.Gradient g = together.newGradient(b);
            CompiledModel.Gradient g1 = single.newGradient(b1);
            assertEquals(Double.doubleToLongBits(single.valueAndGradient(b1, g1)),
                    Double.doubleToLongBits(together.valueAndGradient(b, g)), "value of output " + k);
            assertArrayEquals(g1.array("x"), g.array("x"), "d/dx of output " + k);
            assertEquals(readsC ? g1.scalar("c") : 0.0, g.scalar("c"), "d/dc of output " + k);
            agreesWithInterpreter(together, b);
        }
        DeriveException e = assertThrows(DeriveException.class, () -> Model.parse(shared + "r, r*r"));
        assertTrue(e.getMessage().contains("Model.parseAll"), e.getMessage());
    }

    static void agreesWithInterpreter(CompiledModel f, Bindings b) {
        dev.derive.indexed.ModelTestSupport.agreesWithInterpreter(f, b);
    }

    static void assertClose(double expected, double actual, String what) {
        double tolerance = 1e-11 * Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tolerance || expected == actual,
                what + ": expected " + expected + " but was " + actual);
    }
}
