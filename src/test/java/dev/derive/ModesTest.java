package dev.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.parse.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Forward mode gives the derivatives reverse mode gives: the same values, to rounding, though
 * the printed forms may differ. Checked on every random program and every golden case.
 */
class ModesTest {

    @Test
    void forwardAndReverseAgreeOnRandomProgramsAndGoldenCases() throws IOException {
        List<String> sources = new ArrayList<>();
        for (long seed = 0; seed < 400; seed++) sources.add(RandomExpressions.program(seed));
        try (Stream<Path> files = Files.list(Path.of("test-expressions"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".derive")).sorted().toList()) {
                sources.add(SourceText.decodeLossily(Files.readAllBytes(file)));
            }
        }
        int compared = 0;
        for (String source : sources) {
            Formula formula;
            try {
                formula = Formula.parse(source);
            } catch (DeriveException e) {
                continue;
            }
            Derivatives forward = formula.derivatives(null, Mode.FORWARD);
            Derivatives reverse = formula.derivatives(null, Mode.REVERSE);
            assertEquals(Mode.FORWARD, forward.mode());
            assertEquals(Mode.REVERSE, reverse.mode());
            int m = formula.outputs().size();
            int n = formula.variables().size();
            Random random = new Random(source.hashCode());
            for (int trial = 0; trial < 5; trial++) {
                double[] x = random.doubles(n, -2, 2).toArray();
                double[] y = new double[m];
                double[] jf = new double[m * n];
                double[] jr = new double[m * n];
                forward.interpret(x, y, jf);
                reverse.interpret(x, y, jr);
                for (int k = 0; k < jf.length; k++) {
                    assertClose(jr[k], jf[k], source + " at " + java.util.Arrays.toString(x) + ", partial " + k);
                    compared++;
                }
            }
        }
        assertTrue(compared > 3000, compared + " partials compared");
    }

    @Test
    void autoPicksTheDirectionWithFewerOperations() {
        Derivatives wide = Formula.parse("a*b*c*d*e*f*g*h").derivatives();
        assertEquals(Mode.REVERSE, wide.mode(), "one output, eight inputs");
        Formula tall = Formula.parse("u = sin(x)*cos(x)\nu, u^2, exp(u), u/2, sqrt(u^2 + 1), tanh(u)");
        assertEquals(Mode.FORWARD, tall.derivatives().mode(), "six outputs, one input");
        assertTrue(wide.explanation().startsWith("reverse mode, 1 sweep (one per output)"), wide.explanation());
    }

    /** Equal to rounding: forward and reverse add the same terms in other orders. */
    static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            assertEquals(Double.isNaN(expected), Double.isNaN(actual), what + ": " + expected + " vs " + actual);
            return;
        }
        if (expected == actual) return;
        double scale = Math.max(1e-300, Math.max(Math.abs(expected), Math.abs(actual)));
        assertTrue(Math.abs(expected - actual) <= 1e-9 * scale, what + ": reverse " + expected + ", forward " + actual);
    }
}
