package dev.derive.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.DeriveException;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProgramParserTest {

    // --- inputs and names ---

    @Test
    void inputsAreOrderedByFirstAppearance() {
        assertEquals(List.of("b", "a", "c"), inputNames("b*a + c*b + a"));
    }

    @Test
    void inputsInsideAssignmentsCountWhereTheyAppear() {
        assertEquals(List.of("y", "x", "z"), inputNames("t = y*x\nz + t + x"));
    }

    @Test
    void assignedNamesAreNotInputs() {
        Program program = ProgramParser.parse("c = a + b; d = b + 1; c*d");
        assertEquals(List.of("a", "b"), inputNames(program));
        assertEquals(List.of("c", "d"), List.copyOf(program.assigned().keySet()));
        assertNull(program.valueName());
    }

    @Test
    void anAssignmentToEIsANameNotTheConstant() {
        Program program = ProgramParser.parse("e = c*d");
        assertEquals("e", program.valueName());
        assertSame(program.value(), program.assigned().get("e"));
        assertEquals(List.of("c", "d"), inputNames(program));
        assertEquals(12.0, valueAt(program, Map.of("c", 3.0, "d", 4.0)));
    }

    @Test
    void unassignedPiAndEAreConstants() {
        Program program = ProgramParser.parse("pi*x + e");
        assertEquals(List.of("x"), inputNames(program));
        assertEquals(2 * Math.PI + Math.E, valueAt(program, Map.of("x", 2.0)));
    }

    @Test
    void anAssignedPiIsTheAssignedValue() {
        assertEquals(6.0, valueAt(ProgramParser.parse("pi = 3; pi*x"), Map.of("x", 2.0)));
    }

    @Test
    void theLastStatementIsTheValue() {
        Program program = ProgramParser.parse("a = x + 1\nb = a*a\na - 1");
        assertNull(program.valueName());
        assertEquals(2.0, valueAt(program, Map.of("x", 2.0)));
    }

    // --- errors, with their exact positions ---

    @Test
    void assigningTwiceIsAnError() {
        DeriveException e = error("x = 1\ny = 2\n  x = 3");
        assertPosition(e, 3, 3);
        assertTrue(e.getMessage().contains("already assigned on line 1"), e.getMessage());
    }

    @Test
    void usingANameBeforeItsAssignmentIsAnError() {
        assertPosition(error("y = 2*x + 1\nx = 2"), 1, 7);
    }

    @Test
    void aNameUsedBeforeItsAssignmentIsReportedBeforeALaterSyntaxError() {
        DeriveException e = error("y = 2*x + 1\nz = 2 +\nx = 2");
        assertPosition(e, 1, 7);
        assertEquals("'x' is used before its assignment.", e.getMessage());
    }

    @Test
    void aNameUsedBeforeItsAssignmentIsReportedBeforeALaterUnknownFunction() {
        DeriveException e = error("y = 2*x + 1\nz = foo(y)\nx = 2");
        assertPosition(e, 1, 7);
        assertEquals("'x' is used before its assignment.", e.getMessage());
    }

    @Test
    void usingANameInItsOwnAssignmentIsAnError() {
        assertPosition(error("a = 1\nb = b + a"), 2, 5);
    }

    @Test
    void usingEBeforeAssigningItIsAnError() {
        assertPosition(error("a = e + 1\ne = 2"), 1, 5);
    }

    @Test
    void assigningAFunctionNameIsAnError() {
        DeriveException e = error("a = 1\n sin = a");
        assertPosition(e, 2, 2);
        assertTrue(e.getMessage().contains("'sin'"), e.getMessage());
    }

    @Test
    void aFunctionNameUsedAsAValueIsAnError() {
        assertPosition(error("x + exp"), 1, 5);
    }

    @Test
    void anUnknownFunctionIsAnError() {
        DeriveException e = error("x = 1\n2*x + foo(x)");
        assertPosition(e, 2, 7);
        assertEquals("Unknown function 'foo'.", e.getMessage());
    }

    @Test
    void tooFewArgumentsIsAnError() {
        DeriveException e = error("(y +\n  (1 +\n   max(x)))");
        assertPosition(e, 3, 4);
        assertEquals("'max' takes 2 arguments but is given 1.", e.getMessage());
    }

    @Test
    void tooManyArgumentsIsAnError() {
        DeriveException e = error("a = 1; b = sin(a, 2)");
        assertPosition(e, 1, 12);
        assertEquals("'sin' takes 1 argument but is given 2.", e.getMessage());
    }

    @Test
    void aSyntaxErrorHasItsPosition() {
        assertPosition(error("x = 1\nx +* 2"), 2, 4);
    }

    @Test
    void anUnclosedParenthesisIsReportedAtTheParenthesis() {
        assertPosition(error("1 + (x*\n(y + 2)"), 1, 5);
    }

    // --- precedence and associativity ---

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "-2^2      | -4",
        "2^3^2     | 512",
        "2**3**2   | 512",
        "8/4/2     | 1",
        "8-4-2     | 2",
        "2^-1      | 0.5",
        "-x^2      | -9",
        "2*-x      | -6",
        "-x*2      | -6",
        "(-x)^2    | 9",
        "2^-x^2    | 0.001953125",
        "1 - -x    | 4",
        "+x        | 3",
        "x - +2    | 1",
        "6/x*2     | 4",
        "2 + 3*x^2 | 29",
        ".5 + 2.   | 2.5",
        "1e-3*1E3  | 1",
        "2.5E+1    | 25",
    })
    void precedenceAndAssociativity(String source, double expected) {
        assertEquals(expected, valueAt(ProgramParser.parse(source), Map.of("x", 3.0)));
    }

    @Test
    void starStarIsCaret() {
        Program program = ProgramParser.parse("a = x**2\nb = x^2\na*b");
        assertSame(program.assigned().get("a"), program.assigned().get("b"));
    }

    // --- layout ---

    @Test
    void newlinesInsideParenthesesAreNotSeparators() {
        Program program = ProgramParser.parse("(x\n + y\n)*(\n 2)");
        assertEquals(List.of("x", "y"), inputNames(program));
        assertEquals(14.0, valueAt(program, Map.of("x", 3.0, "y", 4.0)));
    }

    @Test
    void newlinesInsideCallsAreNotSeparators() {
        Program program = ProgramParser.parse("max(x,\n\n y)");
        assertEquals(4.0, valueAt(program, Map.of("x", 3.0, "y", 4.0)));
    }

    @Test
    void newlinesOutsideParenthesesSeparateStatements() {
        Program program = ProgramParser.parse("x\n+ y");
        assertEquals(4.0, valueAt(program, Map.of("x", 3.0, "y", 4.0)));
    }

    @Test
    void semicolonsSeparateStatements() {
        assertEquals(7.0, valueAt(ProgramParser.parse(";a = x; ;b = a + 4;"), Map.of("x", 3.0)));
    }

    @Test
    void commentsRunToTheEndOfTheLine() {
        Program program = ProgramParser.parse(
                "# leading comment\nx = 2 # x = 5\n\n(y # inside parentheses )\n * x) # end");
        assertEquals(List.of("y"), inputNames(program));
        assertEquals(8.0, valueAt(program, Map.of("y", 4.0)));
    }

    @Test
    void aCommentDoesNotCloseAParenthesisOrEndAStatement() {
        assertPosition(error("(x # )\n"), 1, 1);
    }

    // --- helpers ---

    private static DeriveException error(String source) {
        return assertThrows(DeriveException.class, () -> ProgramParser.parse(source));
    }

    private static void assertPosition(DeriveException e, int line, int column) {
        assertEquals(List.of(line, column), List.of(e.line(), e.column()), e.located());
    }

    private static List<String> inputNames(String source) {
        return inputNames(ProgramParser.parse(source));
    }

    private static List<String> inputNames(Program program) {
        return program.inputs().stream().map(v -> v.name).toList();
    }

    private static double valueAt(Program program, Map<String, Double> point) {
        Map<String, Double> used = new HashMap<>();
        for (Node v : program.inputs()) used.put(v.name, point.get(v.name));
        return Interpreter.evaluate(program.graph(), List.of(program.value()), used)[0];
    }
}
