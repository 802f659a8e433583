package dev.derive.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.CompiledGradient;
import dev.derive.DeriveException;
import dev.derive.RandomExpressions;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compiled values and gradients equal the reference interpreter's, to within one ulp. */
class CompiledMatchesInterpreterTest {

    static Stream<String> sources() {
        return Stream.concat(LoopsTest.structuredSources(), Stream.of(
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
                String source = Files.readString(file);
                if (parses(source)) valuesAndGradientsMatch(source);
            }
        }
    }

    private static boolean parses(String source) {
        try {
            ProgramParser.parse(source);
            return true;
        } catch (DeriveException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void valuesAndGradientsMatch(String source) {
        Program p = ProgramParser.parse(source);
        List<Node> partials = ReverseMode.gradient(p.graph(), p.value(), p.inputs());
        CompiledGradient compiled = BytecodeCompiler.gradient(p.graph(), p.inputs(), p.value(), partials);
        List<Node> outputs = new ArrayList<>();
        outputs.add(p.value());
        outputs.addAll(partials);
        Random random = new Random(source.hashCode());
        for (int trial = 0; trial < 20; trial++) {
            double[] x = new double[p.inputs().size()];
            Map<String, Double> point = new HashMap<>();
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian();
                point.put(p.inputs().get(i).name, x[i]);
            }
            double[] expected = Interpreter.evaluate(p.graph(), outputs, point);
            double[] gradient = new double[x.length];
            assertWithinUlp(expected[0], compiled.valueAndGradient(x, gradient), source + ": value");
            assertWithinUlp(expected[0], compiled.value(x), "value()");
            for (int i = 0; i < gradient.length; i++) {
                assertWithinUlp(expected[i + 1], gradient[i], source + ": d/d" + p.inputs().get(i).name);
            }
        }
    }

    static void assertWithinUlp(double expected, double actual, String what) {
        boolean same = Double.compare(expected, actual) == 0
                || Math.abs(expected - actual) <= Math.ulp(expected);
        assertTrue(same, what + ": interpreter " + expected + ", compiled " + actual);
    }
}
