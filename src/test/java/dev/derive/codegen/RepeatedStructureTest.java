package dev.derive.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.RandomExpressions;
import dev.derive.codegen.plan.LoopFinderTest;
import java.util.function.BiFunction;
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

    @Test
    void sumsOfShiftedRandomTermsMatchTheInterpreter() {
        checkMostLoop((template, count) -> "s = " + IntStream.range(0, count)
                .mapToObj(i -> "(" + shifted(template, i) + ")").collect(Collectors.joining(" + "))
                + "\nlog(1 + s^2) + c*s");
    }

    @Test
    void chainsOfShiftedRandomStepsMatchTheInterpreter() {
        checkMostLoop((template, count) -> {
            StringBuilder program = new StringBuilder("t0 = c\n");
            for (int i = 0; i < count; i++) {
                program.append("t").append(i + 1).append(" = tanh(t").append(i).append(")*(")
                        .append(shifted(template, i)).append(")\n");
            }
            return program.append("t").append(count).append(" + t").append(count / 2).toString();
        });
    }

    /**
     * Checks ({@link Agreement}) the program {@code repeat} makes of each of 120 random templates
     * and a count of 20 to 28 repetitions; more than half must have a live loop.
     */
    private static void checkMostLoop(BiFunction<String, Integer, String> repeat) {
        int looped = 0;
        int programs = 0;
        for (long seed = 0; seed < 120; seed++) {
            String template = RandomExpressions.program(seed);
            if (template.contains("=")) continue;
            String program = repeat.apply(template, 20 + (int) (seed % 9));
            Agreement.check(program, 20);
            if (LoopFinderTest.liveLoops(program) > 0) looped++;
            programs++;
        }
        assertTrue(2 * looped > programs, looped + " of " + programs + " programs have a loop");
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
