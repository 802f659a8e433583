package dev.derive.problems;

/**
 * Extended Rosenbrock, the sum over i of 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2: its source
 * text and its value and gradient written by hand. One copy, compiled into both derive's tests
 * and the benchmarks.
 *
 * <p>Grouped, each term is in parentheses as the formula groups it, and the sum adds one term
 * at a time; flat, the sum adds the term's two parts one after the other, which is what the
 * benchmarks time. The hand-written code adds in the same order as the text, so its value is
 * the same double.
 */
public final class Rosenbrock {
    private Rosenbrock() {}

    /**
     * The source with inputs x0..x(n-1). It starts with {@code x0*0}, which is 0 and simplified
     * away, so that x0 is the first input rather than x1 (inputs are ordered by first appearance).
     */
    public static String source(int n, boolean grouped) {
        StringBuilder s = new StringBuilder(n * 42).append("x0*0");
        for (int i = 0; i < n - 1; i++) {
            s.append(grouped ? " + (" : " + ");
            s.append("100*(x").append(i + 1).append(" - x").append(i).append("^2)^2 + (1 - x").append(i).append(")^2");
            if (grouped) s.append(')');
        }
        return s.toString();
    }

    /** The value at {@code x}, added up as {@link #source} adds it. */
    public static double value(double[] x, boolean grouped) {
        double sum = 0;
        for (int i = 0; i < x.length - 1; i++) {
            sum = add(sum, x[i + 1] - x[i] * x[i], 1 - x[i], grouped);
        }
        return sum;
    }

    /** The value, and the gradient into {@code g}, in one pass as reverse mode computes them. */
    public static double gradient(double[] x, double[] g, boolean grouped) {
        double sum = 0;
        g[0] = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum = add(sum, a, b, grouped);
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] = 200 * a;
        }
        return sum;
    }

    /** The sum with the term 100*a^2 + b^2 added: as one term, or flat, its two parts in turn. */
    private static double add(double sum, double a, double b, boolean grouped) {
        return grouped ? sum + (100 * (a * a) + b * b) : sum + 100 * (a * a) + b * b;
    }
}
