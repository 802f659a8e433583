package dev.derive.indexed;

import dev.derive.graph.Affine;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference interpreter of {@link Step}s: slow, one node at a time, and the definition
 * compiled code is checked against, bit for bit (the same order of every sum, the same
 * operations from {@link Op#apply}).
 */
public final class Runner {
    private final Scopes scopes;
    private final Layout layout;
    private final List<String> names = new ArrayList<>();
    private final long[] values;
    private final double[] slots;
    private final double[][] arrays;
    private final int[] dims;
    private final double[] scalars;
    private final double[][] gradients;

    /**
     * @param arrays each array's elements, row-major, in {@link Layout} order
     * @param dims each array's rows and columns
     * @param sizes each size's value
     * @param scalars each scalar input's value
     * @param gradients where each differentiated array's gradient is added (null for the others)
     */
    private Runner(Scopes scopes, Layout layout, double[][] arrays, int[] dims, long[] sizes, double[] scalars,
                   double[][] gradients) {
        this.scopes = scopes;
        this.layout = layout;
        names.addAll(layout.sizes());
        names.addAll(scopes.indexing().loopVariables());
        this.values = new long[names.size()];
        System.arraycopy(sizes, 0, values, 0, sizes.length);
        this.slots = new double[scopes.graph().size()];
        this.arrays = arrays;
        this.dims = dims;
        this.scalars = scalars;
        this.gradients = gradients;
    }

    /**
     * Runs {@code steps} and returns the values of {@code results}; the differentiated arrays'
     * gradients are added into {@code gradients} (which the steps clear, {@link FirstWrites}).
     */
    public static double[] run(Scopes scopes, Layout layout, List<Step> steps, List<Node> results, double[][] arrays,
                               int[] dims, long[] sizes, double[] scalars, double[][] gradients) {
        Runner r = new Runner(scopes, layout, arrays, dims, sizes, scalars, gradients);
        r.steps(steps, null);
        double[] out = new double[results.size()];
        for (int k = 0; k < out.length; k++) out[k] = results.get(k) == null ? 0 : r.value(results.get(k));
        return out;
    }

    private void steps(List<Step> steps, Step.Loop in) {
        for (Step s : steps) {
            if (s instanceof Step.Compute c) {
                compute(c.node(), in);
            } else if (s instanceof Step.Loop l) {
                loop(l, in == null ? Chunking.of(l) : null);
            } else if (s instanceof Step.Scatter sc) {
                Indexing.Element e = sc.element();
                int a = layout.array(e.array());
                if (scopes.guarded(e)) {
                    if (inRange(e, a)) gradients[a][position(e, a)] += value(sc.value());
                    continue;
                }
                if (in == null || !in.reads().contains(e)) Bounds.check(e, a, null, 0, names, values, dims);
                if (sc.first()) gradients[a][position(e, a)] = 0.0 + value(sc.value());
                else gradients[a][position(e, a)] += value(sc.value());
            } else if (s instanceof Step.Clear clear) {
                double[] g = gradients[layout.array(clear.array())];
                long lo = clear.lo().evaluate(name -> values[names.indexOf(name)]);
                long hi = clear.hi().evaluate(name -> values[names.indexOf(name)]);
                for (int k = 0; k < g.length; k++) if (k < lo || k > hi) g[k] = 0;
            } else if (s instanceof Step.Check check) {
                boolean taken = true;
                for (Guards.Branch b : check.path()) taken &= b.taken(value(b.condition()));
                Indexing.Element e = check.element();
                if (taken) Bounds.check(e, layout.array(e.array()), null, 0, names, values, dims);
            } else if (s instanceof Step.Set set) {
                slots[set.slot().id] = value(set.value());
            } else if (s instanceof Step.Add add) {
                slots[add.slot().id] += value(add.value());
            }
        }
    }

    private void compute(Node n, Step.Loop in) {
        slots[n.id] = switch (scopes.kind(n)) {
            case CONSTANT -> n.value;
            case OPERATION -> n.op.apply(value(n.a), n.b == null ? 0 : value(n.b), n.c == null ? 0 : value(n.c));
            case SCALAR -> scalars[layout.scalar(n.name)];
            case SIZE, LOOP_VARIABLE -> values[names.indexOf(n.name)];
            case ELEMENT -> {
                Indexing.Element e = scopes.element(n);
                int a = layout.array(e.array());
                if (scopes.guarded(n)) yield inRange(e, a) ? arrays[a][position(e, a)] : 0.0;
                if (in == null || !in.reads().contains(e)) Bounds.check(e, a, null, 0, names, values, dims);
                yield arrays[a][position(e, a)];
            }
            case REDUCTION, SLOT -> throw new IllegalStateException(n + " is given its value by a loop or a slot step");
        };
    }

    /**
     * The value {@code n} has here. A constant is the same everywhere, so the steps may use it
     * before the step that computes it (compiled code loads constants where they are used): a
     * fused loop's adjoint can use a 2 that the planner first placed after the loop.
     */
    private double value(Node n) {
        return scopes.kind(n) == Scopes.Kind.CONSTANT ? n.value : slots[n.id];
    }

    private boolean inRange(Indexing.Element e, int a) {
        List<Affine> indexes = e.indexes();
        for (int k = 0; k < indexes.size(); k++) {
            long index = indexes.get(k).evaluate(name -> values[names.indexOf(name)]);
            if (index < 0 || index >= dims[2 * a + k]) return false;
        }
        return true;
    }

    private int position(Indexing.Element e, int a) {
        List<Affine> indexes = e.indexes();
        long i = indexes.get(0).evaluate(name -> values[names.indexOf(name)]);
        long j = indexes.size() > 1 ? indexes.get(1).evaluate(name -> values[names.indexOf(name)]) : 0;
        return Bounds.flat((int) i, (int) j, dims[2 * a + 1]);
    }

    /** The loop, in chunks if {@code chunks} is not null, each chunk's adjoints summed on their own. */
    private void loop(Step.Loop l, Chunking chunks) {
        int v = names.indexOf(l.variable());
        long lo = l.lo().evaluate(name -> values[names.indexOf(name)]);
        long hi = l.hi().evaluate(name -> values[names.indexOf(name)]);
        for (Indexing.Element e : l.reads()) {
            Bounds.loop(e, layout.array(e.array()), l.variable(), lo, hi, names, values, dims);
        }
        Indexing.Kind kind = l.kind();
        double total = l.reduces() ? Order.identity(kind) : 0;
        long per = chunks == null || hi < lo ? Long.MAX_VALUE : Order.blocksPerChunk(hi - lo + 1) * Order.BLOCK;
        double[] outer = null;
        double[][] targets = null;
        if (chunks != null) {
            outer = new double[chunks.slots().size()];
            for (int k = 0; k < outer.length; k++) outer[k] = slots[chunks.slots().get(k).id];
            targets = gradients.clone();
        }
        for (long chunk = lo; chunk <= hi; chunk = hi - chunk < per ? hi + 1 : chunk + per) {
            long last = hi - chunk < per ? hi : chunk + per - 1;
            if (chunks != null) beginChunk(chunks, targets);
            for (long start = chunk; start <= last; start += Order.BLOCK) {
                long end = Math.min(last, start + Order.BLOCK - 1);
                double[] lanes = new double[4];
                if (l.reduces()) java.util.Arrays.fill(lanes, Order.identity(kind));
                for (long i = start; i <= end; i++) {
                    values[v] = i;
                    steps(l.body(), l);
                    if (l.reduces()) {
                        int lane = (int) ((i - start) & 3);
                        lanes[lane] = Order.combine(kind, lanes[lane], value(l.term()));
                    }
                }
                if (l.reduces()) total = Order.combine(kind, total, Order.lanes(kind, lanes[0], lanes[1], lanes[2], lanes[3]));
            }
            if (chunks != null) endChunk(chunks, outer, targets);
        }
        if (chunks != null) {
            for (int k = 0; k < outer.length; k++) slots[chunks.slots().get(k).id] = outer[k];
            System.arraycopy(targets, 0, gradients, 0, gradients.length);
        }
        if (l.reduces()) slots[l.total().id] = hi < lo ? Order.empty(kind) : total;
    }

    /** A chunk's adjoints start at -0.0, its gradients in arrays of their own. */
    private void beginChunk(Chunking chunks, double[][] targets) {
        for (Node slot : chunks.slots()) slots[slot.id] = -0.0;
        for (String name : chunks.arrays()) {
            int a = layout.array(name);
            gradients[a] = new double[targets[a].length];
            java.util.Arrays.fill(gradients[a], -0.0);
        }
    }

    /** A chunk's sums added to the adjoints. */
    private void endChunk(Chunking chunks, double[] outer, double[][] targets) {
        for (int k = 0; k < outer.length; k++) outer[k] += slots[chunks.slots().get(k).id];
        for (String name : chunks.arrays()) {
            int a = layout.array(name);
            for (int e = 0; e < targets[a].length; e++) targets[a][e] += gradients[a][e];
        }
    }
}
