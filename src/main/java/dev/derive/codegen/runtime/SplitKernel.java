package dev.derive.codegen.runtime;

/**
 * An entry point split into classes of methods, run in order. Values pass between them through
 * a scratch array that each thread makes once, as a copy of the initial one (which holds the
 * tables of constants loops read), so calls allocate nothing after a thread's first.
 */
public final class SplitKernel implements Kernel {
    private final SplitClass[] classes;
    private final ThreadLocal<double[]> scratch;

    public SplitKernel(SplitClass[] classes, double[] initialScratch) {
        this.classes = classes;
        this.scratch = ThreadLocal.withInitial(initialScratch::clone);
    }

    @Override
    public double run(double[] in, double[] out0, double[] out1) {
        double[] s = scratch.get();
        for (SplitClass c : classes) c.run(in, s, out0, out1);
        return s[0];
    }
}
