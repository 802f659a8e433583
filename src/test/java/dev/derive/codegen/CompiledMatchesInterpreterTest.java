package dev.derive.codegen;

import dev.derive.DeriveException;
import dev.derive.RandomExpressions;
import dev.derive.parse.ProgramParser;
import dev.derive.parse.SourceText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiled values and gradients are the reference interpreter's, bit for bit, with every
 * code-generation rewrite on and off ({@link Agreement}).
 */
class CompiledMatchesInterpreterTest {

    static Stream<String> sources() {
        return Stream.concat(Sources.structured(), Stream.of(
                "1/(1 + exp(-(w0*x0 + w1*x1 + w2)))",
                "c = a + b; d = b + 1; e = c * d",
                "x*sin(y) + exp(x*y)/(1 + y^2)",
                "tan(x) + sqrt(y^2 + 1) + tanh(x*y) + sinh(x) + cosh(y) + asin(tanh(x)) + acos(tanh(y))",
                "atan(x) + abs(x - y) + sigmoid(x*y) + relu(x - y) + log1p(x^2) + expm1(y) + sign(x)",
                "max(x, y) + min(x, 2*y) + pow(abs(x) + 1, y) + atan2(y, x) + hypot(x, y) + log(1 + x^2)",
                "x^y^2 + 2^-x - -x^2 + 8/x/y",
                Sources.rosenbrock(500),
                Sources.nested("tanh", 2000),
                Sources.product(1000)));
    }

    /** Seeded random programs over every operation, and every valid golden case. */
    @Test
    void randomProgramsAndGoldenCasesMatch() throws IOException {
        for (long seed = 0; seed < 300; seed++) {
            valuesAndGradientsMatch(RandomExpressions.program(seed));
        }
        try (Stream<Path> files = Files.list(Path.of("test-expressions"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".derive")).sorted().toList()) {
                String source = SourceText.decodeLossily(Files.readAllBytes(file));
                if (parses(source)) valuesAndGradientsMatch(source);
            }
        }
    }

    /** Whether the source is a valid program of scalars (models with sums are checked by ModelTest and its peers). */
    private static boolean parses(String source) {
        try {
            return ProgramParser.parse(source).indexing() == null;
        } catch (DeriveException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void valuesAndGradientsMatch(String source) {
        Agreement.check(source, 20);
    }
}
