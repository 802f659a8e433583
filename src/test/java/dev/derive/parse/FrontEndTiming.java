package dev.derive.parse;

import dev.derive.diff.ReverseMode;
import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import dev.derive.problems.Rosenbrock;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * A rough timing of the front end on extended Rosenbrock, written flat as the benchmarks
 * write it ({@link Rosenbrock}): parse and gradient seconds, the GC
 * time of each, and a fingerprint of the resulting graph, which must not change when the front
 * end is only made faster. Not a unit test; run it by hand:
 * {@code java -Xmx4g -XX:+UseParallelGC -cp target/derive.jar:target/test-classes
 * dev.derive.parse.FrontEndTiming 1000000}
 */
public final class FrontEndTiming {
    private FrontEndTiming() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String source = Rosenbrock.source(n, false);
        for (int round = 0; round < rounds; round++) {
            System.gc();
            long gcBefore = gcMillis();
            long allocatedBefore = allocatedBytes();
            long start = System.nanoTime();
            Program program = ProgramParser.parse(source);
            long parsed = System.nanoTime();
            long gcParsed = gcMillis();
            long allocatedParsed = allocatedBytes();
            List<Node> partials = ReverseMode.gradient(program.graph(), program.value(),
                    program.inputs());
            long differentiated = System.nanoTime();
            long gcDifferentiated = gcMillis();
            long allocatedDifferentiated = allocatedBytes();
            System.out.printf("n=%d parse %.2f s (GC %.2f s, %d MB allocated) | gradient %.2f s"
                    + " (GC %.2f s, %d MB allocated) | %d nodes, fingerprint %016x%n", n,
                    (parsed - start) / 1e9, (gcParsed - gcBefore) / 1e3,
                    (allocatedParsed - allocatedBefore) >> 20,
                    (differentiated - parsed) / 1e9, (gcDifferentiated - gcParsed) / 1e3,
                    (allocatedDifferentiated - allocatedParsed) >> 20,
                    program.graph().size(), fingerprint(program, partials));
        }
    }

    /** A hash of every node in id order, the inputs, the value and the partials. */
    static long fingerprint(Program program, List<Node> partials) {
        Graph graph = program.graph();
        long h = 1;
        for (int id = 0; id < graph.size(); id++) {
            Node n = graph.node(id);
            h = mix(h, n.id);
            h = mix(h, n.op.ordinal());
            h = mix(h, n.a == null ? -1 : n.a.id);
            h = mix(h, n.b == null ? -1 : n.b.id);
            h = mix(h, n.c == null ? -1 : n.c.id);
            h = mix(h, Double.doubleToLongBits(n.value));
            h = mix(h, n.name == null ? 0 : n.name.hashCode());
        }
        for (Node v : program.inputs()) h = mix(h, v.id);
        h = mix(h, program.value().id);
        for (Node p : partials) h = mix(h, p.id);
        return h;
    }

    private static long mix(long h, long v) {
        return (h + v) * 0x9E3779B97F4A7C15L ^ (h >>> 31);
    }

    /** Bytes allocated so far by every thread, the parser's own included. */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getTotalThreadAllocatedBytes();
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
