package dev.derive.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.codegen.plan.Loop;
import dev.derive.codegen.plan.LoopFinderTest;
import dev.derive.codegen.plan.LoopPlan;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Re-rolling repeated blocks into loops gives the same bits as straight-line code, whatever
 * binds each operand of a block and however the first block differs from the rest
 * ({@link RepeatedPrograms}). Each program also goes through {@link Agreement}, so the loops,
 * fusion and recomputation are each compared on and off against the interpreter, and its
 * classes are verified and held to the JIT's size limit.
 */
class RerollingTest {
    private static final int PROGRAMS = 120;

    @Test
    void randomChainsAreTheSameWithLoopsAndWithout() {
        Coverage coverage = new Coverage();
        for (long seed = 0; seed < PROGRAMS; seed++) coverage.check(RepeatedPrograms.chain(seed));
        coverage.assertMostHaveLoops();
    }

    @Test
    void randomSumsAreTheSameWithLoopsAndWithout() {
        Coverage coverage = new Coverage();
        for (long seed = 0; seed < PROGRAMS; seed++) coverage.check(RepeatedPrograms.sum(seed));
        coverage.assertMostHaveLoops();
    }

    @Test
    void aFirstBlockDifferingInAnyOnePositionOrInAllIsTheSameWithLoopsAndWithout() {
        Coverage coverage = new Coverage();
        for (long seed = 1000; seed < 1030; seed++) {
            for (boolean chain : new boolean[] {true, false}) {
                int positions = RepeatedPrograms.positions(seed, chain);
                for (int h = 0; h < positions; h++) {
                    coverage.check(RepeatedPrograms.withFirstBlockDiffering(seed, chain, h));
                }
                coverage.check(RepeatedPrograms.withFirstBlockDiffering(seed, chain, RepeatedPrograms.ALL));
            }
        }
        coverage.assertMostHaveLoops();
    }

    /** The programs reach every way a loop's argument can be bound, block 0 differing included. */
    @Test
    void theProgramsBindLoopArgumentsInEveryWay() {
        Coverage coverage = new Coverage();
        for (long seed = 0; seed < 40; seed++) {
            coverage.note(RepeatedPrograms.chain(seed));
            coverage.note(RepeatedPrograms.sum(seed));
        }
        assertEquals(Set.of("Fixed", "Indexed", "Local", "Carried", "Table", "Recomputed", "Taped"), coverage.kinds);
        assertTrue(coverage.carriedFromTwoStarts > 0,
                "a loop where two arguments carry one offset from different values in block 0");
    }

    /** The reproducer: the first step is cos(sin(a)*cos(b)), not cos(sin(a)*sin(a)). */
    @Test
    void aChainWhoseFirstStepReadsTwoDifferentValuesWhereLaterStepsReadOne() {
        StringBuilder src = new StringBuilder("s1 = cos(sin(a)*cos(b))");
        for (int k = 2; k <= 32; k++) src.append("; s").append(k).append(" = cos(s").append(k - 1).append("*s").append(k - 1).append(')');
        Agreement.check(src.toString(), 5);
        assertTrue(LoopFinderTest.liveLoops(src.toString()) > 0, "the chain is a loop");
    }

    /**
     * Found by the random chains: code that fusion moved ahead of a loop recomputed a small
     * value of that loop from the loop's tape, which is only written when the loop runs.
     */
    @Test
    void codeMovedAheadOfAFusedLoopDoesNotReadThatLoopsTape() {
        int n = 50;
        StringBuilder src = new StringBuilder("order = 0*z0 + 0*z1");
        for (int i = 0; i < n + 4; i++) src.append(" + 0*x").append(i).append(" + 0*y").append(i);
        for (int k = 0; k < n + 3; k++) src.append("\nr").append(k).append(" = x").append(k + 1).append(" - x").append(k).append("*y").append(k);
        src.append("\ns0 = tanh(z1)\ns1 = log(1 + sin(z0)^2) + s0");
        for (int k = 2; k <= n; k++) src.append("\ns").append(k).append(" = log(1 + r").append(k + 1).append("^2) + s").append(k - 1);
        src.append("\ns").append(n).append(" + s").append(n / 2).append("*z0");
        Agreement.check(src.toString(), 3);
    }

    /** Checks programs and records what their loops are made of. */
    private static final class Coverage {
        final Set<String> kinds = new HashSet<>();
        int carriedFromTwoStarts;
        int programs;
        int looped;

        void check(String source) {
            Agreement.check(source, 3);
            GeneratedClassesTest.verify(source);
            note(source);
        }

        void note(String source) {
            programs++;
            LoopPlan loopPlan = LoopFinderTest.loopPlan(source, true);
            boolean live = false;
            for (int i = 0; i < loopPlan.loops().size(); i++) {
                if (!loopPlan.isLive(i)) continue;
                live = true;
                Set<Integer> carriedOffsets = new HashSet<>();
                Set<Loop.Carried> carried = new HashSet<>();
                for (Loop.Arg[] template : loopPlan.loops().get(i).args()) {
                    for (Loop.Arg arg : template) {
                        kinds.add(arg.getClass().getSimpleName());
                        if (arg instanceof Loop.Carried c && carried.add(c) && !carriedOffsets.add(c.offset())) {
                            carriedFromTwoStarts++;
                        }
                    }
                }
            }
            if (live) looped++;
        }

        void assertMostHaveLoops() {
            assertTrue(2 * looped > programs, looped + " of " + programs + " programs have a loop");
        }
    }
}
