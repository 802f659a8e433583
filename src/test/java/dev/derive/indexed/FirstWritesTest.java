package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import dev.derive.ModelInternals;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Assigning first writes ({@link FirstWrites}) is an optimization with an off switch: random
 * models whose sums scatter into x at shifted indexes give the same bits with it on and off,
 * compiled and interpreted, into gradient arrays that still hold an earlier call's numbers.
 */
class FirstWritesTest {

    @Test
    void rosenbrocksLoopAssignsTheElementItReachesFirst() {
        CompiledModel f = Model.parse("sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)").compile("x");
        List<Step> steps = ModelInternals.gradientSteps(f);
        assertEquals("Clear[array=x, lo=1, hi=n - 1]", steps.get(0).toString());
        Step.Loop loop = (Step.Loop) steps.stream().filter(s -> s instanceof Step.Loop).findFirst().orElseThrow();
        List<String> scatters = new ArrayList<>();
        for (Step s : loop.body()) if (s instanceof Step.Scatter sc) scatters.add(sc.element().name() + (sc.first() ? " =" : " +="));
        assertEquals(List.of("x[i] +=", "x[i + 1] ="), scatters);
    }

    @Test
    void randomModelsGiveTheSameBitsWithAndWithoutAssigning() {
        for (long seed = 0; seed < 60; seed++) {
            Random r = new Random(seed);
            String source = model(r);
            int n = switch ((int) (seed % 4)) {
                case 0 -> r.nextInt(6);
                case 1 -> 6 + r.nextInt(40);
                case 2 -> 1020 + r.nextInt(12);
                default -> 4100 + r.nextInt(10);
            };
            String what = "seed " + seed + ", n = " + n + ": " + source;
            Model model = Model.parse(source);
            long[] reference = null;
            for (int variant = 0; variant < 3; variant++) {
                boolean assign = variant > 0;
                boolean carry = variant == 2;
                for (int threads : new int[] {1, 2}) {
                    CompiledModel f = model.compile(List.of("x", "a"),
                            Model.Tuning.standard().threads(threads).assign(assign).carry(carry));
                    double[] x = new Random(seed).doubles(n, -1.5, 1.5).toArray();
                    double[] y = new Random(seed + 1).doubles(n, -1, 1).toArray();
                    for (int k = 0; k < n; k += 3) y[k] = k % 2 == 0 ? -0.0 : 0.0;
                    Bindings b = f.bind().array("x", x).array("y", y).scalar("a", 0.3).size("n", n);
                    CompiledModel.Gradient g = f.newGradient(b);
                    f.valueAndGradient(b, g);
                    // a second call, into the first call's gradient
                    double[] x2 = new Random(seed + 2).doubles(n, -1.5, 1.5).toArray();
                    System.arraycopy(x2, 0, x, 0, n);
                    long[] bits = bits(f.valueAndGradient(b, g), g);
                    if (reference == null) reference = bits;
                    else assertArrayEquals(reference, bits, what + ", assign " + assign + ", carry " + carry + ", threads " + threads);
                    CompiledModel.Gradient fresh = f.newGradient(b);
                    assertArrayEquals(bits, bits(f.interpret(b, fresh), fresh), what + ": interpreter");
                }
            }
        }
    }

    private static long[] bits(double value, CompiledModel.Gradient g) {
        double[] dx = g.array("x");
        long[] bits = new long[dx.length + 2];
        bits[0] = Double.doubleToLongBits(value);
        for (int k = 0; k < dx.length; k++) bits[k + 1] = Double.doubleToLongBits(dx[k]);
        bits[dx.length + 1] = Double.doubleToLongBits(g.scalar("a"));
        return bits;
    }

