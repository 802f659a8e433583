package dev.derive.codegen.plan;

import dev.derive.codegen.Options;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * A function too large for one method, cut into methods: its repeated runs as loops
 * ({@link LoopPlan}), fused where they may be ({@link Fusion}), the rest as straight-line
 * stretches of at most {@link Limits#NODES_PER_METHOD} operations, counting what they
 * recompute, and the outputs written by methods of their own. Values pass between methods
 * through a scratch array: this gives a slot to each value used by a later method, a run of
 * slots to each tape and each table of constants, and slot 0 to the result.
 */
public final class MethodPlan {
    /** What one method does, in order. */
    public sealed interface Body permits Straight, Loops, Outputs {}

    /** Computes these nodes, none of them a loop's. */
    public record Straight(List<Node> nodes) implements Body {}

    /** Runs these loops (indexes into {@link LoopPlan#loops}): one, or two fused. */
    public record Loops(List<Integer> loops) implements Body {}

    /** Writes these outputs (indexes into {@link EntryPoint#outputs}): 0 is the result, i the gradient's i - 1. */
    public record Outputs(List<Integer> outputs) implements Body {}

    private final EntryPoint entry;
    private final Options options;
    private final LoopPlan loopPlan;
    private final int[] position;
    /** For each node id, its scratch slot, or 0 for none. */
    private final int[] slots;
    /** The first scratch slot of each table of constants. */
    private final Map<Loop.Table, Integer> tableSlots = new IdentityHashMap<>();
    private final List<Body> bodies = new ArrayList<>();
    private int slotCount;

    private MethodPlan(EntryPoint entry, Options options) {
        this.entry = entry;
        this.options = options;
        this.position = entry.positions();
        int[] inputIndex = entry.inputIndex();
        Recompute recompute = new Recompute(entry.graph().size(), inputIndex, options.recompute());
        this.loopPlan = LoopPlan.of(entry, recompute, position, inputIndex, options.loops());
        this.slots = new int[entry.graph().size()];
    }

    public static MethodPlan of(EntryPoint entry, Options options) {
        MethodPlan plan = new MethodPlan(entry, options);
        plan.cutIntoMethods();
        plan.assignTapes();
        plan.assignTables();
        plan.assignSlots();
        return plan;
    }

    public EntryPoint entry() {
        return entry;
    }

    public LoopPlan loopPlan() {
        return loopPlan;
    }

    /** The methods, in the order they run. */
    public List<Body> bodies() {
        return bodies;
    }

    /** For each node id, its scratch slot, or 0 for none; a taped node's is its block's. */
    public int[] slots() {
        return slots;
    }

    /** The first scratch slot of each table of constants a loop reads. */
    public Map<Loop.Table, Integer> tableSlots() {
        return tableSlots;
    }

    /** The scratch array as it must be before the first call: zeros, and the tables of constants. */
    public double[] initialScratch() {
        double[] scratch = new double[slotCount + 1];
        for (Map.Entry<Loop.Table, Integer> table : tableSlots.entrySet()) {
            double[] values = table.getKey().values();
            System.arraycopy(values, 0, scratch, table.getValue(), values.length);
        }
        return scratch;
    }

    /**
     * The methods in order: each live loop, fused with the next live one where that is allowed,
     * the nodes between loops in bounded stretches, then the outputs no loop stores.
     */
    private void cutIntoMethods() {
        List<Node> schedule = entry.schedule();
        List<Loop> loops = loopPlan.loops();
        int p = 0;
        for (int i = 0; i < loops.size(); i++) {
            addStraight(schedule.subList(p, loops.get(i).start()));
            p = loops.get(i).end();
            if (!loopPlan.isLive(i)) continue;
            int next = i + 1;
            while (next < loops.size() && !loopPlan.isLive(next)) next++;
            Fusion fusion = options.fusion() && next < loops.size() ? Fusion.of(loopPlan, i, next, schedule) : null;
            if (fusion == null) {
                bodies.add(new Loops(List.of(i)));
                continue;
            }
            addStraight(fusion.before());
            bodies.add(new Loops(List.of(i, next)));
            addStraight(fusion.after());
            i = next;
            p = loops.get(next).end();
        }
        addStraight(schedule.subList(p, schedule.size()));
        List<Integer> outputs = new ArrayList<>();
        for (int i = 0; i < entry.outputs().size(); i++) if (!loopPlan.storedInLoop(i)) outputs.add(i);
        for (List<Integer> group : bounded(outputs, i -> 1 + recomputeCost(entry.outputs().get(i)))) {
            bodies.add(new Outputs(group));
        }
    }

    /** Adds the nodes no loop computes as methods of bounded size (a dead loop's are recomputed where used). */
    private void addStraight(List<Node> nodes) {
        List<Node> straight = new ArrayList<>(nodes.size());
        for (Node n : nodes) if (loopPlan.loopOf(n.id) < 0) straight.add(n);
        for (List<Node> group : bounded(straight, this::cost)) bodies.add(new Straight(group));
    }

    /**
     * {@code items} cut into consecutive groups whose costs, in half-operations, sum to at most
     * twice {@link Limits#NODES_PER_METHOD} (a group of one may cost more).
     */
    private static <T> List<List<T>> bounded(List<T> items, ToIntFunction<T> cost) {
        List<List<T>> groups = new ArrayList<>();
        int from = 0;
        int sum = 0;
        for (int i = 0; i < items.size(); i++) {
            int next = cost.applyAsInt(items.get(i));
            if (sum + next > 2 * Limits.NODES_PER_METHOD && i > from) {
                groups.add(items.subList(from, i));
                from = i;
                sum = 0;
            }
            sum += next;
        }
        if (from < items.size()) groups.add(items.subList(from, items.size()));
        return groups;
    }

    /**
     * What a node costs a straight-line method, in half-operations: itself, and the loop nodes
     * it recomputes (an upper bound, as each is recomputed once per method).
     */
    private int cost(Node n) {
        int cost = 2;
        for (int k = 0; k < n.op.arity; k++) cost += recomputeCost(n.arg(k));
        return cost;
    }

    private int recomputeCost(Node n) {
        return loopPlan.recomputed(n) ? 2 * Limits.RECOMPUTED_OPERATIONS : 0;
    }

    /**
     * Gives a scratch slot to each straight-line node used outside the method that computes it.
     * Methods are numbered from 1; outputs count as written by a method of their own (-1).
     */
    private void assignSlots() {
        int[] methodAt = new int[entry.schedule().size()];
        for (int m = 0; m < bodies.size(); m++) {
            if (bodies.get(m) instanceof Straight s) {
                for (Node n : s.nodes()) methodAt[position[n.id]] = m + 1;
            }
        }
        for (int m = 0; m < bodies.size(); m++) {
            Body body = bodies.get(m);
            if (body instanceof Straight s) {
                for (Node n : s.nodes()) {
                    for (int k = 0; k < n.op.arity; k++) use(n.arg(k), m + 1, methodAt);
                }
            } else if (body instanceof Loops l) {
                for (int loop : l.loops()) {
                    for (Node n : loopPlan.loops().get(loop).outsideValues()) use(n, m + 1, methodAt);
                }
            } else if (body instanceof Outputs o) {
                for (int i : o.outputs()) use(entry.outputs().get(i), -1, methodAt);
            }
        }
    }

    /** A use of {@code n} in method {@code method}: a loop's node is recomputed or read from its tape. */
    private void use(Node n, int method, int[] methodAt) {
        if (n.isLeaf() || loopPlan.loopOf(n.id) >= 0) return;
        if (methodAt[position[n.id]] != method && slots[n.id] == 0) slots[n.id] = ++slotCount;
    }

    /** Gives each table of constants of a live loop one slot per block, consecutive. */
    private void assignTables() {
        for (int i = 0; i < loopPlan.loops().size(); i++) {
            if (!loopPlan.isLive(i)) continue;
            for (Loop.Arg[] template : loopPlan.loops().get(i).args()) {
                for (Loop.Arg arg : template) {
                    if (arg instanceof Loop.Table table && !tableSlots.containsKey(table)) {
                        tableSlots.put(table, slotCount + 1);
                        slotCount += table.values().length;
                    }
                }
            }
        }
    }

    /** Gives each taped offset of a live loop one slot per block, consecutive. */
    private void assignTapes() {
        for (int i = 0; i < loopPlan.loops().size(); i++) {
            Loop loop = loopPlan.loops().get(i);
            for (int t = 0; t < loop.period(); t++) {
                if (!loopPlan.isLive(i) || !loopPlan.taped(i, t)) continue;
                for (int j = 0; j < loop.count(); j++) slots[loop.node(j, t).id] = slotCount + 1 + j;
                slotCount += loop.count();
            }
        }
    }
}
