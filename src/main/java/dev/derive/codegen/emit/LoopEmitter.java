package dev.derive.codegen.emit;

import dev.derive.codegen.plan.Loop;
import dev.derive.codegen.plan.LoopPlan;
import dev.derive.codegen.plan.Recompute;
import dev.derive.graph.Node;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * Emits a {@link Loop} into one method of a split class ({@code (in, scratch, out0, out1)}):
 * values from before the loop are loaded once, then the template block runs once per block
 * with a counter {@code j}, storing the gradient entries it owns and writing the nodes later
 * code reads to their tapes in the scratch array.
 */
final class LoopEmitter {
    private static final int INPUTS = 0;
    private static final int SCRATCH = 1;
    private static final int FIRST_OUTPUT = 2;

    private final GeneratorAdapter m;
    private final LoopPlan loopPlan;
    private final int index;
    private final Loop loop;
    private final int[] slots;
    private final Map<Loop.Table, Integer> tableSlots;
    private final StraightLineEmitter outside;
    private final int[] inputIndex;
    private final int[] current;
    /**
     * The local holding each carried argument's value from the previous block. Two arguments
     * may carry the same offset yet start from different values in block 0, so each distinct
     * (offset, initial value) pair has a local of its own.
     */
    private final Map<Loop.Carried, Integer> carried = new LinkedHashMap<>();
    private final Map<Node, Integer> fixed = new IdentityHashMap<>();
    private Map<String, Integer> recomputed;
    private int counter;

    /**
     * @param index the loop's index in {@code loopPlan}
     * @param outside loads values computed before the loop, in this method
     * @param slots for each node id, its scratch slot: taped nodes have one per block
     * @param tableSlots the first scratch slot of each table of constants
     */
    LoopEmitter(GeneratorAdapter m, LoopPlan loopPlan, int index, StraightLineEmitter outside, int[] inputIndex,
             int[] slots, Map<Loop.Table, Integer> tableSlots) {
        this.m = m;
        this.loopPlan = loopPlan;
        this.index = index;
        this.loop = loopPlan.loops().get(index);
        this.slots = slots;
        this.tableSlots = tableSlots;
        this.outside = outside;
        this.inputIndex = inputIndex;
        this.current = new int[loop.period()];
    }

    /**
     * LoopFinder as one loop whose body runs each one's block in turn, for as many blocks as they all
     * have, then the rest of any longer one alone: none may read what another computes. Running
     * independent work side by side lets the processor overlap it, such as a sum's chain of
     * additions with a gradient's arithmetic. Stack: unchanged.
     */
    static void emit(GeneratorAdapter m, List<LoopEmitter> loops) {
        for (LoopEmitter loop : loops) loop.loadBeforeLoop();
        int counter = m.newLocal(Type.INT_TYPE);
        m.push(0);
        m.storeLocal(counter);
        for (LoopEmitter loop : loops) loop.startBody(counter);
        int common = loops.stream().mapToInt(l -> l.loop.count()).min().orElseThrow();
        repeat(m, loops, counter, common);
        for (LoopEmitter loop : loops) {
            if (loop.loop.count() > common) repeat(m, List.of(loop), counter, loop.loop.count());
        }
    }

    /** Runs the blocks of {@code loops} side by side while {@code counter} is below {@code until}. */
    private static void repeat(GeneratorAdapter m, List<LoopEmitter> loops, int counter, int until) {
        Label body = m.mark();
        for (LoopEmitter loop : loops) loop.block();
        for (LoopEmitter loop : loops) loop.carryOver();
        m.iinc(counter, 1);
        m.loadLocal(counter);
        m.push(until);
        m.ifICmp(GeneratorAdapter.LT, body);
    }

    private void startBody(int counter) {
        this.counter = counter;
        for (int t = 0; t < loop.period(); t++) current[t] = m.newLocal(Type.DOUBLE_TYPE);
    }

    /** One block: its nodes, its tape entries and its gradient entries. */
    private void block() {
        recomputed = new HashMap<>();
        for (int t = 0; t < loop.period(); t++) {
            computeTemplate(t);
            if (loopPlan.taped(index, t)) storeOnTape(t);
        }
        for (LoopPlan.Store store : loopPlan.stores(index)) storeOutput(store);
    }

    /** Puts constants aside, loads fixed values, and sets carried values to their initial ones. */
    private void loadBeforeLoop() {
        for (Loop.Arg[] args : loop.args()) {
            for (Loop.Arg arg : args) {
                if (arg instanceof Loop.Fixed f && !f.node().isConstant() && !fixed.containsKey(f.node())) {
                    outside.load(f.node());
                    int local = m.newLocal(Type.DOUBLE_TYPE);
                    m.storeLocal(local);
                    fixed.put(f.node(), local);
                } else if (arg instanceof Loop.Carried c && !carried.containsKey(c)) {
                    outside.load(c.initial());
                    int local = m.newLocal(Type.DOUBLE_TYPE);
                    m.storeLocal(local);
                    carried.put(c, local);
                }
            }
        }
    }