    /** Sums over shifted elements of x, sometimes after a write of x outside a loop or before another sum. */
    private static String model(Random r) {
        List<String> parts = new ArrayList<>();
        if (r.nextInt(4) == 0) parts.add("a*x[0]*x[0]");
        int sums = 1 + r.nextInt(2);
        for (int k = 0; k < sums; k++) {
            int lo = r.nextInt(3);
            int hi = r.nextInt(3);
            String element = "x[i" + offset(r.nextInt(lo + hi + 1) - lo) + "]";
            parts.add("sum(i = " + lo + " .. n-" + (1 + hi) + ", " + element + "*" + body(r, 3, lo, hi) + ")");
        }
        if (r.nextInt(4) == 0) parts.add("sum(i = 0 .. n-1, if(i > 0, x[i-1]*y[i], 0))");
        parts.add("a*sum(i = 0 .. n-1, y[i])"); // so that every model has a and y
        return String.join(" + ", parts);
    }

    /** An expression of x[i - lo .. i + hi], y[i] and a. */
    private static String body(Random r, int depth, int lo, int hi) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return switch (r.nextInt(4)) {
                case 0, 1 -> "x[i" + offset(r.nextInt(lo + hi + 1) - lo) + "]";
                case 2 -> "y[i]";
                default -> "a";
            };
        }
        String p = body(r, depth - 1, lo, hi);
        String q = body(r, depth - 1, lo, hi);
        return switch (r.nextInt(5)) {
            case 0 -> "(" + p + " + " + q + ")";
            case 1 -> "(" + p + " - " + q + ")";
            case 2 -> "(" + p + "*" + q + ")";
            case 3 -> "sin(" + p + ")";
            default -> "(" + p + ")^2";
        };
    }

    private static String offset(int c) {
        return c == 0 ? "" : c > 0 ? "+" + c : Integer.toString(c);
    }

    /** Loops whose first write one iteration makes, the next adds to (what carrying keeps in a local). */
    @Test
    void theRandomModelsCarrySomewhere() {
        int carried = 0;
        for (long seed = 0; seed < 60; seed++) {
            CompiledModel f = Model.parse(model(new Random(seed))).compile("x", "a");
            for (Step s : ModelInternals.gradientSteps(f)) {
                if (!(s instanceof Step.Loop l)) continue;
                List<Step.Scatter> scatters = new ArrayList<>();
                for (Step t : l.body()) if (t instanceof Step.Scatter sc) scatters.add(sc);
                if (scatters.size() == 2 && scatters.get(0).first() != scatters.get(1).first()) carried++;
            }
        }
        assertTrue(carried >= 10, carried + " loops of 60 models could carry");
    }

    @Test
    void rosenbrockCarriesAndGivesTheSameBits() {
        String source = "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)";
        for (int n : new int[] {0, 1, 2, 3, 5, 1023, 1024, 1025, 4099}) {
            double[] x = new Random(n).doubles(n, -2, 2).toArray();
            long[][] results = new long[2][];
            for (int carry = 0; carry < 2; carry++) {
                CompiledModel f = Model.parse(source).compile(List.of("x"), Model.Tuning.standard().carry(carry == 1));
                Bindings b = f.bind().array("x", x);
                CompiledModel.Gradient g = f.newGradient(b);
                double v = f.valueAndGradient(b, g);
                double[] dx = g.array("x");
                long[] bits = new long[dx.length + 1];
                bits[0] = Double.doubleToLongBits(v);
                for (int k = 0; k < dx.length; k++) bits[k + 1] = Double.doubleToLongBits(dx[k]);
                results[carry] = bits;
            }
            assertArrayEquals(results[0], results[1], "n = " + n);
        }
    }

    @Test
    void theRandomModelsAssignSomewhere() {
        int assigned = 0;
        for (long seed = 0; seed < 60; seed++) {
            CompiledModel f = Model.parse(model(new Random(seed))).compile("x", "a");
            for (Step s : ModelInternals.gradientSteps(f)) {
                if (s instanceof Step.Clear c && !c.hi().equals(dev.derive.graph.Affine.of(-1))) assigned++;
            }
        }
        assertTrue(assigned >= 20, assigned + " of 60 models assign a first write");
    }
}
