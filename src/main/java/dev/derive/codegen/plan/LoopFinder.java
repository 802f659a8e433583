package dev.derive.codegen.plan;

import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the runs of a schedule that repeat themselves, such as the terms of a long sum and the
 * matching steps of its gradient, so they can be emitted as {@link Loop}s.
 *
 * <p>A cheap signature per node (its operation and the kinds of its arguments) proposes a
 * period: the distance to the next node of the same signature. A rolling hash of signatures
 * rejects most proposals in constant time; the rest are checked exactly, block against block,
 * and a run is extended for as long as each block matches the one before it. Every position is
 * proposed at most a few periods, so the search is linear in the schedule.
 */
final class LoopFinder {
    private static final int PROPOSALS = 4;
    private static final long PRIME = 0x100000001B3L;

    private final List<Node> schedule;
    private final int[] position;
    private final int[] inputIndex;
    private final Recompute recompute;
    private final long[] prefix;
    private final long[] powers = new long[Limits.MAX_PERIOD + 1];
    private final int[] next;
    private final List<Loop> found = new ArrayList<>();

    private LoopFinder(List<Node> schedule, int[] position, int[] inputIndex, Recompute recompute) {
        this.schedule = schedule;
        this.position = position;
        this.inputIndex = inputIndex;
        this.recompute = recompute;
        int size = schedule.size();
        prefix = new long[size + 1];
        for (int i = 0; i < size; i++) prefix[i + 1] = prefix[i] * PRIME + signature(schedule.get(i));
        powers[0] = 1;
        for (int i = 1; i <= Limits.MAX_PERIOD; i++) powers[i] = powers[i - 1] * PRIME;
        next = nextSameSignature();
    }

    /**
     * The repeating runs of {@code schedule}, in order and not overlapping.
     *
     * @param position for each node id, its position in the schedule
     */
    static List<Loop> find(List<Node> schedule, int[] position, int[] inputIndex, Recompute recompute) {
        return new LoopFinder(schedule, position, inputIndex, recompute).find();
    }

    private List<Loop> find() {
        List<Loop> loops = found;
        int q = 0;
        while (q < schedule.size()) {
            Loop loop = loopAt(q);
            if (loop == null) {
                q++;
            } else {
                loops.add(loop);
                q = loop.end();
            }
        }
        return loops;
    }

    private Loop loopAt(int q) {
        int p = q;
        for (int proposal = 0; proposal < PROPOSALS; proposal++) {
            p = next[p];
            int period = p - q;
            if (p < 0 || period > Limits.MAX_PERIOD || q + Limits.MIN_BLOCKS * period > schedule.size()) return null;
            if (window(q, period) != window(p, period)) continue;
            Loop loop = extend(q, period);
            if (loop != null) return loop;
        }
        return null;
    }

    /** The longest run of matching blocks of {@code period} nodes from {@code q}, if long enough. */
    private Loop extend(int q, int period) {
        Loop.Arg[][] args = new Loop.Arg[period][];
        if (!matches(q, period, 0, args) || bodySize(args) > Limits.NODES_PER_METHOD) return null;
        int blocks = 2;
        while (q + (blocks + 1) * period <= schedule.size() && matches(q, period, blocks - 1, args)) {
            blocks++;
        }
        if (blocks < Limits.MIN_BLOCKS || blocks * period < Limits.MIN_LOOP_NODES) return null;
        for (Loop.Arg[] template : args) {
            for (int k = 0; k < template.length; k++) {
                if (template[k] instanceof Loop.Table table) template[k] = table.first(blocks);
            }
        }
        return new Loop(q, period, blocks, args, schedule);
    }

    /**
     * Whether block {@code j + 1} is block {@code j} shifted; block 0 against block 1 fills in
     * {@code args}, later pairs must agree with it.
     */
    private boolean matches(int q, int period, int j, Loop.Arg[][] args) {
        int from = q + j * period;
        for (int t = 0; t < period; t++) {
            Node u = schedule.get(from + t);
            Node v = schedule.get(from + period + t);
            if (u.op != v.op) return false;
            if (j == 0) args[t] = new Loop.Arg[u.op.arity];
            for (int k = 0; k < u.op.arity; k++) {
                Loop.Arg arg = relate(u.arg(k), v.arg(k), q, period, j);
                if (arg == null) return false;
                if (j == 0) {
                    args[t][k] = arg;
                } else if (args[t][k] instanceof Loop.Table || !agrees(args[t][k], arg)) {
                    if (!isConstant(args[t][k]) || !isConstant(arg)) return false;
                    args[t][k] = Loop.Table.extended(args[t][k], j + 1, v.arg(k).value);
                }
                if (args[t][k] instanceof Loop.Table && u.isSquare()) return false;
            }
        }
        return true;
    }

    private static boolean isConstant(Loop.Arg arg) {
        return arg instanceof Loop.Table || arg instanceof Loop.Fixed f && f.node().isConstant();
    }

