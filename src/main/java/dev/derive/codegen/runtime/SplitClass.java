package dev.derive.codegen.runtime;

/**
 * One generated class of a function too large for one method: it runs its share of the
 * computation, reading inputs from {@code x}, passing values between parts through
 * {@code scratch}, and writing partials to {@code gradient} (null when only the value is asked).
 */
public interface SplitClass {
    void run(double[] x, double[] scratch, double[] gradient);
}
