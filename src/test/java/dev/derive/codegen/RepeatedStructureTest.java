package dev.derive.codegen;

import dev.derive.RandomExpressions;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Random expressions repeated with shifted inputs, the shape loops are made from: as the terms
 * of a sum inside an outer function, and as the steps of a chain that carries a value. Compiled
 * code, loops and all, must equal the interpreter on each.
 */
class RepeatedStructureTest {
    private final CompiledMatchesInterpreterTest check = new CompiledMatchesInterpreterTest();
    private int programs;
    private int withLoops;

    /** Checks the program, and counts it as looped if its value-and-gradient has a live loop. */
    private void check(String program) {
        check.valuesAndGradientsMatch(program);
        programs++;
        if (LoopsTest.liveLoops(program) > 0) withLoops++;
    }

    @org.junit.jupiter.api.AfterEach
    void mostProgramsBecomeLoops() {
        org.junit.jupiter.api.Assertions.assertTrue(2 * withLoops > programs,
                withLoops + " of " + programs + " programs have a loop");
    }

    @Test
    void sumsOfShiftedRandomTermsMatchTheInterpreter() {
        for (long seed = 0; seed < 120; seed++) {
            String template = RandomExpressions.program(seed);
            if (template.contains("=")) continue;
            int count = 20 + (int) (seed % 9);
            String sum = IntStream.range(0, count).mapToObj(i -> "(" + shifted(template, i) + ")")
                    .collect(Collectors.joining(" + "));
            check("s = " + sum + "\nlog(1 + s^2) + c*s");
        }
    }

    @Test
    void chainsOfShiftedRandomStepsMatchTheInterpreter() {
        for (long seed = 0; seed < 120; seed++) {
            String template = RandomExpressions.program(seed);
            if (template.contains("=")) continue;
            int count = 20 + (int) (seed % 9);
            StringBuilder program = new StringBuilder("t0 = c\n");
            for (int i = 0; i < count; i++) {
                program.append("t").append(i + 1).append(" = tanh(t").append(i).append(")*(")
                        .append(shifted(template, i)).append(")\n");
            }
            program.append("t").append(count).append(" + t").append(count / 2);
            check(program.toString());
        }
    }

    /** The template with x0, x1 shifted by {@code i}, x2 by {@code 2i}, and x3 left alone. */
    private static String shifted(String template, int i) {
        Matcher m = java.util.regex.Pattern.compile("\\bx([0-3])\\b").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = switch (m.group(1)) {
                case "0" -> "a" + i;
                case "1" -> "a" + (i + 1);
                case "2" -> "b" + (2 * i);
                default -> "c";
            };
            m.appendReplacement(out, name);
        }
        m.appendTail(out);
        return out.toString();
    }
}
