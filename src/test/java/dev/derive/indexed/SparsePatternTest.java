package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Model;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Hessian's pattern for given sizes: its columns' colouring lets one H·v per colour recover
 * every entry (no two columns of a colour share a row), dense rows fall back to a colour per
 * column instead of a colouring cubic in n, and too many entries is an error, not a heap full.
 */
class SparsePatternTest {

    private static SparsePattern pattern(String source, int n, long maxEntries, long maxWork) {
        Program p = ProgramParser.parse(source);
        Interactions i = new Interactions(p.indexing(), p.value(), Set.of("x"), Set.of());
        Map<String, SparsePattern.Place> places = Map.of("x", new SparsePattern.Place(0, n, 1, 1));
        return SparsePattern.of(i.hessian(), places, n, size -> n, maxEntries, maxWork);
    }

    @Test
    void noTwoColumnsOfAColourShareARow() {
        String[] sources = {
            "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
            "sum(i = 0 .. n-3, exp(x[i]*x[i+2]))",
            "sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]))",
            "sum(i = 0 .. n-1, x[i]*x[n-1-i]) + sum(i = 1 .. n-1, sin(x[i-1] + x[i]))",
        };
        for (String source : sources) {
            for (int n : new int[] {1, 2, 7, 40}) {
                SparsePattern p = pattern(source, n, SparsePattern.MAX_ENTRIES, SparsePattern.MAX_COLOURING_WORK);
                Map<Integer, Set<Integer>> columnsOfRow = new java.util.HashMap<>();
                for (int k = 0; k < p.rows().length; k++) {
                    assertTrue(p.rows()[k] >= p.columns()[k]);
                    if (k > 0) {
                        long before = (long) p.rows()[k - 1] << 32 | p.columns()[k - 1];
                        assertTrue(before < ((long) p.rows()[k] << 32 | p.columns()[k]), "sorted, once each");
                    }
                    columnsOfRow.computeIfAbsent(p.rows()[k], x -> new HashSet<>()).add(p.columns()[k]);
                    columnsOfRow.computeIfAbsent(p.columns()[k], x -> new HashSet<>()).add(p.rows()[k]);
                }
                for (Set<Integer> columns : columnsOfRow.values()) {
                    Set<Integer> colours = new HashSet<>();
                    for (int c : columns) assertTrue(colours.add(p.colour(c)), source + " at n = " + n + ": a colour twice in a row");
                }
            }
        }
        assertEquals(3, pattern(sources[0], 40, SparsePattern.MAX_ENTRIES, SparsePattern.MAX_COLOURING_WORK).colours());
    }

    @Test
    void denseRowsGiveEachColumnItsOwnColour() {
        String dense = "sum(i = 0 .. n-1, x[i])^2";
        SparsePattern greedy = pattern(dense, 30, SparsePattern.MAX_ENTRIES, SparsePattern.MAX_COLOURING_WORK);
        SparsePattern fallback = pattern(dense, 30, SparsePattern.MAX_ENTRIES, 100);
        assertEquals(30, greedy.colours());
        assertEquals(30, fallback.colours());
        Set<Integer> seen = new HashSet<>();
        for (int c = 0; c < 30; c++) assertTrue(seen.add(fallback.colour(c)));
    }

    @Test
    void tooManyEntriesIsAnErrorThatSaysWhatToDoInstead() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> pattern("sum(i = 0 .. n-1, x[i])^2", 100, 1000, SparsePattern.MAX_COLOURING_WORK)).getMessage();
        assertTrue(message.startsWith("the Hessian has more than 1,000 entries that can be nonzero at these sizes"), message);
    }

    @Test
    void aDenseHessianOfThousandsOfUnknownsIsQuick() {
        Random r = new Random(1);
        double[] x = r.doubles(3000, -1, 1).toArray();
        var h = Model.parse("sum(i = 0 .. n-1, x[i])^2 + sum(i = 0 .. n-2, x[i]*x[i+1])").hessian("x");
        var b = h.bind().array("x", x);
        long start = System.nanoTime();
        var p = h.pattern(b);
        double[] entries = h.sparseHessian(b, p, null);
        assertTrue(System.nanoTime() - start < 20e9, "pattern and entries of a dense 3000 x 3000 Hessian");
        assertEquals(3000 * 3001 / 2, entries.length);
        for (int k = 0; k < entries.length; k++) {
            int row = p.row(k);
            int column = p.column(k);
            double expected = 2 + (row - column == 1 ? 1 : 0);
            assertEquals(expected, entries[k], 1e-12, p.name(row) + ", " + p.name(column));
        }
    }
}
