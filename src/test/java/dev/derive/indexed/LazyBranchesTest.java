package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import dev.derive.ModelInternals;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lazy branches ({@link LazyBranches}) are an optimization with an off switch: random models with
 * ifs (nested, sharing conditions, conditions that are 0, NaN or −0 in the data) give the same
 * bits with it on and off, compiled and interpreted, for value and gradient.
 */
class LazyBranchesTest {
    static final String PIECEWISE =
            "sum(i = 0 .. n-1, if(x[i] > 0, exp(sin(x[i]))*cos(x[i]) + log1p(x[i]^2), atan(x[i])*tanh(x[i])))";

    @Test
    void eachBranchsWorkIsDeferredInTheValueAndTheGradient() {
        CompiledModel f = Model.parse(PIECEWISE).compile("x");
        for (List<Step> steps : List.of(ModelInternals.valueSteps(f), ModelInternals.gradientSteps(f))) {
            Step.Loop loop = (Step.Loop) steps.stream().filter(s -> s instanceof Step.Loop).findFirst().orElseThrow();
            LazyBranches lazy = LazyBranches.of(ModelInternals.scopes(f), loop.body(),
                    loop.reduces() ? List.of(loop.term()) : List.of());
            List<String> deferred = new ArrayList<>();
            for (Step s : loop.body()) {
                if (s instanceof Step.Compute c && lazy.deferred(c.node())) deferred.add(c.node().op.name());
            }
            // exp, sin, cos and log1p in the then-branch, atan and tanh in the else-branch, with what they make
            for (String op : List.of("EXP", "SIN", "COS", "LOG1P", "ATAN", "TANH")) {
                assertTrue(deferred.contains(op), op + " is not deferred in " + deferred);
            }
        }
    }

    @Test
    void aValueAnInnerLoopSumsIsNotDeferredIntoABranch() {
        // the sum's term 1.75 is computed outside its loop, as is the then-branch 1.75: it was
        // computed only where b == 1, and the sum added up zeros elsewhere (found by fuzzing)
        String source = "if(b == 1.0, 1.75, if(a == 0.0, a, 2)) + sum(i = 1 .. n-2, sum(j = 1 .. i, 1.75))";
        Model model = Model.parse(source);
        for (boolean lazy : new boolean[] {false, true}) {
            CompiledModel f = model.compile(List.of("a", "b"), Model.Tuning.standard().lazy(lazy));
            Bindings b = f.bind().size("n", 3).scalar("a", 0.3).scalar("b", 0.3);
            assertEquals(3.75, f.value(b), 0, "lazy " + lazy);
            assertEquals(3.75, f.valueAndGradient(b, f.newGradient(b)), 0, "lazy " + lazy);
        }
    }

    @Test
    void randomModelsGiveTheSameBitsLazyOrNot() {
        for (long seed = 0; seed < 80; seed++) {
            Random r = new Random(seed);
            String source = model(r);
            int n = seed % 3 == 0 ? 1 + r.nextInt(5) : 1000 + r.nextInt(100);
            double[] x = r.doubles(n, -2, 2).toArray();
            double[] c = r.doubles(n, -1, 1).toArray();
            for (int k = 0; k < n; k += 4) c[k] = new double[] {0.0, -0.0, Double.NaN, 1}[(k / 4) % 4];
            String what = "seed " + seed + ", n = " + n + ": " + source;
            Model model = Model.parse(source);
            long[] reference = null;
            for (boolean lazy : new boolean[] {false, true}) {
                for (boolean fuse : new boolean[] {true, false}) {
                    CompiledModel f = model.compile(List.of("x", "a"), Model.Tuning.standard().lazy(lazy).fuse(fuse));
                    Bindings b = f.bind().array("x", x).scalar("a", 0.7);
                    if (model.arrays().contains("c")) b.array("c", c);
                    CompiledModel.Gradient g = f.newGradient(b);
                    long[] bits = bits(f.value(b), f.valueAndGradient(b, g), g);
                    if (reference == null) reference = bits;
                    else assertArrayEquals(reference, bits, what + ", lazy " + lazy + ", fuse " + fuse);
                    CompiledModel.Gradient fresh = f.newGradient(b);
                    long[] interpreted = bits(f.interpretValue(b), f.interpret(b, fresh), fresh);
                    assertArrayEquals(bits, interpreted, what + ": interpreter");
                }
            }
        }
    }

    private static long[] bits(double value, double valueWithGradient, CompiledModel.Gradient g) {
        double[] dx = g.array("x");
        long[] bits = new long[dx.length + 3];
        bits[0] = Double.doubleToLongBits(value);
        bits[1] = Double.doubleToLongBits(valueWithGradient);
        for (int k = 0; k < dx.length; k++) bits[k + 2] = Double.doubleToLongBits(dx[k]);
        bits[dx.length + 2] = Double.doubleToLongBits(g.scalar("a"));
        return bits;
    }

    /** A sum of a random body, with x and a used whatever the body is. */
    private static String model(Random r) {
        return "sum(i = 0 .. n-1, " + body(r, 4) + " + x[i]^2) + a*sum(i = 0 .. n-1, x[i])";
    }

    /** Nested ifs, some on one shared condition (x[i] > 0), some on data that is 0, −0 or NaN. */
    private static String body(Random r, int depth) {
        if (depth == 0 || r.nextInt(5) == 0) {
            return switch (r.nextInt(4)) {
                case 0, 1 -> "x[i]";
                case 2 -> "a";
                default -> "c[i]";
            };
        }
        String p = body(r, depth - 1);
        String q = body(r, depth - 1);
        return switch (r.nextInt(10)) {
            case 0 -> "if(x[i] > 0, " + p + ", " + q + ")";
            case 1 -> "if(c[i], sin(" + p + "), cos(" + q + "))";
            case 2 -> "if(" + p + " < " + q + ", sin(" + p + "), " + q + "*" + q + ")";
            case 3 -> "(" + p + " + " + q + ")";
            case 4 -> "(" + p + "*" + q + ")";
            case 5 -> "exp(-(" + p + ")^2)";
            case 6 -> "if(x[i] > 0, " + p + ", 0)*" + q;
            case 7 -> "tanh(" + p + ")";
            case 8 -> "if(x[i] > 0, 1, " + p + ")";
            // a term the same in every iteration of the inner loop, computed outside it
            default -> "if(x[i] > 0, " + p + ", 1)*sum(j" + depth + " = 1 .. 2, " + p + ")";
        };
    }

    @Test
    void theRandomModelsDeferSomething() {
        int deferring = 0;
        for (long seed = 0; seed < 80; seed++) {
            Random r = new Random(seed);
            CompiledModel f = Model.parse(model(r)).compile("x", "a");
            boolean any = false;
            for (Step s : ModelInternals.gradientSteps(f)) {
                if (!(s instanceof Step.Loop l)) continue;
                LazyBranches lazy = LazyBranches.of(ModelInternals.scopes(f), l.body(),
                        l.reduces() ? List.of(l.term()) : List.<Node>of());
                for (Step t : l.body()) any |= t instanceof Step.Compute c && lazy.deferred(c.node());
            }
            if (any) deferring++;
        }
        assertTrue(deferring >= 30, deferring + " of 80 random models defer a value");
    }
}
