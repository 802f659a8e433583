package dev.derive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Several outputs: their Jacobian compiled, dense and sparse, and its products, against the interpreter. */
class JacobianTest {

    @Test
    void theSeedGraphWithTwoOutputs() {
        CompiledJacobian j = Derive.jacobian("c = a + b; d = b + 1; c*d, c/d");
        assertEquals(List.of("a", "b"), j.variables());
        assertEquals(List.of("f1", "f2"), j.outputs());
        double[] x = {2, 1};
        double[] y = new double[2];
        double[] jac = new double[4];
        j.jacobian(x, y, jac);
        assertArrayEquals(new double[] {6, 1.5}, y);
        assertArrayEquals(new double[] {2, 5, 0.5, -0.25}, jac);
        double[] out = new double[2];
        j.jvp(x, new double[] {1, 2}, out);
        assertArrayEquals(new double[] {2 + 10, 0.5 - 0.5}, out);
        j.vjp(x, new double[] {1, 4}, out);
        assertArrayEquals(new double[] {2 + 2, 5 - 1}, out);
        assertEquals(List.of("y1", "y2"), Formula.parse("y1 = a*b; y2 = a + b; y1, y2").outputs());
        assertEquals(List.of("y1", "f2"), Formula.parse("y1 = a*b; y1, a - b").outputs());
        assertEquals(List.of("f2", "f3"), Formula.parse("f1 = a; f1*b, b").outputs(), "never a name the source uses");
    }