    private void computeTemplate(int t) {
        Node n = loop.node(0, t);
        Loop.Arg[] args = loop.args()[t];
        for (int k = 0; k < NodeEmitter.operands(n); k++) load(args[k]);
        NodeEmitter.apply(m, n);
        m.storeLocal(current[t]);
    }

    /** Stack: → this block's value of the argument. */
    private void load(Loop.Arg arg) {
        if (arg instanceof Loop.Fixed f) {
            if (f.node().isConstant()) m.push(f.node().value);
            else m.loadLocal(fixed.get(f.node()));
        } else if (arg instanceof Loop.Indexed i) {
            loadInput(i.base(), i.stride());
        } else if (arg instanceof Loop.Local l) {
            m.loadLocal(current[l.offset()]);
        } else if (arg instanceof Loop.Carried c) {
            m.loadLocal(carried.get(c));
        } else if (arg instanceof Loop.Table table) {
            m.loadArg(SCRATCH);
            pushIndex(tableSlots.get(table), 1);
            m.arrayLoad(Type.DOUBLE_TYPE);
        } else if (arg instanceof Loop.Recomputed r) {
            loadRecomputed(r);
        } else {
            loadTaped((Loop.Taped) arg);
        }
    }

    /** Stack: → x[base + stride*j]. */
    private void loadInput(int base, int stride) {
        m.loadArg(INPUTS);
        pushIndex(base, stride);
        m.arrayLoad(Type.DOUBLE_TYPE);
    }

    /** Stack: → base + stride*j. */
    private void pushIndex(int base, int stride) {
        m.push(base);
        if (stride != 0) {
            m.loadLocal(counter);
            if (stride != 1) {
                m.push(stride);
                m.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            }
            m.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
    }

    /** Stack: → the small expression's value in this block, computed at its first use in the block. */
    private void loadRecomputed(Loop.Recomputed r) {
        String key = r.root().id + Arrays.toString(r.strides());
        Integer local = recomputed.get(key);
        if (local == null) {
            List<Node> inputs = Recompute.inputs(r.root());
            Map<Node, Integer> strideOf = new IdentityHashMap<>();
            for (int k = 0; k < inputs.size(); k++) strideOf.put(inputs.get(k), r.strides()[k]);
            local = computeShifted(r.root(), strideOf, new IdentityHashMap<>());
            recomputed.put(key, local);
        }
        m.loadLocal(local);
    }

    /** Computes a small expression with its inputs shifted to this block; returns its local. */
    private int computeShifted(Node n, Map<Node, Integer> strideOf, Map<Node, Integer> done) {
        Integer known = done.get(n);
        if (known != null) return known;
        for (int k = 0; k < n.op.arity; k++) {
            Node arg = n.arg(k);
            if (!arg.isLeaf()) computeShifted(arg, strideOf, done);
        }
        for (int k = 0; k < NodeEmitter.operands(n); k++) loadShifted(n.arg(k), strideOf, done);
        NodeEmitter.apply(m, n);
        int local = m.newLocal(Type.DOUBLE_TYPE);
        m.storeLocal(local);
        done.put(n, local);
        return local;
    }

    private void loadShifted(Node n, Map<Node, Integer> strideOf, Map<Node, Integer> done) {
        if (n.isConstant()) m.push(n.value);
        else if (n.isLeaf()) loadInput(inputIndex[n.id], strideOf.get(n));
        else m.loadLocal(done.get(n));
    }

    /** out[array][base + stride*j] = the template node's value. */
    private void storeOutput(LoopPlan.Store store) {
        m.loadArg(FIRST_OUTPUT + store.array());
        pushIndex(store.base(), store.stride());
        m.loadLocal(current[store.offset()]);
        m.arrayStore(Type.DOUBLE_TYPE);
    }

    /** From block 1 on, every carried argument is the previous block's node at its offset. */
    private void carryOver() {
        carried.forEach((c, local) -> {
            m.loadLocal(current[c.offset()]);
            m.storeLocal(local);
        });
    }

    /** scratch[tape + j] = the template node's value. */
    private void storeOnTape(int t) {
        m.loadArg(SCRATCH);
        pushIndex(slots[loop.node(0, t).id], 1);
        m.loadLocal(current[t]);
        m.arrayStore(Type.DOUBLE_TYPE);
    }

    /** Stack: → the earlier loop's taped value for this block. */
    private void loadTaped(Loop.Taped taped) {
        Loop earlier = loopPlan.loops().get(taped.loop());
        m.loadArg(SCRATCH);
        pushIndex(slots[earlier.node(taped.block(), taped.offset()).id], taped.step());
        m.arrayLoad(Type.DOUBLE_TYPE);
    }
}