    /**
     * How argument {@code va} of a node in block {@code j + 1} relates to argument {@code ua}
     * of the same node in block {@code j}, as the template's {@link Loop.Arg}; null if it does
     * not shift consistently. Parameters are stated as block 0 sees them, so pairs compare equal.
     */
    private Loop.Arg relate(Node ua, Node va, int q, int period, int j) {
        if (va.isConstant()) {
            if (!ua.isConstant()) return null;
            return ua == va ? new Loop.Fixed(va) : Loop.Table.extended(new Loop.Fixed(ua), 1, va.value);
        }
        if (va.isLeaf()) {
            if (ua.op != va.op) return null;
            int stride = inputIndex[va.id] - inputIndex[ua.id];
            return new Loop.Indexed(inputIndex[ua.id] - j * stride, stride);
        }
        int blockV = q + (j + 1) * period;
        int pv = position[va.id];
        int pu = ua.isLeaf() ? -1 : position[ua.id];
        if (pv >= blockV) return pu == pv - period ? new Loop.Local(pv - blockV) : null;
        if (pv >= blockV - period) {
            boolean carried = j == 0 ? pu < q : pu == pv - period;
            return carried ? new Loop.Carried(pv - (blockV - period), j == 0 ? ua : null) : null;
        }
        if (pv >= q) return null;
        if (ua == va) return new Loop.Fixed(va);
        if (recompute.isSmall(ua) && recompute.isSmall(va)) {
            int[] strides = recompute.strides(ua, va);
            if (strides != null) return new Loop.Recomputed(ua, strides);
        }
        return taped(pu, pv, j);
    }

    /**
     * The relation of two nodes of an earlier loop at the same offset, read from that loop's
     * tape; null if they are not that.
     */
    private Loop.Arg taped(int pu, int pv, int j) {
        int loop = pu < 0 ? -1 : Loop.covering(found, pu);
        if (loop < 0 || loop != Loop.covering(found, pv)) return null;
        Loop earlier = found.get(loop);
        int offset = (pu - earlier.start()) % earlier.period();
        if ((pv - earlier.start()) % earlier.period() != offset) return null;
        int blockU = (pu - earlier.start()) / earlier.period();
        int step = (pv - pu) / earlier.period();
        return new Loop.Taped(loop, offset, blockU - j * step, step);
    }

    /**
     * Whether a later pair's relation is block 0's: the same, but for what only block 0 knows
     * (a carried value's initial node, a recomputed expression's root).
     */
    private static boolean agrees(Loop.Arg first, Loop.Arg later) {
        if (first instanceof Loop.Carried c && later instanceof Loop.Carried d) return c.offset() == d.offset();
        if (first instanceof Loop.Recomputed r && later instanceof Loop.Recomputed s) return Arrays.equals(r.strides(), s.strides());
        return first.equals(later);
    }

    /**
     * An upper bound on the operations in the loop's method: the block, the expressions it
     * recomputes, and the values it loads before the loop, which may be recomputed too.
     */
    static int bodySize(Loop.Arg[][] args) {
        int size = args.length;
        for (Loop.Arg[] template : args) {
            for (Loop.Arg arg : template) {
                boolean outside = arg instanceof Loop.Fixed f && !f.node().isLeaf()
                        || arg instanceof Loop.Carried c && c.initial() != null && !c.initial().isLeaf();
                if (outside || arg instanceof Loop.Recomputed) size += Limits.RECOMPUTED_OPERATIONS;
            }
        }
        return size;
    }

    private long window(int from, int length) {
        return prefix[from + length] - prefix[from] * powers[length];
    }

    /**
     * For each position, the next position with the same signature, or -1. Signatures are few,
     * so an open-addressing table of them, kept at most half full, holds each one's last position.
     */
    private int[] nextSameSignature() {
        int[] result = new int[schedule.size()];
        long[] keys = new long[64];
        int[] last = new int[64];
        int used = 0;
        for (int i = schedule.size() - 1; i >= 0; i--) {
            long key = signature(schedule.get(i));
            int slot = slotOf(keys, last, key);
            result[i] = last[slot] - 1;
            if (last[slot] == 0) {
                keys[slot] = key;
                if (2 * ++used > keys.length) {
                    long[] oldKeys = keys;
                    int[] oldLast = last;
                    keys = new long[2 * oldKeys.length];
                    last = new int[keys.length];
                    for (int k = 0; k < oldKeys.length; k++) {
                        if (oldLast[k] != 0) {
                            int moved = slotOf(keys, last, oldKeys[k]);
                            keys[moved] = oldKeys[k];
                            last[moved] = oldLast[k];
                        }
                    }
                    slot = slotOf(keys, last, key);
                    keys[slot] = key;
                }
            }
            last[slot] = i + 1;
        }
        return result;
    }

    /** The slot of {@code key}, or the free slot where it belongs (positions are stored plus one, 0 is free). */
    private static int slotOf(long[] keys, int[] last, long key) {
        int mask = keys.length - 1;
        int slot = (int) (key ^ (key >>> 32)) & mask;
        while (last[slot] != 0 && keys[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    private static long signature(Node n) {
        long h = n.op.ordinal() + 1;
        for (int k = 0; k < n.op.arity; k++) {
            Node arg = n.arg(k);
            long kind = arg.isConstant() ? 0 : arg.isLeaf() ? 1 : 2;
            h = h * 0x9E3779B97F4A7C15L + kind;
        }
        return h ^ (h >>> 31);
    }
}
