package dev.derive.codegen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.codegen.BytecodeCompiler;
import dev.derive.codegen.Sources;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import dev.derive.problems.Rosenbrock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Repeated structure becomes loops: which runs are found, what they keep, when they fuse, and
 * that the code stays small. {@code CompiledMatchesInterpreterTest} runs
 * {@link Sources#structured} to check that the loops compute what the interpreter does.
 */
public class LoopFinderTest {

    @Test
    void theSumAndTheGradientOfAFlatSumRunAsOneLoop() {
        Planned planned = planned(Rosenbrock.source(2000, false), true);
        LoopPlan r = planned.loopPlan();
        List<Integer> live = IntStream.range(0, r.loops().size()).filter(r::isLive).boxed().toList();
        assertEquals(2, live.size(), "the sum and the gradient");
        assertNotNull(Fusion.of(r, live.get(0), live.get(1), planned.entry().schedule()),
                "the gradient reads nothing of the sum");
    }

    /** The gradient loop reads the product loop's tape, so it must run after it, not beside it. */
    @Test
    void aGradientThatReadsTheProductsTapeDoesNotFuseWithIt() {
        Planned planned = planned(Sources.product(1000), true);
        LoopPlan r = planned.loopPlan();
        Loop first = r.loops().get(0);
        Loop second = r.loops().get(1);
        int bodies = LoopFinder.bodySize(first.args()) + 2 * LoopFinder.bodySize(second.args());
        assertTrue(bodies <= Limits.NODES_PER_METHOD, "small enough to fuse: only the tape stands in the way");
        assertTrue(Arrays.stream(second.args()).flatMap(Arrays::stream)
                .anyMatch(a -> a instanceof Loop.Taped t && t.loop() == 0), "the second reads the first's tape");
        assertNull(Fusion.of(r, 0, 1, planned.entry().schedule()));
    }

    @Test
    void dataConstantsBecomeTables() {
        LoopPlan r = loopPlan(Sources.logisticLoss(300), true);
        assertTrue(live(r) >= 2, "the rows' sum and their gradient");
        assertTrue(r.loops().stream().flatMap(l -> Arrays.stream(l.args()))
                .flatMap(Arrays::stream).anyMatch(a -> a instanceof Loop.Table));
    }

    @Test
    void rosenbrockIsTheSumLoopAndTheGradientLoop() {
        LoopPlan value = loopPlan(Sources.rosenbrock(2000), false);
        LoopPlan gradient = loopPlan(Sources.rosenbrock(2000), true);
        assertEquals(1, live(value), "the sum, its terms recomputed in the loop");
        assertEquals(2, live(gradient), "the sum, then the gradient");
        assertTrue(IntStream.range(0, gradient.loops().size()).anyMatch(i -> !gradient.stores(i).isEmpty()),
                "the gradient loop stores its entries");
    }

    @Test
    void productAndNestingBecomeLoops() {
        assertTrue(live(loopPlan(Sources.product(1000), true)) >= 2, "the products, then the gradient");
        assertTrue(live(loopPlan(Sources.nested("sin", 1000), true)) >= 2, "the chain, then its gradient");
        assertTrue(live(loopPlan(Sources.sumOfSquares(1000), true)) >= 1);
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
    public static int liveLoops(String source) {
        return live(loopPlan(source, true));
    }

    /** The loops of the value-and-gradient of {@code source}, with every rewrite on. */
    public static LoopPlan loopPlan(String source, boolean withGradient) {
        return planned(source, withGradient).loopPlan();
    }

    private static int live(LoopPlan loopPlan) {
        return (int) IntStream.range(0, loopPlan.loops().size()).filter(loopPlan::isLive).count();
    }

    private record Planned(EntryPoint entry, LoopPlan loopPlan) {}

    private static Planned planned(String source, boolean withGradient) {
        Program p = ProgramParser.parse(source);
        List<Node> partials = withGradient ? ReverseMode.gradient(p.graph(), p.value(), p.inputs()) : List.of();
        EntryPoint entry = new EntryPoint(p.graph(), p.inputs(), p.value(), partials);
        return new Planned(entry, LoopPlan.of(entry, new Recompute(p.graph().size(), entry.inputIndex(), true),
                entry.positions(), entry.inputIndex(), true));
    }
}
