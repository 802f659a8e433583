package dev.derive.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.diff.ReverseMode;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Repeated structure becomes loops: which runs are found, what they keep, and that the code
 * stays small. {@link CompiledMatchesInterpreterTest} runs {@link #structuredSources} to check
 * the loops compute what the interpreter does.
 */
class LoopsTest {

    /** Sources with repeated structure of every kind a loop handles, and some it must refuse. */
    static Stream<String> structuredSources() {
        return Stream.of(
                // a stencil whose neighbouring terms share exp(x[i+1])
                join(" + ", 300, i -> "exp(x" + i + ")*exp(x" + (i + 1) + ")"),
                // a value computed once and used by every term
                "s = sin(a)*b\n" + join(" + ", 300, i -> "s*x" + i + "^2 - cos(s + x" + i + ")"),
                // inputs two apart per term
                join(" + ", 300, i -> "(u" + i + " - v" + i + ")^2*u" + i),
                // an outer function, so the terms' adjoint is a computed value
                "log(" + join(" + ", 300, i -> "exp(x" + i + "*w)") + ")",
                // a chain that carries a value from step to step
                "t0 = x0\n" + join("\n", 300, i -> "t" + (i + 1) + " = tanh(t" + i + " + sin(x" + (i + 1) + "))")
                        + "\nt300*t300",
                // the last step's value used after the loop
                "p = " + join("*", 300, i -> "x" + i) + "\np + p*y",
                // a middle step's value used later, read from the loop's tape
                "a = " + join("*", 150, i -> "x" + i) + "\nb = a*" + join("*", 150, i -> "y" + i) + "\na*b + sin(a)",
                // just enough blocks for a loop, then a different tail
                join(" + ", 12, i -> "sin(x" + i + ")*cos(x" + i + ")*exp(x" + i + ")*x" + i + "^3") + " + z*z",
                // the same gradient entry in several places
                join(" + ", 200, i -> "(x" + i + " + y)^2"),
                // terms whose constants differ: a loop reading a table of them
                join(" + ", 200, i -> (i % 7 + 1) + "*x" + i + "^2"),
                logisticLoss(300),
                flatRosenbrock(300),
                // exponents that differ, among them squares, which are emitted apart
                join(" + ", 100, i -> "x" + i + "^" + (i % 3 + 1) + " + sin(x" + i + ")"));
    }

    /** A logistic-regression loss over seeded data: three weights and a bias, the rows constants. */
    static String logisticLoss(int rows) {
        java.util.Random random = new java.util.Random(3);
        return join(" + ", rows, r -> "log(1 + exp(-(" + random.nextGaussian() + "*w0 + "
                + random.nextGaussian() + "*w1 + " + random.nextGaussian() + "*w2 + " + (r % 2 == 0 ? "b" : "-b") + ")))");
    }

    /** Rosenbrock with its terms not grouped: two additions to the sum per step. */
    static String flatRosenbrock(int n) {
        return join(" + ", n - 1, i -> "100*(x" + (i + 1) + " - x" + i + "^2)^2 + (1 - x" + i + ")^2");
    }

    @Test
    void theSumAndTheGradientOfAFlatSumRunAsOneLoop() {
        Planned planned = planned(flatRosenbrock(2000), true);
        Regions r = planned.regions();
        List<Integer> live = IntStream.range(0, r.loops().size()).filter(r::isLive).boxed().toList();
        assertEquals(2, live.size(), "the sum and the gradient");
        assertTrue(Fusion.of(r, live.get(0), live.get(1), planned.plan().schedule()) != null,
                "the gradient reads nothing of the sum");
    }

    @Test
    void aGradientThatReadsTheProductsTapeDoesNotFuseWithIt() {
        Planned planned = planned(Sources.product(1000), true);
        assertEquals(null, Fusion.of(planned.regions(), 0, 1, planned.plan().schedule()));
    }

    @Test
    void dataConstantsBecomeTables() {
        Regions r = regions(logisticLoss(300), true);
        assertTrue(live(r) >= 2, "the rows' sum and their gradient");
        assertTrue(r.loops().stream().flatMap(l -> java.util.Arrays.stream(l.args()))
                .flatMap(java.util.Arrays::stream).anyMatch(a -> a instanceof Loop.Table));
    }

    private static String join(String separator, int count, IntFunction<String> term) {
        return IntStream.range(0, count).mapToObj(term).collect(Collectors.joining(separator));
    }

    @Test
    void rosenbrockIsTheSumLoopAndTheGradientLoop() {
        Regions value = regions(Sources.rosenbrock(2000), false);
        Regions gradient = regions(Sources.rosenbrock(2000), true);
        assertEquals(1, live(value), "the sum, its terms recomputed in the loop");
        assertEquals(2, live(gradient), "the sum, then the gradient");
        assertTrue(gradient.loops().stream().anyMatch(l -> !gradient.stores(gradient.loops().indexOf(l)).isEmpty()),
                "the gradient loop stores its entries");
    }

    @Test
    void productAndNestingBecomeLoops() {
        assertTrue(live(regions(Sources.product(1000), true)) >= 2, "the products, then the gradient");
        assertTrue(live(regions(Sources.nested("sin", 1000), true)) >= 2, "the chain, then its gradient");
        assertTrue(live(regions(Sources.sumOfSquares(1000), true)) >= 1);
    }

    @Test
    void codeSizeDoesNotGrowWithRepetitions() {
        int small = totalBytes(Sources.rosenbrock(1_000));
        int large = totalBytes(Sources.rosenbrock(20_000));
        assertTrue(large < 2 * small, "code of " + small + " bytes for n = 1,000, " + large + " for 20,000");
    }

    private static int totalBytes(String source) {
        Program p = ProgramParser.parse(source);
        List<Node> partials = ReverseMode.gradient(p.graph(), p.value(), p.inputs());
        return BytecodeCompiler.classFiles(p.graph(), p.inputs(), p.value(), partials).stream()
                .mapToInt(b -> b.length).sum();
    }

    /** The number of live loops in the value-and-gradient of {@code source}. */
    static int liveLoops(String source) {
        return live(regions(source, true));
    }

    private static int live(Regions regions) {
        return (int) IntStream.range(0, regions.loops().size()).filter(regions::isLive).count();
    }

    private static Regions regions(String source, boolean withGradient) {
        return planned(source, withGradient).regions();
    }

    private record Planned(Plan plan, Regions regions) {}

    private static Planned planned(String source, boolean withGradient) {
        Program p = ProgramParser.parse(source);
        List<Node> partials = withGradient ? ReverseMode.gradient(p.graph(), p.value(), p.inputs()) : List.of();
        Plan plan = new Plan(p.graph(), p.inputs(), p.value(), partials);
        return new Planned(plan, Regions.of(plan, new Recompute(p.graph().size(), plan.inputIndex(), true),
                plan.positions(), plan.inputIndex(), true));
    }
}
