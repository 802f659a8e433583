package dev.derive.codegen;

import dev.derive.problems.Rosenbrock;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Generated source texts for the code generator's tests: of a chosen size, and of every loop shape. */
public final class Sources {
    private Sources() {}

    /** Extended Rosenbrock, each term grouped as the formula groups it ({@link Rosenbrock}). */
    public static String rosenbrock(int n) {
        return Rosenbrock.source(n, true);
    }

    /** x0*x1*...*x(n-1). */
    public static String product(int n) {
        return "x0" + join("", n - 1, i -> "*x" + (i + 1));
    }

    /** x0^2 + x1^2 + ... */
    public static String sumOfSquares(int n) {
        return join(" + ", n, i -> "x" + i + "^2");
    }

    /** f(f(...f(x)...)), {@code depth} deep. */
    public static String nested(String f, int depth) {
        return (f + "(").repeat(depth) + "x" + ")".repeat(depth);
    }

    /** A logistic-regression loss over seeded data: three weights and a bias, the rows constants. */
    public static String logisticLoss(int rows) {
        java.util.Random random = new java.util.Random(3);
        return join(" + ", rows, r -> "log(1 + exp(-(" + random.nextGaussian() + "*w0 + "
                + random.nextGaussian() + "*w1 + " + random.nextGaussian() + "*w2 + " + (r % 2 == 0 ? "b" : "-b") + ")))");
    }

    /** Sources with repeated structure of every kind a loop handles, and some it must refuse. */
    public static Stream<String> structured() {
        return Stream.of(
                // a stencil whose neighbouring terms share exp(x[i+1])
                join(" + ", 300, i -> "exp(x" + i + ")*exp(x" + (i + 1) + ")"),
                // a value computed once and used by every term
                "s = sin(a)*b\n" + join(" + ", 300, i -> "s*x" + i + "^2 - cos(s + x" + i + ")"),
                // inputs two apart per term
                join(" + ", 300, i -> "(u" + i + " - v" + i + ")^2*u" + i),
                // an outer function, so the terms' adjoint is a computed value
                "log(" + join(" + ", 300, i -> "exp(x" + i + "*w)") + ")",
                // a chain that carries a value from step to step
                "t0 = x0\n" + join("\n", 300, i -> "t" + (i + 1) + " = tanh(t" + i + " + sin(x" + (i + 1) + "))")
                        + "\nt300*t300",
                // the last step's value used after the loop
                "p = " + product(300) + "\np + p*y",
                // a middle step's value used later, read from the loop's tape
                "a = " + join("*", 150, i -> "x" + i) + "\nb = a*" + join("*", 150, i -> "y" + i) + "\na*b + sin(a)",
                // just enough blocks for a loop, then a different tail
                join(" + ", 12, i -> "sin(x" + i + ")*cos(x" + i + ")*exp(x" + i + ")*x" + i + "^3") + " + z*z",
                // the same gradient entry in several places
                join(" + ", 200, i -> "(x" + i + " + y)^2"),
                // terms whose constants differ: a loop reading a table of them
                join(" + ", 200, i -> (i % 7 + 1) + "*x" + i + "^2"),
                logisticLoss(300),
                Rosenbrock.source(300, false),
                // exponents that differ, among them squares, which are emitted apart
                join(" + ", 100, i -> "x" + i + "^" + (i % 3 + 1) + " + sin(x" + i + ")"),
                // a piecewise term, its branches and its conditions repeated
                join(" + ", 200, i -> "if(x" + i + " > 0, sqrt(x" + i + "), x" + i + "^2)"));
    }

    static String join(String separator, int count, IntFunction<String> term) {
        return IntStream.range(0, count).mapToObj(term).collect(Collectors.joining(separator));
    }
}
