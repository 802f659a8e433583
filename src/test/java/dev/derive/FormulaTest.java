package dev.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The front door everything else uses: the command, the benchmarks and the samples. */
class FormulaTest {

    @Test
    void theSeedGraphAsTextAndCompiled() {
        Formula f = Formula.parse("c = a + b; d = b + 1; e = c * d");
        assertEquals(List.of("a", "b"), f.variables());
        assertEquals("e", f.name());
        Derivatives d = f.derivatives();
        assertEquals(List.of("c = a + b", "d = b + 1", "e = c*d", "de/da = d", "de/db = c + d"), d.listing());
        assertEquals("de/db", d.name(1));
        assertEquals("a + b + (b + 1)", d.source(1));
        assertEquals(5, Formula.parse(d.source(1)).interpret(new double[] {2, 1}));
        double[] g = new double[2];
        assertEquals(6, d.compile().valueAndGradient(new double[] {2, 1}, g));
        assertArrayEquals(new double[] {2, 5}, g);
        assertEquals(6, d.interpret(new double[] {2, 1}, g));
        assertArrayEquals(new double[] {2, 5}, g);
        assertEquals(6, f.interpret(new double[] {2, 1}));
        assertEquals(6, f.compile().value(new double[] {2, 1}));
    }

    @Test
    void derivativesWithRespectToSomeInputsHoldTheOthersFixed() {
        Formula f = Formula.parse("log1p(exp(-y*(w*x + b)))");
        assertEquals(List.of("y", "w", "x", "b"), f.variables());
        Derivatives d = f.derivatives(List.of("b", "w"));
        assertEquals(List.of("b", "w"), d.variables());
        CompiledGradient compiled = d.compile();
        assertEquals(List.of("y", "w", "x", "b"), compiled.variables());
        assertEquals(List.of("b", "w"), compiled.gradientVariables());
        double[] x = {1, 0.5, 2, -0.25};
        double[] g = new double[2];
        double value = compiled.valueAndGradient(x, g);
        double s = 1 / (1 + Math.exp(0.5 * 2 - 0.25));
        assertEquals(Math.log1p(Math.exp(-(0.5 * 2 - 0.25))), value, 1e-15);
        assertArrayEquals(new double[] {-s, -2 * s}, g, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> compiled.valueAndGradient(x, new double[4]));
        assertEquals(List.of("y", "w", "x", "b"), Formula.parse("y*w*x*b").derivatives().compile().gradientVariables());
    }

    @Test
    void namesThatAreNotInputsOrGivenTwiceAreIllegal() {
        Formula f = Formula.parse("x*y");
        String message = assertThrows(IllegalArgumentException.class, () -> f.derivatives(List.of("z"))).getMessage();
        assertEquals("'z' is not an input variable of the source (x, y)", message);
        assertThrows(IllegalArgumentException.class, () -> f.derivatives(List.of("x", "x")));
    }

    @Test
    void warningsNodesAndClassFiles() {
        Formula f = Formula.parse("x + 1\nx*y");
        assertEquals(1, f.warnings().size());
        assertTrue(f.warnings().get(0).startsWith("line 1, column 1: The value of this statement is unused"));
        int before = f.nodes();
        Derivatives d = f.derivatives();
        assertTrue(f.nodes() >= before);
        assertEquals(1, d.classFiles().size(), "a small function is one class");
        assertEquals("f1", Formula.parse("f = 2; f*x + 1").name());
    }
}
