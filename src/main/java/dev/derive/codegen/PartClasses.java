package dev.derive.codegen;

import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * A function too large for one method: its repeated runs as loops ({@link Regions}), the rest
 * as straight-line code, split so that HotSpot compiles every piece: methods of at most
 * {@link #NODES_PER_METHOD} nodes, counting the nodes they recompute and two output stores as
 * one node (a few KB of bytecode, far below the 8000 bytes past which the JIT gives up), at
 * most {@link #METHODS_PER_CLASS} to a class (so the constant pool stays far below its 65,535
 * entries), as many classes as needed. A value used by a later method goes through the scratch
 * array, which also holds tapes and tables of constants; slot 0 receives the result.
 */
final class PartClasses {
    static final String NAME = "dev/derive/codegen/CompiledPart";
    static final int NODES_PER_METHOD = 150;
    static final int METHODS_PER_CLASS = 50;
    private static final Method CHUNK = Method.getMethod("void chunk(double[], double[], double[])");
    private static final Method RUN = Method.getMethod("void run(double[], double[], double[])");

    /**
     * The generated classes, to run in order, and the scratch array they need as it must be
     * before the first call: zeros, and the tables of constants loops read.
     */
    record Layout(List<byte[]> classes, double[] initialScratch) {}

    private final Plan plan;
    private final Options options;
    private final int[] inputIndex;
    /** For each node id, its scratch slot, or 0 for none. */
    private final int[] slots;
    /** The first scratch slot of each table of constants. */
    private final Map<Loop.Table, Integer> tableSlots = new IdentityHashMap<>();
    private int slotCount;
    private final List<byte[]> classes = new ArrayList<>();
    private ClassWriter current;
    private int methodsInCurrent;

    private PartClasses(Plan plan, Options options) {
        this.plan = plan;
        this.options = options;
        this.inputIndex = plan.inputIndex();
        this.slots = new int[plan.graph().size()];
    }

    static Layout generate(Plan plan, Options options) {
        return new PartClasses(plan, options).layout();
    }

    private Layout layout() {
        List<Node> schedule = plan.schedule();
        int[] position = plan.positions();
        Recompute recompute = new Recompute(plan.graph().size(), inputIndex, options.recompute());
        Regions regions = Regions.of(plan, recompute, position, inputIndex, options.loops());
        List<Segment> segments = segments(regions);
        assignTapes(regions);
        assignTables(regions);
        assignSlots(segments, regions, position);
        for (Segment segment : segments) {
            if (segment.loops().isEmpty()) computeMethod(segment.nodes());
            else loopMethod(regions, segment.loops());
        }
        List<Integer> outputs = new ArrayList<>();
        for (int i = 0; i < plan.outputs().size(); i++) if (!regions.storedInLoop(i)) outputs.add(i);
        int from = 0;
        int cost = 0;
        for (int i = 0; i < outputs.size(); i++) {
            int next = 1 + recomputeCost(plan.outputs().get(outputs.get(i)), regions);
            if (cost + next > 2 * NODES_PER_METHOD && i > from) {
                outputMethod(outputs.subList(from, i));
                from = i;
                cost = 0;
            }
            cost += next;
        }
        if (from < outputs.size()) outputMethod(outputs.subList(from, outputs.size()));
        finishClass();
        double[] scratch = new double[slotCount + 1];
        tableSlots.forEach((table, slot) -> System.arraycopy(table.values(), 0, scratch, slot, table.values().length));
        return new Layout(classes, scratch);
    }

    /** What one method computes: straight-line nodes, or one live loop or several fused. */
    private record Segment(List<Node> nodes, List<Integer> loops) {}

    /**
     * The methods to generate, in order: each live loop, fused with the next live one where
     * that is allowed, and the nodes between loops in chunks.
     */
    private List<Segment> segments(Regions regions) {
        List<Segment> segments = new ArrayList<>();
        List<Node> schedule = plan.schedule();
        List<Loop> loops = regions.loops();
        int p = 0;
        for (int i = 0; i < loops.size(); i++) {
            addStraight(schedule.subList(p, loops.get(i).start()), regions, segments);
            p = loops.get(i).end();
            if (!regions.isLive(i)) continue;
            int next = i + 1;
            while (next < loops.size() && !regions.isLive(next)) next++;
            Fusion fusion = options.fusion() && next < loops.size() ? Fusion.of(regions, i, next, schedule) : null;
            if (fusion == null) {
                segments.add(new Segment(List.of(), List.of(i)));
                continue;
            }
            addStraight(fusion.before(), regions, segments);
            segments.add(new Segment(List.of(), List.of(i, next)));
            addStraight(fusion.after(), regions, segments);
            i = next;
            p = loops.get(next).end();
        }
        addStraight(schedule.subList(p, schedule.size()), regions, segments);
        return segments;
    }

    /** Adds straight-line nodes as methods of bounded size. */
    private static void addStraight(List<Node> nodes, Regions regions, List<Segment> segments) {
        int from = 0;
        int cost = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (regions.loopOf(n.id) >= 0) continue;
            int next = cost(n, regions);
            if (cost + next > 2 * NODES_PER_METHOD && i > from) {
                segments.add(new Segment(straightOnly(nodes.subList(from, i), regions), List.of()));
                from = i;
                cost = 0;
            }
            cost += next;
        }
        List<Node> rest = straightOnly(nodes.subList(from, nodes.size()), regions);
        if (!rest.isEmpty()) segments.add(new Segment(rest, List.of()));
    }

    /** The nodes no loop computes (those of a dead loop between live ones are recomputed where used). */
    private static List<Node> straightOnly(List<Node> nodes, Regions regions) {
        List<Node> straight = new ArrayList<>(nodes.size());
        for (Node n : nodes) if (regions.loopOf(n.id) < 0) straight.add(n);
        return straight;
    }

    /**
     * The bytecode a node costs in a straight-line method, in half-nodes: the node, and the
     * loop nodes it recomputes (an upper bound, as each is recomputed once per method).
     */
    private static int cost(Node n, Regions regions) {
        int cost = 2;
        for (int k = 0; k < n.op.arity; k++) cost += recomputeCost(n.arg(k), regions);
        return cost;
    }

    private static int recomputeCost(Node n, Regions regions) {
        return regions.recomputed(n) ? 2 * Recompute.MAX_NODES : 0;
    }

    /**
     * Gives a scratch slot to each straight-line node used outside the method that computes it.
     * Methods are numbered from 1; outputs are written by methods of their own (-1).
     */
    private void assignSlots(List<Segment> segments, Regions regions, int[] position) {
        int[] methodAt = new int[plan.schedule().size()];
        for (int s = 0; s < segments.size(); s++) {
            for (Node n : segments.get(s).nodes()) methodAt[position[n.id]] = s + 1;
        }
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            for (Node n : segment.nodes()) {
                for (int k = 0; k < n.op.arity; k++) use(n.arg(k), s + 1, methodAt, position, regions);
            }
            for (int loop : segment.loops()) {
                for (Node n : regions.loops().get(loop).outsideValues()) use(n, s + 1, methodAt, position, regions);
            }
        }
        for (int i = 0; i < plan.outputs().size(); i++) {
            if (!regions.storedInLoop(i)) use(plan.outputs().get(i), -1, methodAt, position, regions);
        }
    }

    /** A use of {@code n} in {@code method}: a loop's node is recomputed or read from its tape. */
    private void use(Node n, int method, int[] methodAt, int[] position, Regions regions) {
        if (n.isLeaf() || regions.loopOf(n.id) >= 0) return;
        if (methodAt[position[n.id]] != method) giveSlot(n);
    }

    /** Gives each table of constants of a live loop one slot per block, consecutive. */
    private void assignTables(Regions regions) {
        for (int i = 0; i < regions.loops().size(); i++) {
            if (!regions.isLive(i)) continue;
            for (Loop.Arg[] template : regions.loops().get(i).args()) {
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
    private void assignTapes(Regions regions) {
        for (int i = 0; i < regions.loops().size(); i++) {
            Loop loop = regions.loops().get(i);
            for (int t = 0; t < loop.period(); t++) {
                if (!regions.isLive(i) || !regions.taped(i, t)) continue;
                for (int j = 0; j < loop.count(); j++) slots[loop.node(j, t).id] = slotCount + 1 + j;
                slotCount += loop.count();
            }
        }
    }

    private void giveSlot(Node n) {
        if (slots[n.id] == 0) slots[n.id] = ++slotCount;
    }

    private void computeMethod(List<Node> nodes) {
        GeneratorAdapter m = startMethod();
        StraightLine code = new StraightLine(m, inputIndex, 0, false, 1, slots);
        for (Node n : nodes) {
            code.compute(n);
            if (slots[n.id] != 0) code.publish(n);
        }
        m.returnValue();
        m.endMethod();
    }

    private void loopMethod(Regions regions, List<Integer> loops) {
        GeneratorAdapter m = startMethod();
        StraightLine outside = new StraightLine(m, inputIndex, 0, false, 1, slots);
        List<LoopCode> code = new ArrayList<>();
        for (int loop : loops) code.add(new LoopCode(m, regions, loop, outside, inputIndex, slots, tableSlots));
        LoopCode.emit(m, code);
        m.returnValue();
        m.endMethod();
    }

    /** Writes the given outputs: the result (output 0) to slot 0, the others to the gradient. */
    private void outputMethod(List<Integer> which) {
        GeneratorAdapter m = startMethod();
        StraightLine code = new StraightLine(m, inputIndex, 0, false, 1, slots);
        List<Node> outputs = plan.outputs();
        for (int i : which) {
            if (i == 0) code.store(1, 0, outputs.get(0));
            else code.store(2, i - 1, outputs.get(i));
        }
        m.returnValue();
        m.endMethod();
    }

    private GeneratorAdapter startMethod() {
        if (current == null || methodsInCurrent == METHODS_PER_CLASS) {
            finishClass();
            current = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
            current.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null,
                    "java/lang/Object", new String[] {Type.getInternalName(Part.class)});
            methodsInCurrent = 0;
        }
        Method chunk = new Method("chunk" + methodsInCurrent++, CHUNK.getDescriptor());
        return new GeneratorAdapter(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, chunk, null, null, current);
    }

    /** Adds the constructor and run(), which calls the chunks in order, and closes the class. */
    private void finishClass() {
        if (current == null) return;
        GeneratorAdapter init = new GeneratorAdapter(Opcodes.ACC_PUBLIC,
                Method.getMethod("void <init>()"), null, null, current);
        init.loadThis();
        init.invokeConstructor(Type.getType(Object.class), Method.getMethod("void <init>()"));
        init.returnValue();
        init.endMethod();
        GeneratorAdapter run = new GeneratorAdapter(Opcodes.ACC_PUBLIC, RUN, null, null, current);
        for (int i = 0; i < methodsInCurrent; i++) {
            run.loadArgs();
            run.invokeStatic(Type.getObjectType(NAME), new Method("chunk" + i, CHUNK.getDescriptor()));
        }
        run.returnValue();
        run.endMethod();
        current.visitEnd();
        classes.add(current.toByteArray());
        current = null;
    }
}
