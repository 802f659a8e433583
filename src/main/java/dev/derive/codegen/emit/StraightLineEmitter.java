package dev.derive.codegen.emit;

import dev.derive.codegen.plan.Limits;
import dev.derive.codegen.plan.Recompute;
import dev.derive.graph.Node;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;

/**
 * Emits straight-line code into one method: each node computed once, in the order given, its
 * value kept in a local of its own. A node computed by another method is read from its slot in
 * the scratch array; inputs come from the input array, or from a double parameter for
 * one-input functions.
 */
final class StraightLineEmitter {
    private final GeneratorAdapter m;
    private final int[] inputIndex;
    private final int inputArg;
    private final boolean scalarInput;
    private final int scratchArg;
    private final int[] scratchSlots;
    private final Map<Node, Integer> locals = new HashMap<>();
    private int recomputing;

    /**
     * @param inputArg the argument holding the inputs: a double[] or, if {@code scalarInput}, a double
     * @param inputIndex for each node id, the input array index of that variable
     * @param scratchArg the argument holding the scratch array, or -1 if there is none
     * @param scratchSlots for each node id, its scratch slot, or 0 for none (null if no scratch)
     */
    StraightLineEmitter(GeneratorAdapter m, int[] inputIndex, int inputArg,
                 boolean scalarInput, int scratchArg, int[] scratchSlots) {
        this.m = m;
        this.inputIndex = inputIndex;
        this.inputArg = inputArg;
        this.scalarInput = scalarInput;
        this.scratchArg = scratchArg;
        this.scratchSlots = scratchSlots;
    }

    /** Computes {@code n} from its operands and keeps it in a new local. Stack: unchanged. */
    void compute(Node n) {
        for (int k = 0; k < NodeEmitter.operands(n); k++) load(n.arg(k));
        NodeEmitter.apply(m, n);
        int local = m.newLocal(Type.DOUBLE_TYPE);
        m.storeLocal(local);
        locals.put(n, local);
    }

    /** Stack: → the value of {@code n}. */
    void load(Node n) {
        switch (n.op) {
            case CONST -> m.push(n.value);
            case VAR -> loadInput(n);
            default -> {
                Integer local = locals.get(n);
                if (local != null) {
                    m.loadLocal(local);
                } else if (recomputing == 0 && scratchSlots != null && scratchSlots[n.id] != 0) {
                    m.loadArg(scratchArg);
                    m.push(scratchSlots[n.id]);
                    m.arrayLoad(Type.DOUBLE_TYPE);
                } else {
                    recompute(n);
                    m.loadLocal(locals.get(n));
                }
            }
        }
    }

    /** array[index] = the value of {@code n}, where the array is argument {@code arrayArg}. Stack: unchanged. */
    void store(int arrayArg, int index, Node n) {
        m.loadArg(arrayArg);
        m.push(index);
        load(n);
        m.arrayStore(Type.DOUBLE_TYPE);
    }

    /**
     * Computes here a node that has no local and no scratch slot: a small expression of inputs
     * that a loop computes, recomputed rather than stored (see {@link Recompute}); its depth is
     * at most {@link Limits#RECOMPUTED_OPERATIONS}, the most operations such an expression has. It is
     * computed from the inputs alone, never from a tape, so it can be used before the loop
     * that computes it has run (code moved ahead of a fused loop does).
     */
    private void recompute(Node n) {
        if (++recomputing > Limits.RECOMPUTED_OPERATIONS) {
            throw new IllegalStateException("no value for " + n + " in this method");
        }
        compute(n);
        recomputing--;
    }

    /** Copies {@code n}'s value to its scratch slot, for methods that run later. Stack: unchanged. */
    void publish(Node n) {
        store(scratchArg, slotOf(n), n);
    }

    private void loadInput(Node v) {
        if (scalarInput) {
            m.loadArg(inputArg);
            return;
        }
        m.loadArg(inputArg);
        m.push(inputIndex[v.id]);
        m.arrayLoad(Type.DOUBLE_TYPE);
    }

    private int slotOf(Node n) {
        int slot = scratchSlots == null ? 0 : scratchSlots[n.id];
        if (slot == 0) throw new IllegalStateException("no scratch slot for " + n);
        return slot;
    }
}
