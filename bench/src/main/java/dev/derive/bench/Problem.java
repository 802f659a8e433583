package dev.derive.bench;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * One benchmark function: its text in derive's language, and the same function written by hand
 * in Java, with a hand-written reverse-mode gradient and a Hipparchus forward-mode version.
 * Variables are in this problem's own order ({@link #names()}); the harness maps it to the order
 * derive reports. Instances keep scratch arrays, so each is used by one thread.
 */
public abstract class Problem {
    /** The name used in {@code -p problem=...} and in the table. */
    public abstract String name();

    /** What the row is, for the table. */
    public abstract String description();

    /** The number of input variables. */
    public abstract int size();

    /** The input variables, in the order of {@link #point()} and of the hand-written gradient. */
    public abstract String[] names();

    /** The text in derive's language. */
    public abstract String source();

    /** The text for exp4j (the same expression; derive's text by default). */
    public String exp4jSource() {
        return source();
    }

    /** The point every method is measured at (seeded, so every run uses the same inputs). */
    public abstract double[] point();

    /** The function, hand-written. */
    public abstract double value(double[] x);

    /** The value, and the gradient into {@code g}, hand-written in reverse-mode style. */
    public abstract double gradient(double[] x, double[] g);

    /** The function on Hipparchus forward-mode {@link Gradient}s. */
    public abstract Gradient forward(Gradient[] x);
}
