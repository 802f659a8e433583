package dev.derive.codegen.runtime;

/**
 * One generated class of an entry point too large for one method: it runs its share of the
 * computation, reading inputs from {@code in}, passing values between methods and classes
 * through {@code scratch} (whose slot 0 receives the result), and writing {@code out0} and
 * {@code out1} (either may be null when the entry point does not write it).
 */
public interface SplitClass {
    void run(double[] in, double[] scratch, double[] out0, double[] out1);
}