    @Test
    void wrongLengthsAreIllegalArguments() {
        CompiledJacobian j = Derive.jacobian("x*y, x + y, x - y");
        assertThrows(IllegalArgumentException.class, () -> j.values(new double[2], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> j.jacobian(new double[2], new double[3], new double[5]));
        assertThrows(IllegalArgumentException.class, () -> j.jvp(new double[2], new double[3], new double[3]));
        String message = assertThrows(IllegalArgumentException.class, () -> j.vjp(new double[2], new double[2], new double[2])).getMessage();
        assertTrue(message.contains("'u' of length 3"), message);
    }

    /** Lists of random expressions: compiled equals interpreted, and the products and the sparse form agree. */
    @Test
    void randomOutputListsMatchTheInterpreter() {
        for (long seed = 0; seed < 150; seed++) {
            Random random = new Random(seed);
            int m = 2 + random.nextInt(3);
            long first = seed * 7;
            String source = IntStream.range(0, m).mapToObj(i -> "(" + RandomExpressions.program(first + i)
                    .replace("\n", "; ").replace("u = ", "u" + i + " = ").replace("(u)", "(u" + i + ")") + ")")
                    .collect(Collectors.joining(", "));
            if (source.contains("u0 = ") || source.contains("= ")) continue;
            check(source, random);
        }
    }

    /** A large system of residuals: split into methods and loops, its Jacobian filled sparsely. */
    @Test
    void rosenbrockResidualsAtScale() {
        int n = 300;
        String residuals = IntStream.range(0, n - 1)
                .mapToObj(i -> "10*(x" + (i + 1) + " - x" + i + "^2), 1 - x" + i).collect(Collectors.joining(", "));
        Formula f = Formula.parse("x0*0\n" + residuals);  // x0*0 names x0 first, so inputs go in index order
        assertEquals(2 * (n - 1), f.outputs().size());
        CompiledJacobian j = f.derivatives().compileJacobian();
        assertEquals(3 * (n - 1), j.sparseRows().length, "three nonzeros per pair of residuals");
        double[] x = new Random(2).doubles(n, -2, 2).toArray();
        double[] y = new double[2 * (n - 1)];
        double[] nz = new double[j.sparseRows().length];
        j.sparseJacobian(x, y, nz);
        int[] rows = j.sparseRows();
        int[] cols = j.sparseColumns();
        for (int k = 0; k < nz.length; k++) {
            int i = rows[k] / 2;
            double expected = rows[k] % 2 == 1 ? -1 : cols[k] == i ? -20 * x[i] : 10;
            assertEquals(expected, nz[k], 1e-12, "entry " + rows[k] + "," + cols[k]);
        }
        check(String.join(", ", residuals), new Random(3));
    }

    /**
     * Broyden's tridiagonal system, n equations in n unknowns, each touching three: its Jacobian
     * is built, held and compiled by its 3n - 2 nonzeros, in either direction; n² = 4·10⁸ entries
     * would not fit, so the dense form refuses.
     */
    @Test
    void sparseSystemsCostTheirNonzeros() {
        int n = 20_000;
        String source = IntStream.range(0, n).mapToObj(i -> "(3 - 2*x" + i + ")*x" + i
                + (i > 0 ? " - x" + (i - 1) : "") + (i < n - 1 ? " - 2*x" + (i + 1) : "") + " + 1")
                .collect(Collectors.joining(", "));
        double[] x = new Random(4).doubles(n, -2, 2).toArray();
        for (Mode mode : List.of(Mode.FORWARD, Mode.REVERSE)) {
            Derivatives d = Formula.parse(source).derivatives(null, mode);
            assertTrue(d.operations()[1] < 8 * n, mode + ": " + d.operations()[1] + " operations");
            CompiledJacobian j = d.compileJacobian();
            int[] rows = j.sparseRows();
            int[] cols = j.sparseColumns();
            assertEquals(3 * n - 2, rows.length, mode.toString());
            double[] y = new double[n];
            double[] nz = new double[rows.length];
            j.sparseJacobian(x, y, nz);
            for (int k = 0; k < nz.length; k++) {
                int i = rows[k];
                double expected = cols[k] == i ? 3 - 4 * x[i] : cols[k] == i - 1 ? -1 : -2;
                assertTrue(Math.abs(cols[k] - i) <= 1, "entry " + i + "," + cols[k]);
                assertEquals(expected, nz[k], 1e-12, mode + ": entry " + i + "," + cols[k]);
            }
            assertArrayEquals(new int[] {0, 1}, d.jacobianSparsity(0));
            String message = assertThrows(UnsupportedOperationException.class,
                    () -> j.jacobian(x, y, new double[1])).getMessage();
            assertTrue(message.contains("400000000 entries; use sparseJacobian"), message);
        }
    }

    private static void check(String source, Random random) {
        Formula formula = Formula.parse(source);
        Derivatives d = formula.derivatives();
        CompiledJacobian j = d.compileJacobian();
        int m = formula.outputs().size();
        int n = formula.variables().size();
        for (int trial = 0; trial < 3; trial++) {
            double[] x = random.doubles(n, -2, 2).toArray();
            double[] y = new double[m];
            double[] jac = new double[m * n];
            double[] yi = new double[m];
            double[] jaci = new double[m * n];
            j.jacobian(x, y, jac);
            d.interpret(x, yi, jaci);
            assertArrayEquals(yi, y, source);
            assertArrayEquals(jaci, jac, source);
            double[] values = new double[m];
            j.values(x, values);
            assertArrayEquals(yi, values, source);
            double[] nz = new double[j.sparseRows().length];
            j.sparseJacobian(x, values, nz);
            for (int k = 0; k < nz.length; k++) {
                assertEquals(jac[j.sparseRows()[k] * n + j.sparseColumns()[k]], nz[k], 0, source);
            }
            double[] v = random.doubles(n, -1, 1).toArray();
            double[] u = random.doubles(m, -1, 1).toArray();
            double[] jv = new double[m];
            double[] uj = new double[n];
            j.jvp(x, v, jv);
            j.vjp(x, u, uj);
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += jac[i * n + k] * v[k];
                ModesTest.assertClose(sum, jv[i], source + ": J·v");
            }
            for (int k = 0; k < n; k++) {
                double sum = 0;
                for (int i = 0; i < m; i++) sum += u[i] * jac[i * n + k];
                ModesTest.assertClose(sum, uj[k], source + ": uᵀ·J");
            }
        }
    }
}
