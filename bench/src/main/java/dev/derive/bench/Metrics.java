package dev.derive.bench;

import dev.derive.CompiledFunction;
import dev.derive.CompiledGradient;
import dev.derive.Derivatives;
import dev.derive.Formula;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The one-off numbers for one problem, measured once in a fresh JVM (so they are what a user
 * sees on first use): parse, differentiate and compile times, first-call times, graph sizes and
 * memory. Then every method is checked against the hand-written Java, and the run stops if one
 * disagrees. Prints {@code key=value} lines for {@link RunAll}.
 * Usage: {@code java -Xmx4g -cp benchmarks.jar dev.derive.bench.Metrics PROBLEM}
 */
public final class Metrics {
    private Metrics() {}

    public static void main(String[] args) {
        Problem p = Problems.byName(args[0]);
        Subject s = new Subject(p);
        String source = p.source();
        out("source_chars", source.length());

        long base = usedAfterGc();
        long metaBase = metaspace();
        resetPeaks();
        long t0 = System.nanoTime();
        Formula formula = Formula.parse(source);
        source = null;
        long t1 = System.nanoTime();
        int functionNodes = formula.nodes();
        Derivatives partials = formula.derivatives();
        long t2 = System.nanoTime();
        CompiledGradient gradient = partials.compile();
        long t3 = System.nanoTime();
        CompiledFunction function = formula.compile();
        long t4 = System.nanoTime();
        int gradientNodes = formula.nodes();
        long peak = peakHeap();
        out("parse_s", (t1 - t0) / 1e9);
        out("differentiate_s", (t2 - t1) / 1e9);
        out("compile_gradient_s", (t3 - t2) / 1e9);
        out("compile_value_s", (t4 - t3) / 1e9);
        out("nodes_function", functionNodes);
        out("nodes_with_gradient", gradientNodes);
        long limit = Runtime.getRuntime().maxMemory();
        out("peak_heap_mb", (Math.min(peak, limit) - base) / 1e6);
        out("peak_heap_at_limit", peak >= limit);

        int[] permF = Subject.permutation(function.variables(), s.names);
        int[] permG = Subject.permutation(gradient.variables(), s.names);
        double[] xf = Subject.toDerive(s.x, permF);
        double[] xg = Subject.toDerive(s.x, permG);
        double[] g = new double[xg.length];
        long c0 = System.nanoTime();
        double v = function.value(xf);
        long c1 = System.nanoTime();
        double vg = gradient.valueAndGradient(xg, g);
        long c2 = System.nanoTime();
        out("first_value_s", (c1 - c0) / 1e9);
        out("first_gradient_s", (c2 - c1) / 1e9);

        formula = null;
        partials = null;
        long retained = usedAfterGc() - base;
        out("retained_mb", retained / 1e6);
        out("metaspace_mb", (metaspace() - metaBase) / 1e6);

        // every method computes the same function as the hand-written Java
        s.checkValue("derive's compiled function", v);
        s.check("derive's compiled value-and-gradient", vg, Subject.fromDerive(g, permG));
        out("check_derive", "ok");
        if (Plan.notRun("gradient_hipparchus", p) == null) {
            double[] gh = new double[xg.length];
            s.check("Hipparchus forward mode", Subject.hipparchus(p, s.x.clone(), gh), gh);
            out("check_hipparchus", "ok");
        }
        for (boolean withGradient : new boolean[] {false, true}) {
            double[] r = s.interpreter(withGradient).evaluate();
            double[] gi = null;
            if (withGradient) {
                gi = new double[xg.length];
                System.arraycopy(r, 1, gi, 0, gi.length);
            }
            s.check("derive's interpreter", r[0], gi);
        }
        out("check_interpreter", "ok");
        if (Plan.notRun("value_exp4j", p) == null) {
            s.checkValue("exp4j", s.exp4j().evaluate());
            out("check_exp4j", "ok");
        }
        if (Plan.notRun("gradient_fd", p) == null) {
            double[] gf = new double[xf.length];
            double fv = Subject.finiteDifferences(function, xf.clone(), gf);
            s.checkValue("finite differences", fv);
            out("fd_max_relative_error", s.maxRelativeError(Subject.fromDerive(gf, permF)));
        }
        if (function.value(xf) == 42 && gradient.value(xg) == 42) System.out.print(""); // keep both reachable
    }

    static void out(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) used += pool.getUsage().getUsed();
        }
        return used;
    }

    /** Class metadata in use: where the generated hidden classes live. */
    static long metaspace() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) used += pool.getUsage().getUsed();
        }
        return used;
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    }

    /** The sum of the heap pools' peaks since the reset: an upper bound on the peak heap in use. */
    static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }
}
