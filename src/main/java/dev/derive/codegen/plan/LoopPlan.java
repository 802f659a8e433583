package dev.derive.codegen.plan;

import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The schedule of a large plan cut into loops and straight-line stretches, with what each loop
 * must hand to the code after it.
 *
 * <p>Code after a loop that uses one of its nodes recomputes it if it is small ({@link
 * Recompute}), and reads it from the loop's tape otherwise: the loop stores that node of every
 * block in the scratch array. Gradient
 * entries computed in the same place of every block, at evenly spaced indices, are stored by
 * the loop itself. A loop that nothing uses, because every use recomputes its nodes, is not
 * run at all.
 */
public final class LoopPlan {
    /** {@code out[array][base + stride*j] = } the node at {@code offset} of block {@code j}. */
    public record Store(int offset, int array, int base, int stride) {}

    private final EntryPoint entry;
    private final List<Node> schedule;
    private final Recompute recompute;
    /** For each node id, the one output it is, by its index in {@link EntryPoint#outputs}; see {@link #outputIndex}. */
    private final int[] outputIndex;
    private List<Loop> loops;
    private List<List<Store>> stores;
    private boolean[] storedInLoop;
    private boolean[] live;
    private boolean[][] taped;
    private final int[] position;

    private LoopPlan(EntryPoint entry, Recompute recompute, int[] position) {
        this.entry = entry;
        this.schedule = entry.schedule();
        this.recompute = recompute;
        this.outputIndex = outputIndex(entry);
        this.position = position;
    }

    /**
     * @param position for each node id, its position in the plan's schedule, or -1
     * @param loops false to find no loops: the whole schedule is straight-line code
     */
    public static LoopPlan of(EntryPoint entry, Recompute recompute, int[] position, int[] inputIndex, boolean loops) {
        LoopPlan loopPlan = new LoopPlan(entry, recompute, position);
        loopPlan.settle(loops ? LoopFinder.find(loopPlan.schedule, position, inputIndex, recompute) : new ArrayList<>());
        return loopPlan;
    }

    public List<Loop> loops() {
        return loops;
    }

    /** The index in {@link #loops} of the loop computing node {@code id}, or -1. */
    public int loopOf(int id) {
        return position[id] < 0 ? -1 : Loop.covering(loops, position[id]);
    }

    public List<Store> stores(int loop) {
        return stores.get(loop);
    }

    public boolean isLive(int loop) {
        return live[loop];
    }

    /** Whether output {@code i} of {@link EntryPoint#outputs} is stored by a loop (never the result). */
    public boolean storedInLoop(int i) {
        return storedInLoop[i];
    }

    /**
     * Whether a use of {@code n} outside its loop recomputes it: it is small, and not on the
     * loop's tape, which code after the loop reads instead. Such a use does not need the loop
     * to have run; a use of a taped node does, even where it could be recomputed.
     */
    public boolean recomputed(Node n) {
        if (n.isLeaf()) return false;
        int loop = loopOf(n.id);
        return loop >= 0 && recompute.isSmall(n) && !taped(loop, offsetOf(loop, n));
    }

    private int offsetOf(int loop, Node n) {
        Loop l = loops.get(loop);
        return (position[n.id] - l.start()) % l.period();
    }

    /** Whether the loop keeps every block's node at {@code offset} on a tape, for code after it. */
    public boolean taped(int loop, int offset) {
        return taped[loop][offset];
    }

    /**
     * Marks what each loop must hand on: the offsets whose nodes later code uses and cannot
     * recompute go on a tape. A loop is live if it stores gradient entries or keeps a tape.
     */
    private void settle(List<Loop> found) {
        loops = found;
        findStores();
        taped = new boolean[loops.size()][];
        for (int i = 0; i < loops.size(); i++) taped[i] = new boolean[loops.get(i).period()];
        forEachOutsideUse(n -> {
            int loop = loopOf(n.id);
            if (loop >= 0 && !recompute.isSmall(n)) taped[loop][offsetOf(loop, n)] = true;
        });
        for (Loop loop : loops) {
            for (Loop.Arg[] template : loop.args()) {
                for (Loop.Arg arg : template) {
                    if (arg instanceof Loop.Taped t) taped[t.loop()][t.offset()] = true;
                }
            }
        }
        live = new boolean[loops.size()];
        for (int i = 0; i < loops.size(); i++) {
            live[i] = !stores.get(i).isEmpty();
            for (boolean t : taped[i]) live[i] |= t;
        }
    }

    private void findStores() {
        stores = new ArrayList<>();
        storedInLoop = new boolean[entry.outputs().size()];
        for (Loop loop : loops) stores.add(storesOf(loop));
    }

    /** The array entries a loop can store itself: evenly spaced in one array, one per block. */
    private List<Store> storesOf(Loop loop) {
        List<Store> result = new ArrayList<>();
        for (int t = 0; t < loop.period(); t++) {
            int first = outputIndex[loop.node(0, t).id];
            int second = outputIndex[loop.node(1, t).id];
            if (first < 0 || second < 0) continue;
            int[] target = entry.target(first);
            int stride = entry.target(second)[1] - target[1];
            boolean even = stride != 0;
            for (int j = 0; even && j < loop.count(); j++) {
                int output = outputIndex[loop.node(j, t).id];
                even = output >= 0 && entry.target(output)[0] == target[0]
                        && entry.target(output)[1] == target[1] + stride * j;
            }
            if (!even) continue;
            result.add(new Store(t, target[0], target[1], stride));
            for (int j = 0; j < loop.count(); j++) storedInLoop[outputIndex[loop.node(j, t).id]] = true;
        }
        return result;
    }

    /** Every non-leaf node used from outside the loop that computes it. */
    private void forEachOutsideUse(java.util.function.Consumer<Node> use) {
        int p = 0;
        int next = 0;
        while (p < schedule.size()) {
            if (next < loops.size() && loops.get(next).start() == p) {
                Loop loop = loops.get(next++);
                loop.outsideValues().forEach(use);
                p = loop.end();
                continue;
            }
            Node n = schedule.get(p++);
            for (int k = 0; k < n.op.arity; k++) if (!n.arg(k).isLeaf()) use.accept(n.arg(k));
        }
        List<Node> outputs = entry.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            if (!storedInLoop[i] && !outputs.get(i).isLeaf()) use.accept(outputs.get(i));
        }
    }

    /**
     * For each node id, the index in {@link EntryPoint#outputs} of the one array entry it is;
     * -1 for none or the result, -2 for a node that is several entries, which a loop cannot
     * store as one.
     */
    private static int[] outputIndex(EntryPoint entry) {
        int[] index = new int[entry.graph().size()];
        Arrays.fill(index, -1);
        List<Node> outputs = entry.outputs();
        for (int i = entry.result() == null ? 0 : 1; i < outputs.size(); i++) {
            int id = outputs.get(i).id;
            index[id] = index[id] == -1 ? i : -2;
        }
        if (entry.result() != null) index[entry.result().id] = -1;
        return index;
    }
}
