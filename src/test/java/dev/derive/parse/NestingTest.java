package dev.derive.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.DeriveException;
import org.junit.jupiter.api.Test;

/**
 * The parser's stack is sized from the text: shallow text parses on the calling thread, deep
 * text on a thread with room for it, and a bound that falls short is retried with more.
 */
class NestingTest {

    @Test
    void parenthesesCallsSignsAndPowersEachAddTheirRules() {
        int base = Nesting.of("x").rules();
        assertEquals(base + 6 * 3, Nesting.of("(((x)))").rules());
        assertEquals(base + 6 * 2, Nesting.of("sin(cos(x))").rules());
        assertEquals(base + 3, Nesting.of("---x").rules());
        assertEquals(base + 2 * 3, Nesting.of("2^3^4^x").rules());
        assertEquals(base + 2 * 2, Nesting.of("2**3**x").rules());
    }

    @Test
    void binaryOperatorsAndClosedParenthesesDoNotAccumulate() {
        int base = Nesting.of("x").rules();
        assertEquals(base + 6, Nesting.of("(a) + (b) + (c) + (d)").rules());
        assertEquals(base + 1, Nesting.of("-a - b - c - d*-e").rules());
        assertEquals(base + 2, Nesting.of("a^2 + b^2 + c^2").rules());
        assertTrue(Nesting.of("x0" + " + x1".repeat(100_000)).stackBytes() < 64 << 10,
                "a long flat sum needs no large stack");
    }

    @Test
    void theDeepestPointIsLocated() {
        Nesting n = Nesting.of("a = 1\nb = sin((a))");
        assertEquals(2, n.deepestLine());
        assertEquals(9, n.deepestColumn(), "the innermost (");
    }

    @Test
    void textTheBoundUnderestimatesStillParses() {
        // the '-' of 1e-1 reads as a binary minus, so the scan ends the power chain it is in
        String source = "2^-1e-1".repeat(1) + "^-1e-1".repeat(3000) + "^x";
        assertTrue(Nesting.of(source).rules() < 100, "the bound falls far short here");
        Program program = ProgramParser.parse(source);
        assertEquals(1, program.inputs().size());
    }

    @Test
    void deepNestingParsesFromAnInterruptedThreadAndKeepsTheInterrupt() {
        String deep = "sin(".repeat(5000) + "x" + ")".repeat(5000);
        Thread.currentThread().interrupt();
        try {
            assertEquals(1, ProgramParser.parse(deep).inputs().size());
            assertEquals(1, ProgramParser.parse("x*y").inputs().size() - 1);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void oneExpressionAndNothingElse() {
        assertEquals(4.0, ProgramParser.parseExpression("max(1, min(2, 3))*2").value().value);
        for (String notOne : new String[] {"1;2", "a = 5", "1\n2", "", "1,2", "x = 1; x"}) {
            assertThrows(notOne);
        }
        assertTrue(ProgramParser.parseExpression("pi/4").value().isConstant());
    }

    private static void assertThrows(String source) {
        org.junit.jupiter.api.Assertions.assertThrows(DeriveException.class,
                () -> ProgramParser.parseExpression(source), source);
    }
}
