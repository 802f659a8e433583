package dev.derive.codegen.runtime;

/**
 * One compiled entry point: reads {@code in}, writes its outputs to {@code out0} and
 * {@code out1} (those it has; the others may be null), and returns its result (0 if it has
 * none). The API's compiled objects are made of kernels; calls allocate nothing.
 */
public interface Kernel {
    double run(double[] in, double[] out0, double[] out1);
}
