package dev.derive.codegen;

/** Generated source texts of a chosen size, for scale tests. */
final class Sources {
    private Sources() {}

    /**
     * Extended Rosenbrock: the sum over i of the terms 100*(x[i+1]-x[i]^2)^2 + (1-x[i])^2, each
     * term in parentheses as the formula groups it, inputs x0..x(n-1).
     */
    static String rosenbrock(int n) {
        StringBuilder s = new StringBuilder("x0*0");
        for (int i = 0; i < n - 1; i++) {
            s.append(" + (100*(x").append(i + 1).append(" - x").append(i).append("^2)^2 + (1 - x")
             .append(i).append(")^2)");
        }
        return s.toString();
    }

    /** x0*x1*...*x(n-1). */
    static String product(int n) {
        StringBuilder s = new StringBuilder("x0");
        for (int i = 1; i < n; i++) s.append("*x").append(i);
        return s.toString();
    }

    /** x0^2 + x1^2 + ... */
    static String sumOfSquares(int n) {
        StringBuilder s = new StringBuilder("x0^2");
        for (int i = 1; i < n; i++) s.append(" + x").append(i).append("^2");
        return s.toString();
    }

    /** f(f(...f(x)...)), {@code depth} deep. */
    static String nested(String f, int depth) {
        return (f + "(").repeat(depth) + "x" + ")".repeat(depth);
    }
}
