package dev.derive.codegen.loops;

import dev.derive.codegen.runtime.AccessSite;
import dev.derive.codegen.runtime.ChunkedLoop;
import dev.derive.codegen.runtime.Clearing;
import dev.derive.codegen.runtime.LoopKernel;
import dev.derive.codegen.runtime.RowChecks;
import dev.derive.graph.Affine;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import dev.derive.indexed.Chunking;
import dev.derive.indexed.Guards;
import dev.derive.indexed.LazyBranches;
import dev.derive.indexed.Layout;
import dev.derive.indexed.Order;
import dev.derive.indexed.Scopes;
import dev.derive.indexed.Step;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.CodeSizeEvaluator;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * Compiles {@link Step}s to one class with one method, {@link LoopKernel#run}: every node's value
 * in a local, every loop a real loop over its range computed at run time. A sum's innermost
 * loop is unrolled four times, one copy per lane of derive's order ({@link Order}), so its
 * four chains of additions are independent code the CPU overlaps; a loop with loops inside
 * picks the lane with a switch instead. Before a loop runs, each array access in its body is
 * checked at the first and last iteration, so the loop itself reads without checks of its own.
 * A program whose method would be too large for the JIT is split: its values in an array, each
 * run of steps between loops a method of its own (chunked loops get methods of their own too).
 */
public final class LoopCompiler {
    private static final String NAME = "dev/derive/codegen/loops/CompiledLoops";
    private static final Type SITE = Type.getType(AccessSite.class);
    private static final Type SITES = Type.getType(AccessSite[].class);
    private static final Type DOUBLES = Type.getType(double[].class);
    private static final Type ROWS = Type.getType(RowChecks.class);
    private static final Type ROW_CHECKS = Type.getType(RowChecks[].class);
    private static final Method ROW_FAILURE = Method.getMethod("IllegalArgumentException failure(long, long, int[], long[])");
    private static final Type CHUNKED = Type.getType(ChunkedLoop.class);
    private static final Type CHUNKED_LOOPS = Type.getType(ChunkedLoop[].class);
    private static final Method RUN_CHUNKS = Method.getMethod(
            "double run(dev.derive.codegen.runtime.LoopKernel, long, long, double[], double[][], int[], int[], double[], "
            + "double[][])");
    private static final String CHUNK_ARGS = "double[][], int[], int[], double[], double[][], double[], double[], int, int, "
            + "double, double[], int";
    private static final Method CHUNK = Method.getMethod("double chunk(int, " + CHUNK_ARGS + ")");
    /**
     * A chunk method takes the arrays its loop reads and the gradients it adds into as arguments
     * of their own, before the others (HotSpot passes the first five in registers); at most this
     * many, the rest read from the arrays of arrays. Logistic regression's value and gradient
     * (10^6 rows of 20) took 53–55 ms this way in three JVMs of four and 68–72 ms in the fourth
     * (its first, on-stack compile of the loop failed a loop predicate, and the loop was compiled
     * again without them), against 60–68 ms in every JVM with the arrays read from the arrays of
     * arrays at the method's start.
     */
    private static final int MAX_ARRAY_ARGUMENTS = 16;
    /** A chunk method's arguments after those it shares with run: the sums, the frame, the range, the total, the blocks. */
    private static final int SLOTS = 5;
    private static final int FRAME = 6;
    private static final int FIRST = 7;
    private static final int LAST = 8;
    private static final int TOTAL = 9;
    private static final int BLOCKS = 10;
    private static final int FIRST_BLOCK = 11;
    private static final Method RUN = Method.getMethod("double run(double[][], int[], int[], double[], double[][], double[])");
    private static final Method FAILURE = Method.getMethod("IllegalArgumentException failure(long, int[], long[])");
    private static final Method CLEAR_ALL_BUT = Method.getMethod("void allBut(double[], long, long)");
    /** HotSpot does not JIT-compile methods of more bytecode than this. */
    public static final int JIT_LIMIT = 8000;

    private final Scopes scopes;
    private final Layout layout;
    private final boolean unroll;
    /** Whether values needed only in one branch of an if are computed only there ({@link LazyBranches}). */
    private final boolean lazy;
    /** Each step list's lazy branches, found once though a body is emitted once per lane. */
    private final Map<List<Step>, LazyBranches> lazyBranches = new java.util.IdentityHashMap<>();
    /** What the run method reads after its steps: the value and the partials. */
    private final List<Node> results = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<AccessSite> sites = new ArrayList<>();
    private final List<RowChecks> rows = new ArrayList<>();
    private final Map<Step.Loop, Integer> chunkIndex = new HashMap<>();
    private final List<Chunking> chunked = new ArrayList<>();
    /** Whether each chunked loop's chunks may run at once ({@link #carriesAll}). */
    private final List<Boolean> parallel = new ArrayList<>();
    private final Map<Node, Integer> locals = new HashMap<>();
    private final Map<String, Integer> intLocals = new HashMap<>();
    private int[] arrayLocals;
    private int[] gradientLocals;
    private int[] columnLocals;
    private GeneratorAdapter m;
    /** In a chunk method, the arrays (then gradients) given as arguments before the others; in other methods none. */
    private ArrayArguments arrayArguments = ArrayArguments.NONE;
    /** Each chunked loop's array arguments. */
    private final List<ArrayArguments> chunkArrays = new ArrayList<>();

    /**
     * The arrays a chunked loop reads and the gradients it adds into, by {@link Layout} number,
     * which its method takes as its first arguments (in this order).
     */
    private record ArrayArguments(List<Integer> arrays, List<Integer> gradients) {
        static final ArrayArguments NONE = new ArrayArguments(List.of(), List.of());

        int count() {
            return arrays.size() + gradients.size();
        }
    }

    /**
     * Whether the program is split into methods: every node's value then lives in an array, the
     * spill (indexed by node id), not in a local, so that runs of steps can be methods of their
     * own ({@link #PART_STEPS} steps each) that read and write it; no method outgrows the JIT's limit.
     */
    private final boolean split;
    /** In split mode, the current method's locals holding the spill, the loop variables for a part, and a temporary. */
    private int spillLocal;
    private int intsLocal;
    private int spillTemp;
    /** The parts made so far, each a run of steps and the loop it is in (null: the top level). */
    private final List<Part> parts = new ArrayList<>();

    private record Part(List<Step> steps, Step.Loop in, boolean grouped) {}

    /**
     * Steps of the top level per method in split mode: more go to parts that each take this many
     * (or as many groups of them), so no method holds more calls than this, some 40 bytes each.
     */
    static final int TOP_STEPS = 100;

    /** A part's signature: the arguments of run it reads, the spill, the loop variables' values. */
    private static final String PART_ARGS = "double[][], int[], int[], double[], double[][], double[], int[]";
    /** Steps per part: at some 20 bytes a step (more with the spill), well within {@link #JIT_LIMIT}. */
    static final int PART_STEPS = 120;

    /**
     * Whether the gradient elements a loop adds to at i + c are summed in locals over the
     * iterations that reach them ({@link Carry}), rather than stored and loaded back.
     */
    private final boolean carry;
    /** The carried scatters of the loops being emitted, and their loops' carries. */
    private final Map<Step.Scatter, Carry> carried = new java.util.IdentityHashMap<>();
    /** The carried scatter that starts each element: the first at the largest c. */
    private final Set<Step.Scatter> starting = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Each loop's carries, for the end of each of its iterations. */
    private final Map<Step.Loop, List<Carry>> loopCarries = new java.util.IdentityHashMap<>();
    /** Whether the body being emitted is a chunk's warm-up ({@link #warmUp}): it writes nothing but its carries. */
    private boolean warmingUp;
    /** The most elements a loop carries for one array: a stencil wider than this is stored and loaded back. */
    static final int MAX_CARRIED = 8;

    /**
     * A loop's scatters into one array's gradient, all at i + c with c from {@code low} to
     * {@code low + partials.length - 1} ({@link Chunking#offsets}). Element i + low + k's sum so
     * far is in local {@code partials[k]}, as a hand-written loop keeps it in a register: the
     * iteration that first reaches an element (at the largest c) starts its sum, from 0 where
     * that scatter is {@link Step.Scatter#first} and from the array otherwise; each later one adds
     * to it in turn; at the end of iteration i, element i + low has all it gets and is stored
     * once, and the others move down a local. The additions are the same, in the same order.
     * Where a scatter is {@code guarded} (its element read only in a branch of an if), elements
     * outside the array are summed too but neither read nor stored, as a guarded scatter skips them.
     */
    private record Carry(Indexing.Element lowest, long low, int[] partials, boolean guarded) {}

    private LoopCompiler(Scopes scopes, Layout layout, boolean unroll, boolean lazy, boolean split, boolean carry) {
        this.scopes = scopes;
        this.layout = layout;
        this.unroll = unroll && !split;
        this.lazy = lazy && !split;
        this.split = split;
        this.carry = carry && !split;
        names.addAll(layout.sizes());
        names.addAll(scopes.indexing().loopVariables());
    }

    /**
     * The compiled kernel: {@code value}'s value returned, {@code partials}' slots written to
     * {@code partials}; its chunked loops ({@link Chunking}) run on at most {@code threads}
     * threads; if {@code lazy}, values needed only in a branch of an if are computed only there.
     */
    public static LoopKernel compile(Scopes scopes, Layout layout, List<Step> steps, Node value, List<Node> partials,
                                     boolean unroll, boolean lazy, boolean carry, int threads) {
        Generated g = generate(scopes, layout, steps, value, partials, unroll, lazy, carry);
        if (g == null) return new InterpretedKernel(scopes, layout, steps, value, partials);
        ChunkedLoop[] loops = new ChunkedLoop[g.chunked.size()];
        for (int k = 0; k < loops.length; k++) {
            Chunking c = g.chunked.get(k);
            int[] arrays = c.arrays().stream().mapToInt(layout::array).toArray();
            loops[k] = new ChunkedLoop(k, c.loop().kind(), g.frameInputs[k], c.slots().size(), arrays,
                    g.parallel.get(k) ? threads : 1);
        }
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(g.bytes, true);
            return (LoopKernel) hidden.findConstructor(hidden.lookupClass(),
                    MethodType.methodType(void.class, AccessSite[].class, RowChecks[].class, ChunkedLoop[].class))
                    .invoke(g.sites, g.rows, loops);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            if (System.getProperty("derive.debug.verify") != null) {
                org.objectweb.asm.util.CheckClassAdapter.verify(new ClassReader(g.bytes), true,
                        new java.io.PrintWriter(System.err, true));
            }
            throw new IllegalStateException("generated class could not be loaded: " + e, e);
        }
    }

    /** The class file {@link #compile} defines, for reading and checking; null if the program is interpreted. */
    public static byte[] classFile(Scopes scopes, Layout layout, List<Step> steps, Node value, List<Node> partials,
                                   boolean unroll, boolean lazy, boolean carry) {
        Generated g = generate(scopes, layout, steps, value, partials, unroll, lazy, carry);
        return g == null ? null : g.bytes;
    }

    /**
     * Programs of more steps than this are split into methods without trying one method first:
     * at some 20 bytes a step it would be over the JVM's 64 KB, and ASM's frames for it take
     * memory that grows as the steps times the locals.
     */
    static final int MAX_STEPS = 3000;

    /** The steps of a program, those of loop bodies counted once. */
    static int count(List<Step> steps) {
        int n = 0;
        for (Step s : steps) n += s instanceof Step.Loop l ? 1 + count(l.body()) : 1;
        return n;
    }

    /** @param frameInputs how many values a chunked loop's frame holds before its slots: its inputs, or in split mode the spill */
    private record Generated(byte[] bytes, AccessSite[] sites, RowChecks[] rows, List<Chunking> chunked, int[] frameInputs,
                             List<Boolean> parallel) {}

    /**
     * Unrolled (if asked) where that keeps the method small enough to be JIT-compiled; otherwise
     * not; null where even that is more than a method can hold.
     */
    private static Generated generate(Scopes scopes, Layout layout, List<Step> steps, Node value, List<Node> partials,
                                      boolean unroll, boolean lazy, boolean carry) {
        if (count(steps) <= MAX_STEPS && !Boolean.getBoolean("derive.indexed.split")) {
            try {
                if (unroll) {
                    Generated unrolled = new LoopCompiler(scopes, layout, true, lazy, false, carry).emit(steps, value, partials);
                    if (largestMethod(unrolled.bytes) <= JIT_LIMIT) return unrolled;
                }
                Generated plain = new LoopCompiler(scopes, layout, false, lazy, false, carry).emit(steps, value, partials);
                if (largestMethod(plain.bytes) <= JIT_LIMIT) return plain;
            } catch (org.objectweb.asm.MethodTooLargeException | org.objectweb.asm.ClassTooLargeException e) {
                // on to split methods
            }
        }
        try {
            return new LoopCompiler(scopes, layout, false, false, true, false).emit(steps, value, partials);
        } catch (org.objectweb.asm.MethodTooLargeException | org.objectweb.asm.ClassTooLargeException e) {
            return null;
        }
    }

    private Generated emit(List<Step> steps, Node value, List<Node> partials) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null,
                "java/lang/Object", new String[] {Type.getInternalName(LoopKernel.class)});
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "sites", SITES.getDescriptor(), null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "rows", ROW_CHECKS.getDescriptor(), null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "loops", CHUNKED_LOOPS.getDescriptor(), null, null)
                .visitEnd();
        constructor(cw);
        for (Step s : steps) {
            if (!(s instanceof Step.Loop l)) continue;
            Chunking c = Chunking.of(l);
            if (c == null) continue;
            chunkIndex.put(l, chunked.size());
            chunked.add(c);
            parallel.add(false);
            chunkArrays.add(split ? ArrayArguments.NONE : arraysOf(l));
        }
        results.add(value);
        for (Node p : partials) if (p != null) results.add(p);
        begin(new GeneratorAdapter(Opcodes.ACC_PUBLIC, RUN, null, null, cw));
        steps(steps, null);
        for (int k = 0; k < partials.size(); k++) {
            if (partials.get(k) == null) continue;
            arg(5);
            m.push(k);
            load(partials.get(k));
            m.arrayStore(Type.DOUBLE_TYPE);
        }
        load(value);
        m.returnValue();
        m.endMethod();
        for (int k = 0; k < chunked.size(); k++) chunkMethod(cw, k);
        if (!chunked.isEmpty()) dispatch(cw);
        for (int k = 0; k < parts.size(); k++) partMethod(cw, k);
        cw.visitEnd();
        int[] frameInputs = new int[chunked.size()];
        for (int k = 0; k < frameInputs.length; k++) frameInputs[k] = frameInputs(chunked.get(k));
        return new Generated(cw.toByteArray(), sites.toArray(AccessSite[]::new), rows.toArray(RowChecks[]::new), chunked,
                frameInputs, parallel);
    }

    private static void constructor(ClassWriter cw) {
        GeneratorAdapter c = new GeneratorAdapter(Opcodes.ACC_PUBLIC, Method.getMethod("void <init>(" + SITES.getClassName()
                + ", " + ROW_CHECKS.getClassName() + ", " + CHUNKED_LOOPS.getClassName() + ")"), null, null, cw);
        c.visitCode();
        c.loadThis();
        c.invokeConstructor(Type.getType(Object.class), Method.getMethod("void <init>()"));
        c.loadThis();
        c.loadArg(0);
        c.putField(Type.getObjectType(NAME), "sites", SITES);
        c.loadThis();
        c.loadArg(1);
        c.putField(Type.getObjectType(NAME), "rows", ROW_CHECKS);
        c.loadThis();
        c.loadArg(2);
        c.putField(Type.getObjectType(NAME), "loops", CHUNKED_LOOPS);
        c.returnValue();
        c.endMethod();
    }

    /** Starts a method: its locals are its own, the arrays and sizes loaded from the arguments. */
    private void begin(GeneratorAdapter method) {
        m = method;
        locals.clear();
        intLocals.clear();
        m.visitCode();
        prologue();
        if (split) {
            spillTemp = m.newLocal(Type.DOUBLE_TYPE);
            spillLocal = m.newLocal(DOUBLES);
            m.push(scopes.graph().size());
            m.newArray(Type.DOUBLE_TYPE);
            m.storeLocal(spillLocal);
            intsLocal = m.newLocal(Type.getType(int[].class));
            m.push(Math.max(1, scopes.indexing().loopVariables().size()));
            m.newArray(Type.INT_TYPE);
            m.storeLocal(intsLocal);
        }
    }

    /** {@code void partK(...)}: a run of steps, reading and writing the spill it is given, its loop variables set from ints. */
    private void partMethod(ClassWriter cw, int k) {
        Part part = parts.get(k);
        m = new GeneratorAdapter(Opcodes.ACC_PUBLIC, Method.getMethod("void part" + k + "(" + PART_ARGS + ")"), null, null, cw);
        locals.clear();
        intLocals.clear();
        m.visitCode();
        prologue();
        spillTemp = m.newLocal(Type.DOUBLE_TYPE);
        spillLocal = m.newLocal(DOUBLES);
        arg(5);
        m.storeLocal(spillLocal);
        intsLocal = m.newLocal(Type.getType(int[].class)); // for the parts a loop's body calls
        arg(6);
        m.storeLocal(intsLocal);
        int v = 0;
        for (String variable : scopes.indexing().loopVariables()) {
            arg(6);
            m.push(v++);
            m.arrayLoad(Type.INT_TYPE);
            m.storeLocal(intLocals.get(variable));
        }
        if (part.grouped()) steps(part.steps(), null);
        else inline(part.steps(), part.in(), LazyBranches.none());
        m.returnValue();
        m.endMethod();
    }

    /** Calls a new part for {@code steps}, with the loop variables' current values. */
    private void callPart(List<Step> steps, Step.Loop in) {
        callPart(new Part(steps, in, false));
    }

    /** Calls a new part, a run of steps or a group of them (which splits them in turn). */
    private void callPart(Part part) {
        int k = parts.size();
        parts.add(part);
        int v = 0;
        for (String variable : scopes.indexing().loopVariables()) {
            m.loadLocal(intsLocal);
            m.push(v++);
            m.loadLocal(intLocals.get(variable));
            m.arrayStore(Type.INT_TYPE);
        }
        m.loadThis();
        for (int a = 0; a <= 4; a++) arg(a);
        m.loadLocal(spillLocal);
        m.loadLocal(intsLocal);
        m.invokeVirtual(Type.getObjectType(NAME), Method.getMethod("void part" + k + "(" + PART_ARGS + ")"));
    }

    /**
     * Stack: → n's value, from its local (or in split mode, the spill); a constant's pushed as
     * it is, since a fused loop may use a constant before the step the planner placed it at.
     */
    private void load(Node n) {
        if (scopes.kind(n) == Scopes.Kind.CONSTANT) {
            m.push(n.value);
            return;
        }
        if (!split) {
            m.loadLocal(local(n));
            return;
        }
        m.loadLocal(spillLocal);
        m.push(n.id);
        m.arrayLoad(Type.DOUBLE_TYPE);
    }

    /** Stack: value → ; the value is n's, in its local (or in split mode, the spill). */
    private void store(Node n) {
        if (!split) {
            m.storeLocal(local(n));
            return;
        }
        m.storeLocal(spillTemp);
        m.loadLocal(spillLocal);
        m.push(n.id);
        m.loadLocal(spillTemp);
        m.arrayStore(Type.DOUBLE_TYPE);
    }

    /**
     * {@code double loopK(...)}: chunked loop number k over iterations first .. last, with the
     * values computed before it loaded from the frame and its slots summed from -0.0.
     */
    private void chunkMethod(ClassWriter cw, int k) {
        Chunking c = chunked.get(k);
        Step.Loop l = c.loop();
        arrayArguments = chunkArrays.get(k);
        begin(new GeneratorAdapter(Opcodes.ACC_PUBLIC, loopMethod(k), null, null, cw));
        if (split) {
            // a spill of the chunk's own, from the one the frame holds (chunks may run at once)
            arg(FRAME);
            m.push(scopes.graph().size());
            m.invokeStatic(Type.getType(java.util.Arrays.class), Method.getMethod("double[] copyOf(double[], int)"));
            m.storeLocal(spillLocal);
        }
        for (int n = 0; n < c.inputs().size() && !split; n++) {
            arg(FRAME);
            m.push(n);
            m.arrayLoad(Type.DOUBLE_TYPE);
            store(c.inputs().get(n));
        }
        slotsFromZero(c);
        int first = m.newLocal(Type.INT_TYPE);
        int last = m.newLocal(Type.INT_TYPE);
        arg(FIRST);
        m.storeLocal(first);
        arg(LAST);
        m.storeLocal(last);
        List<Carry> carries = carries(l);
        parallel.set(k, carriesAll(c, carries));
        int loopLo = m.newLocal(Type.INT_TYPE);
        int loopHi = m.newLocal(Type.INT_TYPE);
        if (!carries.isEmpty()) {
            intAffine(l.lo());
            m.storeLocal(loopLo);
            intAffine(l.hi());
            m.storeLocal(loopHi);
            Label atStart = m.newLabel();
            Label ready = m.newLabel();
            m.loadLocal(first);
            m.loadLocal(loopLo);
            m.ifICmp(GeneratorAdapter.LE, atStart);
            warmUp(l, carries, first);
            m.goTo(ready);
            m.mark(atStart);
            for (Carry carry : carries) carryIn(l, carry, first, last);
            m.mark(ready);
            slotsFromZero(c); // again, after the warm-up's additions
        }
        int total = -1;
        if (l.reduces()) total = reducingLoop(l, first, last, -1, -1);
        else plainLoop(l, first, last);
        if (!carries.isEmpty()) {
            Label notLast = m.newLabel();
            m.loadLocal(last);
            m.loadLocal(loopHi);
            m.ifICmp(GeneratorAdapter.LT, notLast);
            for (Carry carry : carries) carryOut(l, carry, first, last);
            m.mark(notLast);
        }
        for (int n = 0; n < c.slots().size(); n++) {
            arg(SLOTS);
            m.push(n);
            load(c.slots().get(n));
            m.arrayStore(Type.DOUBLE_TYPE);
        }
        if (total >= 0) m.loadLocal(total);
        else arg(TOTAL);
        m.returnValue();
        m.endMethod();
        arrayArguments = ArrayArguments.NONE;
    }

    /** The chunk's sums of the adjoints of the top level start at -0.0. */
    private void slotsFromZero(Chunking c) {
        for (Node slot : c.slots()) {
            m.push(-0.0);
            store(slot);
        }
    }

    /**
     * Whether chunks may run at once: each array the loop adds to in place is carried
     * ({@link Carry}), or reached by each iteration at one element of its own (all its scatters
     * at the same i + c), so that no two chunks write one element.
     */
    private boolean carriesAll(Chunking c, List<Carry> carries) {
        for (String array : c.inPlace()) {
            boolean carried = false;
            for (Carry carry : carries) carried |= carry.lowest().array().equals(array);
            if (!carried && new HashSet<>(Chunking.offsets(c.loop(), array)).size() > 1) return false;
        }
        return true;
    }

    /**
     * The chunk that starts at iteration {@code first}, after the loop's first, first runs the
     * iterations before it that reach the elements it finishes (as many as its carries hold),
     * computing only their carries: the previous chunk reaches those elements but leaves them to
     * this one, which thus adds to them in the order of the iterations, as one chunk would.
     */
    private void warmUp(Step.Loop l, List<Carry> carries, int first) {
        int widest = 0;
        for (Carry c : carries) widest = Math.max(widest, c.partials().length - 1);
        if (widest == 0) return;
        int from = m.newLocal(Type.INT_TYPE);
        int to = m.newLocal(Type.INT_TYPE);
        m.loadLocal(first);
        m.push(widest);
        m.math(GeneratorAdapter.SUB, Type.INT_TYPE);
        m.storeLocal(from);
        m.loadLocal(first);
        m.push(1);
        m.math(GeneratorAdapter.SUB, Type.INT_TYPE);
        m.storeLocal(to);
        warmingUp = true;
        plainLoop(l, from, to);
        warmingUp = false;
    }

    /** Chunked loop k's method: its array arguments, then those of {@link LoopKernel#chunk} but the first. */
    private Method loopMethod(int k) {
        return Method.getMethod("double loop" + k + "(" + "double[], ".repeat(chunkArrays.get(k).count()) + CHUNK_ARGS + ")");
    }

    /** Stack: → {@code arg[k]}, an element of an array of arrays. */
    private static void element(GeneratorAdapter g, int arg, int k) {
        g.loadArg(arg);
        g.push(k);
        g.arrayLoad(DOUBLES);
    }

    /** {@link LoopKernel#chunk}: calls the loop's method. */
    private void dispatch(ClassWriter cw) {
        dispatch(cw, CHUNK, 0, chunked.size());
    }

    /** The least power of {@code most} (1 included) that cuts {@code count} into at most {@code most} groups. */
    static int groupSize(int count, int most) {
        int group = 1;
        while ((count + group - 1) / group > most) group *= most;
        return group;
    }

    /** Chunked loops per dispatching method: some 30 bytes a case, within {@link #JIT_LIMIT}. */
    static final int DISPATCH_CASES = 200;

    /**
     * {@code method} runs a chunk of loop k, for k from {@code from} up to {@code to}: by a
     * switch on k, through methods for groups of loops where there are more than a switch holds.
     */
    private void dispatch(ClassWriter cw, Method method, int from, int to) {
        int group = groupSize(to - from, DISPATCH_CASES);
        GeneratorAdapter d = new GeneratorAdapter(Opcodes.ACC_PUBLIC, method, null, null, cw);
        d.visitCode();
        Label[] cases = new Label[(to - from + group - 1) / group];
        for (int k = 0; k < cases.length; k++) cases[k] = d.newLabel();
        Label unknown = d.newLabel();
        d.loadArg(0);
        if (group > 1) {
            d.push(from);
            d.math(GeneratorAdapter.SUB, Type.INT_TYPE);
            d.push(group);
            d.math(GeneratorAdapter.DIV, Type.INT_TYPE);
            d.visitTableSwitchInsn(0, cases.length - 1, unknown, cases);
        } else {
            d.visitTableSwitchInsn(from, to - 1, unknown, cases);
        }
        List<Runnable> groups = new ArrayList<>();
        for (int c = 0; c < cases.length; c++) {
            d.mark(cases[c]);
            d.loadThis();
            if (group > 1) {
                int lo = from + c * group;
                int hi = Math.min(to, lo + group);
                Method part = Method.getMethod("double chunk" + lo + "_" + hi + "(int, " + CHUNK_ARGS + ")");
                for (int a = 0; a <= FIRST_BLOCK + 1; a++) d.loadArg(a);
                d.invokeVirtual(Type.getObjectType(NAME), part);
                groups.add(() -> dispatch(cw, part, lo, hi));
            } else {
                int k = from + c;
                ArrayArguments given = chunkArrays.get(k);
                for (int array : given.arrays()) element(d, 1, array);
                for (int gradient : given.gradients()) element(d, 5, gradient);
                for (int a = 1; a <= FIRST_BLOCK + 1; a++) d.loadArg(a);
                d.invokeVirtual(Type.getObjectType(NAME), loopMethod(k));
            }
            d.returnValue();
        }
        d.mark(unknown);
        d.throwException(Type.getType(IllegalStateException.class), "no such chunked loop");
        d.endMethod();
        for (Runnable g : groups) g.run();
    }

    /**
     * A chunked loop at the top level: its bounds checked here, the values it needs put in a
     * frame, its chunks run by {@link ChunkedLoop}, and its sum and slots read back.
     */
    private void chunkedLoop(Step.Loop l, int k) {
        Chunking c = chunked.get(k);
        int[] range = checkedRange(l, false);
        int frame = m.newLocal(DOUBLES);
        int inputs = frameInputs(c);
        List<Node> values = new ArrayList<>(split ? List.of() : c.inputs());
        values.addAll(c.slots());
        if (split) {
            // the whole spill, then the slots
            m.loadLocal(spillLocal);
            m.push(inputs + c.slots().size());
            m.invokeStatic(Type.getType(java.util.Arrays.class), Method.getMethod("double[] copyOf(double[], int)"));
        } else {
            m.push(values.size());
            m.newArray(Type.DOUBLE_TYPE);
        }
        m.storeLocal(frame);
        for (int n = 0; n < values.size(); n++) {
            m.loadLocal(frame);
            m.push(split ? inputs + n : n);
            load(values.get(n));
            m.arrayStore(Type.DOUBLE_TYPE);
        }
        m.loadThis();
        m.getField(Type.getObjectType(NAME), "loops", CHUNKED_LOOPS);
        m.push(k);
        m.arrayLoad(CHUNKED);
        m.loadThis();
        m.loadLocal(range[0]);
        m.loadLocal(range[1]);
        m.loadLocal(frame);
        for (int a = 0; a <= 4; a++) arg(a);
        m.invokeVirtual(CHUNKED, RUN_CHUNKS);
        if (l.reduces()) store(l.total());
        else m.pop2();
        for (int n = 0; n < c.slots().size(); n++) {
            m.loadLocal(frame);
            m.push(inputs + n);
            m.arrayLoad(Type.DOUBLE_TYPE);
            store(c.slots().get(n));
        }
    }

    /** How many values a chunked loop's frame holds before its slots: the values it needs, or in split mode the spill. */
    private int frameInputs(Chunking c) {
        return split ? scopes.graph().size() : c.inputs().size();
    }

    private void prologue() {
        int arrays = layout.arrays().size();
        arrayLocals = new int[arrays];
        gradientLocals = new int[arrays];
        columnLocals = new int[arrays];
        for (int k = 0; k < arrays; k++) {
            int given = arrayArguments.arrays().indexOf(k);
            int givenGradient = arrayArguments.gradients().indexOf(k);
            arrayLocals[k] = given >= 0 ? argumentLocal(given) : loadElement(0, k, DOUBLES);
            gradientLocals[k] = givenGradient >= 0 ? argumentLocal(arrayArguments.arrays().size() + givenGradient)
                    : loadElement(4, k, DOUBLES);
            columnLocals[k] = m.newLocal(Type.INT_TYPE);
            arg(1);
            m.push(2 * k + 1);
            m.arrayLoad(Type.INT_TYPE);
            m.storeLocal(columnLocals[k]);
        }
        for (int k = 0; k < layout.sizes().size(); k++) {
            int local = m.newLocal(Type.INT_TYPE);
            arg(2);
            m.push(k);
            m.arrayLoad(Type.INT_TYPE);
            m.storeLocal(local);
            intLocals.put(layout.sizes().get(k), local);
        }
        for (String v : scopes.indexing().loopVariables()) {
            int local = m.newLocal(Type.INT_TYPE);
            m.push(0);
            m.storeLocal(local);
            intLocals.put(v, local);
        }
    }

    /** Loads argument {@code k} of the run method's kind (in a chunk method, after its array arguments). */
    private void arg(int k) {
        m.loadArg(arrayArguments.count() + k);
    }

    /** The arrays the loop reads and the gradients it adds into, as many as {@link #MAX_ARRAY_ARGUMENTS}. */
    private ArrayArguments arraysOf(Step.Loop l) {
        java.util.TreeSet<Integer> arrays = new java.util.TreeSet<>();
        java.util.TreeSet<Integer> gradients = new java.util.TreeSet<>();
        java.util.ArrayDeque<List<Step>> work = new java.util.ArrayDeque<>();
        work.push(l.body());
        while (!work.isEmpty()) {
            for (Step s : work.pop()) {
                if (s instanceof Step.Compute c && scopes.kind(c.node()) == Scopes.Kind.ELEMENT) {
                    arrays.add(layout.array(scopes.element(c.node()).array()));
                } else if (s instanceof Step.Scatter sc) {
                    gradients.add(layout.array(sc.element().array()));
                } else if (s instanceof Step.Clear clear) {
                    gradients.add(layout.array(clear.array()));
                } else if (s instanceof Step.Loop inner) {
                    work.push(inner.body());
                }
            }
        }
        List<Integer> a = new ArrayList<>(arrays);
        List<Integer> g = new ArrayList<>(gradients);
        while (a.size() + g.size() > MAX_ARRAY_ARGUMENTS) {
            if (!g.isEmpty()) g.remove(g.size() - 1);
            else a.remove(a.size() - 1);
        }
        return new ArrayArguments(List.copyOf(a), List.copyOf(g));
    }

    /** A local holding array argument {@code position} of a chunk method. */
    private int argumentLocal(int position) {
        int local = m.newLocal(DOUBLES);
        m.loadArg(position);
        m.storeLocal(local);
        return local;
    }

    /** A local holding {@code arg[k]}, an element of an array of arrays. */
    private int loadElement(int arg, int k, Type type) {
        int local = m.newLocal(type);
        arg(arg);
        m.push(k);
        m.arrayLoad(type);
        m.storeLocal(local);
        return local;
    }

    private int local(Node n) {
        return locals.computeIfAbsent(n, x -> m.newLocal(Type.DOUBLE_TYPE));
    }

    private void steps(List<Step> steps, Step.Loop in) {
        LazyBranches branches = !lazy ? LazyBranches.none() : lazyBranches.computeIfAbsent(steps,
                s -> LazyBranches.of(scopes, s, in == null ? results : in.reduces() ? List.of(in.term()) : List.of()));
        if (!split) {
            inline(steps, in, branches);
            return;
        }
        if (in == null && steps.size() > TOP_STEPS) {
            int group = groupSize(steps.size(), TOP_STEPS);
            for (int from = 0; from < steps.size(); from += group) {
                callPart(new Part(steps.subList(from, Math.min(steps.size(), from + group)), null, true));
            }
            return;
        }
        // runs of steps without loops go to parts; a loop of the top level goes to a part of its
        // own (else the locals of a thousand loops in one method make ASM's frames quadratic);
        // an inner loop stays in its loop's method, its body split in turn
        int start = 0;
        for (int k = 0; k <= steps.size(); k++) {
            if (k < steps.size() && !(steps.get(k) instanceof Step.Loop)) continue;
            for (int from = start; from < k; from += PART_STEPS) callPart(steps.subList(from, Math.min(k, from + PART_STEPS)), in);
            if (k < steps.size() && in == null) callPart(steps.subList(k, k + 1), null);
            else if (k < steps.size()) inline(steps.subList(k, k + 1), in, branches);
            start = k + 1;
        }
    }

    /** The steps, here in the current method. */
    private void inline(List<Step> steps, Step.Loop in, LazyBranches branches) {
        Set<Node> here = new HashSet<>();
        for (Step s : steps) if (s instanceof Step.Compute c) here.add(c.node());
        for (Step s : steps) {
            if (s instanceof Step.Compute c) {
                if (!branches.deferred(c.node())) computeOrBranch(c.node(), in, branches);
            } else if (s instanceof Step.Loop l) {
                Integer k = in == null ? chunkIndex.get(l) : null;
                if (k != null) chunkedLoop(l, k);
                else loop(l, in != null && steady(l, in));
            } else if (s instanceof Step.Scatter sc && carried.containsKey(sc)) {
                carriedScatter(sc, here);
            } else if (s instanceof Step.Scatter && warmingUp) {
                continue;
            } else if (s instanceof Step.Scatter sc) {
                Indexing.Element e = sc.element();
                Label skip = m.newLabel();
                int[] at = null;
                if (scopes.guarded(e)) at = indexesInRange(e, skip);
                else if (in == null || !in.reads().contains(e)) check(e, null, -1);
                m.loadLocal(gradientLocals[layout.array(e.array())]);
                if (at != null) position(e, at);
                else position(e);
                if (sc.first()) {
                    m.push(0.0);
                } else {
                    m.dup2();
                    m.arrayLoad(Type.DOUBLE_TYPE);
                }
                plus(sc.value(), here);
                m.arrayStore(Type.DOUBLE_TYPE);
                m.mark(skip);
            } else if (s instanceof Step.Clear clear) {
                m.loadLocal(gradientLocals[layout.array(clear.array())]);
                longAffine(clear.lo(), null, -1);
                longAffine(clear.hi(), null, -1);
                m.invokeStatic(Type.getType(Clearing.class), CLEAR_ALL_BUT);
            } else if (s instanceof Step.Check check) {
                guardCheck(check);
            } else if (s instanceof Step.Set set) {
                load(set.value());
                store(set.slot());
            } else if (s instanceof Step.Add add) {
                load(add.slot());
                plus(add.value(), here);
                store(add.slot());
            }
        }
    }

    /**
     * Stack: a sum → the sum plus {@code value}: minus its operand where the value is a
     * negation computed among {@code here}, the steps being emitted (so its operand has a
     * value too). {@code s + -v} and {@code s - v} are the same IEEE operation; the negation,
     * one more operation in a gradient's loop ({@code dw[j] += -(X[i, j]*t)}), is then unused,
     * and the JIT drops it.
     */
    private void plus(Node value, Set<Node> here) {
        if (value.op == Op.NEG && here.contains(value)) {
            load(value.a);
            m.math(GeneratorAdapter.SUB, Type.DOUBLE_TYPE);
        } else {
            load(value);
            m.math(GeneratorAdapter.ADD, Type.DOUBLE_TYPE);
        }
    }

    /** A carried scatter ({@link Carry}): added to its element's sum in a local, or starting it. */
    private void carriedScatter(Step.Scatter sc, Set<Node> here) {
        Carry c = carried.get(sc);
        int k = (int) (sc.element().indexes().get(0).constant() - c.low());
        int local = c.partials()[k];
        if (!starting.contains(sc)) {
            m.loadLocal(local);
        } else if (sc.first()) {
            m.push(0.0);
        } else {
            // the element's sum so far, from the array; outside it, any number (never stored)
            Label out = unlessInRange(c, k);
            element(c, k);
            m.arrayLoad(Type.DOUBLE_TYPE);
            if (out != null) {
                Label loaded = m.newLabel();
                m.goTo(loaded);
                m.mark(out);
                m.push(0.0);
                m.mark(loaded);
            }
        }
        plus(sc.value(), here);
        m.storeLocal(local);
    }

    /**
     * Computes n; an if with values deferred to its condition's branches computes them in the
     * branch taken, and sets the other branch's to 0 so that every path gives them a value
     * (later ifs on the condition read them only where their branch is taken).
     */
    private void computeOrBranch(Node n, Step.Loop in, LazyBranches branches) {
        if (n.op != Op.IF || !branches.branches(n)) {
            compute(n, in);
            return;
        }
        List<Step> then = branches.block(n, true);
        List<Step> otherwise = branches.block(n, false);
        // as Op.select: the else-branch where the condition is 0, the condition where it is NaN, else the then-branch
        Label elsePath = m.newLabel();
        Label nanPath = m.newLabel();
        Label done = m.newLabel();
        load(n.a);
        m.push(0.0);
        m.ifCmp(Type.DOUBLE_TYPE, GeneratorAdapter.EQ, elsePath);
        load(n.a);
        load(n.a);
        m.ifCmp(Type.DOUBLE_TYPE, GeneratorAdapter.NE, nanPath);
        branch(then, otherwise, n.b, n, in, branches, done);
        m.mark(elsePath);
        branch(otherwise, then, n.c, n, in, branches, done);
        m.mark(nanPath);
        zero(then, branches);
        zero(otherwise, branches);
        load(n.a);
        store(n);
        m.mark(done);
    }

    /** One branch of {@code select}: its values computed, the other branch's zeroed, {@code value} the if's. */
    private void branch(List<Step> taken, List<Step> other, Node value, Node select, Step.Loop in, LazyBranches branches,
                        Label done) {
        for (Step s : taken) computeOrBranch(((Step.Compute) s).node(), in, branches);
        zero(other, branches);
        load(value);
        store(select);
        m.goTo(done);
    }

    /** Gives the values of a branch not taken, and of the branches of ifs in it, a value (never read: for the verifier). */
    private void zero(List<Step> block, LazyBranches branches) {
        for (Step s : block) {
            Node n = ((Step.Compute) s).node();
            m.push(0.0);
            store(n);
            if (n.op == Op.IF && branches.branches(n)) {
                zero(branches.block(n, true), branches);
                zero(branches.block(n, false), branches);
            }
        }
    }

    private void compute(Node n, Step.Loop in) {
        switch (scopes.kind(n)) {
            case CONSTANT -> m.push(n.value);
            case OPERATION -> {
                int operands = dev.derive.codegen.emit.NodeEmitter.operands(n);
                for (int k = 0; k < operands; k++) load(n.arg(k));
                dev.derive.codegen.emit.NodeEmitter.apply(m, n);
            }
            case SCALAR -> {
                arg(3);
                m.push(layout.scalar(n.name));
                m.arrayLoad(Type.DOUBLE_TYPE);
            }
            case SIZE, LOOP_VARIABLE -> {
                m.loadLocal(intLocals.get(n.name));
                m.cast(Type.INT_TYPE, Type.DOUBLE_TYPE);
            }
            case ELEMENT -> {
                Indexing.Element e = scopes.element(n);
                if (scopes.guarded(n)) {
                    guardedRead(e);
                } else {
                    if (in == null || !in.reads().contains(e)) check(e, null, -1);
                    m.loadLocal(arrayLocals[layout.array(e.array())]);
                    position(e);
                    m.arrayLoad(Type.DOUBLE_TYPE);
                }
            }
            case REDUCTION, SLOT -> throw new IllegalStateException(n + " is given its value by a loop or a slot step");
        }
        store(n);
    }

    /** Stack: → the element, or 0 where it is out of range (read only in a branch of an if, {@link Guards}). */
    private void guardedRead(Indexing.Element e) {
        Label out = m.newLabel();
        Label done = m.newLabel();
        int[] at = indexesInRange(e, out);
        m.loadLocal(arrayLocals[layout.array(e.array())]);
        position(e, at);
        m.arrayLoad(Type.DOUBLE_TYPE);
        m.goTo(done);
        m.mark(out);
        m.push(0.0);
        m.mark(done);
    }

    /** Long locals holding the element's indexes, after a jump to {@code out} if one is out of range. */
    private int[] indexesInRange(Indexing.Element e, Label out) {
        int array = layout.array(e.array());
        int[] at = new int[e.indexes().size()];
        for (int d = 0; d < at.length; d++) {
            at[d] = m.newLocal(Type.LONG_TYPE);
            longAffine(e.indexes().get(d), null, -1);
            m.storeLocal(at[d]);
            outside(at[d], array, d, out);
        }
        return at;
    }

    /** Stack: → the position of the element whose indexes (in range) are in long locals {@code at}. */
    private void position(Indexing.Element e, int[] at) {
        m.loadLocal(at[0]);
        m.cast(Type.LONG_TYPE, Type.INT_TYPE);
        if (at.length == 2) {
            m.loadLocal(columnLocals[layout.array(e.array())]);
            m.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            m.loadLocal(at[1]);
            m.cast(Type.LONG_TYPE, Type.INT_TYPE);
            m.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
    }

    /** Throws if the element is out of range where every branch on its path is taken ({@link Step.Check}). */
    private void guardCheck(Step.Check check) {
        Label skip = m.newLabel();
        for (Guards.Branch b : check.path()) {
            load(b.condition());
            m.push(0.0);
            if (b.then()) {
                m.ifCmp(Type.DOUBLE_TYPE, GeneratorAdapter.EQ, skip);   // 0: the else branch
                load(b.condition());
                load(b.condition());
                m.ifCmp(Type.DOUBLE_TYPE, GeneratorAdapter.NE, skip);   // NaN: neither branch
            } else {
                m.ifCmp(Type.DOUBLE_TYPE, GeneratorAdapter.NE, skip);   // not 0, or NaN
            }
        }
        check(check.element(), null, -1);
        m.mark(skip);
    }

    /** Stack: → the element's position in its flat array. */
    private void position(Indexing.Element e) {
        intAffine(e.indexes().get(0));
        if (e.indexes().size() == 2) {
            m.loadLocal(columnLocals[layout.array(e.array())]);
            m.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            intAffine(e.indexes().get(1));
            m.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
    }

    /** Stack: → the index's value as an int (checked to be in range before, so it does not overflow). */
    private void intAffine(Affine a) {
        m.push((int) a.constant());
        for (Map.Entry<String, Long> t : a.terms().entrySet()) {
            m.loadLocal(intLocals.get(t.getKey()));
            if (t.getValue() != 1) {
                m.push((int) (long) t.getValue());
                m.math(GeneratorAdapter.MUL, Type.INT_TYPE);
            }
            m.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
    }

    /** Stack: → the index's value as a long, with {@code variable} (if not null) taken from long local {@code at}. */
    private void longAffine(Affine a, String variable, int at) {
        longAffine(a, (name, coefficient) -> name.equals(variable) ? at : -1);
    }

    /** Where a name's value is while an affine index is computed: a long local, or -1 for its own int local. */
    private interface LongLocals {
        int of(String name, long coefficient);
    }

    /** Stack: → the index's value as a long, each name's value from the long local {@code locals} gives, or its int local. */
    private void longAffine(Affine a, LongLocals locals) {
        m.push(a.constant());
        for (Map.Entry<String, Long> t : a.terms().entrySet()) {
            int local = locals.of(t.getKey(), t.getValue());
            if (local >= 0) {
                m.loadLocal(local);
            } else {
                m.loadLocal(intLocals.get(t.getKey()));
                m.cast(Type.INT_TYPE, Type.LONG_TYPE);
            }
            m.push((long) t.getValue());
            m.math(GeneratorAdapter.MUL, Type.LONG_TYPE);
            m.math(GeneratorAdapter.ADD, Type.LONG_TYPE);
        }
    }

    /** Throws unless the element is in range, with {@code variable} at the value of long local {@code at}. */
    private void check(Indexing.Element e, String variable, int at) {
        int array = layout.array(e.array());
        int site = sites.size();
        sites.add(new AccessSite(e, array, variable, names));
        Label fail = m.newLabel();
        Label ok = m.newLabel();
        int value = m.newLocal(Type.LONG_TYPE);
        for (int d = 0; d < e.indexes().size(); d++) {
            longAffine(e.indexes().get(d), variable, at);
            m.storeLocal(value);
            outside(value, array, d, fail);
        }
        m.goTo(ok);
        m.mark(fail);
        m.loadThis();
        m.getField(Type.getObjectType(NAME), "sites", SITES);
        m.push(site);
        m.arrayLoad(SITE);
        if (variable == null) m.push(0L);
        else m.loadLocal(at);
        arg(1);
        values();
        m.invokeVirtual(SITE, FAILURE);
        m.throwException();
        m.mark(ok);
    }

    /** A loop; {@code checked}: its range and accesses were checked before the loop it is in. */
    private void loop(Step.Loop l, boolean checked) {
        int[] range = checkedRange(l, checked);
        int lo = range[0];
        int hi = range[1];
        int first = m.newLocal(Type.INT_TYPE);
        int last = m.newLocal(Type.INT_TYPE);
        m.loadLocal(lo);
        m.cast(Type.LONG_TYPE, Type.INT_TYPE);
        m.storeLocal(first);
        m.loadLocal(hi);
        m.cast(Type.LONG_TYPE, Type.INT_TYPE);
        m.storeLocal(last);
        List<Carry> carries = warmingUp ? withoutCarries(l) : carries(l);
        for (Carry c : carries) carryIn(l, c, first, last);
        if (l.reduces()) {
            reducingLoop(l, first, last, lo, hi);
        } else {
            plainLoop(l, first, last);
        }
        for (Carry c : carries) carryOut(l, c, first, last);
    }

    /** None for a loop in a chunk's warm-up, whose scatters it skips. */
    private List<Carry> withoutCarries(Step.Loop l) {
        for (Step s : l.body()) if (s instanceof Step.Scatter sc) carried.remove(sc);
        loopCarries.put(l, List.of());
        return List.of();
    }

    /** The loop's carries ({@link Carry}), their locals made; none if carrying is off. */
    private List<Carry> carries(Step.Loop l) {
        List<Carry> found = new ArrayList<>();
        loopCarries.put(l, found);
        if (!carry) return found;
        List<String> arrays = new ArrayList<>();
        for (Step s : l.body()) {
            if (s instanceof Step.Scatter sc && !arrays.contains(sc.element().array())) arrays.add(sc.element().array());
        }
        for (String array : arrays) {
            List<Long> offsets = Chunking.offsets(l, array);
            if (offsets == null) continue;
            long low = java.util.Collections.min(offsets);
            long high = java.util.Collections.max(offsets);
            if (high - low >= MAX_CARRIED) continue;
            int[] partials = new int[(int) (high - low) + 1];
            for (int k = 0; k < partials.length; k++) {
                partials[k] = m.newLocal(Type.DOUBLE_TYPE);
                m.push(0.0);
                m.storeLocal(partials[k]);
            }
            // the array's scatters, in the body's order, as offsets lists their c
            List<Step.Scatter> sites = new ArrayList<>();
            for (Step s : l.body()) if (s instanceof Step.Scatter sc && sc.element().array().equals(array)) sites.add(sc);
            boolean guarded = false;
            for (Step.Scatter sc : sites) guarded |= scopes.guarded(sc.element());
            Carry c = new Carry(sites.get(offsets.indexOf(low)).element(), low, partials, guarded);
            for (Step.Scatter sc : sites) carried.put(sc, c);
            starting.add(sites.get(offsets.indexOf(high)));
            found.add(c);
        }
        return found;
    }

    /** Before the loop: the sums of the elements the first iteration adds to but does not start, read (if the loop runs). */
    private void carryIn(Step.Loop l, Carry c, int first, int last) {
        Label skip = m.newLabel();
        m.loadLocal(first);
        m.loadLocal(last);
        m.ifICmp(GeneratorAdapter.GT, skip);
        m.loadLocal(first);
        m.storeLocal(intLocals.get(l.variable()));
        for (int k = 0; k + 1 < c.partials().length; k++) {
            Label out = unlessInRange(c, k);
            element(c, k);
            m.arrayLoad(Type.DOUBLE_TYPE);
            m.storeLocal(c.partials()[k]);
            markIf(out);
        }
        m.mark(skip);
    }

    /** After the loop: the elements the last iteration reached but did not finish, stored (if the loop ran). */
    private void carryOut(Step.Loop l, Carry c, int first, int last) {
        Label skip = m.newLabel();
        m.loadLocal(first);
        m.loadLocal(last);
        m.ifICmp(GeneratorAdapter.GT, skip);
        m.loadLocal(last);
        m.storeLocal(intLocals.get(l.variable()));
        for (int k = 0; k + 1 < c.partials().length; k++) {
            Label out = unlessInRange(c, k + 1);
            element(c, k + 1);
            m.loadLocal(c.partials()[k]);
            m.arrayStore(Type.DOUBLE_TYPE);
            markIf(out);
        }
        m.mark(skip);
    }

    /** Stack: → the gradient array of a carry and the position of its element i + low + k. */
    private void element(Carry c, int k) {
        m.loadLocal(gradientLocals[layout.array(c.lowest().array())]);
        position(c.lowest());
        if (k > 0) {
            m.push(k);
            m.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
    }

    /**
     * Where a carry's elements are guarded ({@link Carry#guarded}), a jump past what follows if
     * element i + low + k is outside its array, and the label to mark after it; otherwise null:
     * the elements are in range, checked before the loop.
     */
    private Label unlessInRange(Carry c, int k) {
        if (!c.guarded()) return null;
        Label out = m.newLabel();
        int index = m.newLocal(Type.LONG_TYPE);
        longAffine(c.lowest().indexes().get(0), null, -1);
        m.push((long) k);
        m.math(GeneratorAdapter.ADD, Type.LONG_TYPE);
        m.storeLocal(index);
        outside(index, layout.array(c.lowest().array()), 0, out);
        return out;
    }

    private void markIf(Label label) {
        if (label != null) m.mark(label);
    }

    /** At the end of an iteration: the lowest element stored (not in a warm-up), the others' sums moved down a local. */
    private void carryOn(Step.Loop l) {
        for (Carry c : loopCarries.getOrDefault(l, List.of())) {
            int[] partials = c.partials();
            if (!warmingUp) {
                Label out = unlessInRange(c, 0);
                element(c, 0);
                m.loadLocal(partials[0]);
                m.arrayStore(Type.DOUBLE_TYPE);
                markIf(out);
            }
            for (int k = 0; k + 1 < partials.length; k++) {
                m.loadLocal(partials[k + 1]);
                m.storeLocal(partials[k]);
            }
        }
    }

    /**
     * Long locals holding the loop's bounds, checked (if it runs at all, and unless
     * {@code checked}) to fit an int and to index in range, with the loops in it whose ranges
     * do not depend on its variable.
     */
    private int[] checkedRange(Step.Loop l, boolean checked) {
        Label empty = m.newLabel();
        int[] range = range(l.lo(), l.hi(), empty);
        int lo = range[0];
        int hi = range[1];
        if (!checked) {
            rangeGuard(l, lo, hi);
            for (Indexing.Element e : l.reads()) {
                check(e, l.variable(), lo);
                check(e, l.variable(), hi);
            }
            steadyChecks(l, lo, hi);
        }
        m.mark(empty);
        return new int[] {lo, hi};
    }

    /** Two long locals holding a range's ends, then a jump to {@code empty} if it has none (hi < lo). */
    private int[] range(Affine lo, Affine hi, Label empty) {
        int first = m.newLocal(Type.LONG_TYPE);
        int last = m.newLocal(Type.LONG_TYPE);
        longAffine(lo, null, -1);
        m.storeLocal(first);
        longAffine(hi, null, -1);
        m.storeLocal(last);
        m.loadLocal(last);
        m.loadLocal(first);
        m.ifCmp(Type.LONG_TYPE, GeneratorAdapter.LT, empty);
        return new int[] {first, last};
    }

    /** Jumps to {@code out} unless long local {@code index} is in range for dimension {@code d} of an array. */
    private void outside(int index, int array, int d, Label out) {
        m.loadLocal(index);
        m.push(0L);
        m.ifCmp(Type.LONG_TYPE, GeneratorAdapter.LT, out);
        m.loadLocal(index);
        notBelowLength(array, d, out);
    }

    /** Stack: a long index →; jumps to {@code out} if it is not below dimension {@code d}'s length. */
    private void notBelowLength(int array, int d, Label out) {
        arg(1);
        m.push(2 * array + d);
        m.arrayLoad(Type.INT_TYPE);
        m.cast(Type.INT_TYPE, Type.LONG_TYPE);
        m.ifCmp(Type.LONG_TYPE, GeneratorAdapter.GE, out);
    }

    /** Whether {@code inner}, a loop in {@code outer}'s body, has a range that does not depend on outer's variable. */
    private static boolean steady(Step.Loop inner, Step.Loop outer) {
        return inner.lo().coefficient(outer.variable()) == 0 && inner.hi().coefficient(outer.variable()) == 0;
    }

    /**
     * The accesses of {@code l}'s steady inner loops, checked once for every iteration of both
     * loops: an affine index is least and greatest at the ends of both ranges. An inner range
     * that is empty reads nothing and is not checked.
     */
    private void steadyChecks(Step.Loop l, int lo, int hi) {
        List<RowChecks.Inner> inners = new ArrayList<>();
        List<Step.Loop> loops = new ArrayList<>();
        for (Step s : l.body()) {
            if (s instanceof Step.Loop c && steady(c, l)) {
                int[] arrays = c.reads().stream().mapToInt(e -> layout.array(e.array())).toArray();
                inners.add(new RowChecks.Inner(c.variable(), c.lo(), c.hi(), c.reads(), arrays));
                loops.add(c);
            }
        }
        if (inners.isEmpty()) return;
        int site = rows.size();
        rows.add(new RowChecks(l.variable(), inners, names));
        Label fail = m.newLabel();
        Label fine = m.newLabel();
        for (int n = 0; n < inners.size(); n++) {
            RowChecks.Inner c = inners.get(n);
            Label skip = m.newLabel();
            int[] range = range(c.lo(), c.hi(), skip);
            int from = range[0];
            int to = range[1];
            rangeGuard(loops.get(n), from, to);
            String[] variables = {l.variable(), c.variable()};
            int[][] ends = {{lo, hi}, {from, to}};
            for (int k = 0; k < c.elements().size(); k++) {
                Indexing.Element e = c.elements().get(k);
                for (int d = 0; d < e.indexes().size(); d++) {
                    extreme(e.indexes().get(d), variables, ends, false);
                    m.push(0L);
                    m.ifCmp(Type.LONG_TYPE, GeneratorAdapter.LT, fail);
                    extreme(e.indexes().get(d), variables, ends, true);
                    notBelowLength(c.arrays()[k], d, fail);
                }
            }
            m.mark(skip);
        }
        m.goTo(fine);
        m.mark(fail);
        m.loadThis();
        m.getField(Type.getObjectType(NAME), "rows", ROW_CHECKS);
        m.push(site);
        m.arrayLoad(ROWS);
        m.loadLocal(lo);
        m.loadLocal(hi);
        arg(1);
        values();
        m.invokeVirtual(ROWS, ROW_FAILURE);
        m.throwException();
        m.mark(fine);
    }

    /**
     * Stack: → the least (or greatest) value of an affine index as the variables run over their
     * ranges (long locals: ends[k][0] .. ends[k][1] for variables[k]); other names at their values.
     */
    private void extreme(Affine a, String[] variables, int[][] ends, boolean greatest) {
        List<String> ranged = List.of(variables);
        longAffine(a, (name, coefficient) -> {
            int k = ranged.indexOf(name);
            return k < 0 ? -1 : ends[k][(coefficient > 0) == greatest ? 1 : 0];
        });
    }

    /** Stack: → a new long[] of the values of the sizes and loop variables, in {@code names} order. */
    private void values() {
        m.push(names.size());
        m.newArray(Type.LONG_TYPE);
        for (int k = 0; k < names.size(); k++) {
            m.dup();
            m.push(k);
            m.loadLocal(intLocals.get(names.get(k)));
            m.cast(Type.INT_TYPE, Type.LONG_TYPE);
            m.arrayStore(Type.LONG_TYPE);
        }
    }

    /** Ranges whose blocks' ends would overflow an int are refused (they could not index an array anyway). */
    private void rangeGuard(Step.Loop l, int lo, int hi) {
        Label tooLarge = m.newLabel();
        Label fine = m.newLabel();
        m.loadLocal(lo);
        m.push((long) Integer.MIN_VALUE + Order.BLOCK);
        m.ifCmp(Type.LONG_TYPE, GeneratorAdapter.LT, tooLarge);
        m.loadLocal(hi);
        m.push((long) Integer.MAX_VALUE - Order.BLOCK);
        m.ifCmp(Type.LONG_TYPE, GeneratorAdapter.LE, fine);
        m.mark(tooLarge);
        m.throwException(Type.getType(IllegalArgumentException.class), "the range of loop variable " + l.variable()
                + " is beyond what an int can count");
        m.mark(fine);
    }

    private void plainLoop(Step.Loop l, int first, int last) {
        int v = intLocals.get(l.variable());
        Label test = m.newLabel();
        Label end = m.newLabel();
        m.loadLocal(first);
        m.storeLocal(v);
        m.mark(test);
        m.loadLocal(v);
        m.loadLocal(last);
        m.ifICmp(GeneratorAdapter.GT, end);
        steps(l.body(), l);
        carryOn(l);
        m.iinc(v, 1);
        m.goTo(test);
        m.mark(end);
    }

    /**
     * A sum's or product's loop over blocks; its value goes to the total's local, or in a
     * chunk's method (lo < 0), each block's to the blocks array if there is one, else to the
     * total given. Returns the local holding the total.
     */
    private int reducingLoop(Step.Loop l, int first, int last, int lo, int hi) {
        Indexing.Kind kind = l.kind();
        boolean chunk = lo < 0;
        int total = m.newLocal(Type.DOUBLE_TYPE);
        int[] lanes = new int[4];
        for (int k = 0; k < 4; k++) lanes[k] = m.newLocal(Type.DOUBLE_TYPE);
        int i = m.newLocal(Type.INT_TYPE);
        int end = m.newLocal(Type.INT_TYPE);
        int lane = m.newLocal(Type.INT_TYPE);
        int block = m.newLocal(Type.INT_TYPE);
        if (chunk) {
            arg(TOTAL);
            arg(FIRST_BLOCK);
            m.storeLocal(block);
        } else {
            m.push(Order.identity(kind));
        }
        m.storeLocal(total);
        m.loadLocal(first);
        m.storeLocal(i);
        Label blocks = m.newLabel();
        Label done = m.newLabel();
        m.mark(blocks);
        m.loadLocal(i);
        m.loadLocal(last);
        m.ifICmp(GeneratorAdapter.GT, done);
        // end = last - i < BLOCK - 1 ? last : i + BLOCK - 1
        Label whole = m.newLabel();
        Label ended = m.newLabel();
        m.loadLocal(last);
        m.loadLocal(i);
        m.math(GeneratorAdapter.SUB, Type.INT_TYPE);
        m.push(Order.BLOCK - 1);
        m.ifICmp(GeneratorAdapter.GE, whole);
        m.loadLocal(last);
        m.storeLocal(end);
        m.goTo(ended);
        m.mark(whole);
        m.loadLocal(i);
        m.push(Order.BLOCK - 1);
        m.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        m.storeLocal(end);
        m.mark(ended);
        for (int k = 0; k < 4; k++) {
            m.push(Order.identity(kind));
            m.storeLocal(lanes[k]);
        }
        boolean innermost = l.body().stream().noneMatch(s -> s instanceof Step.Loop);
        if (unroll && innermost) {
            // groups of four while i <= end - 3: a counted loop, in the form the JIT optimizes
            int limit = m.newLocal(Type.INT_TYPE);
            m.loadLocal(end);
            m.push(3);
            m.math(GeneratorAdapter.SUB, Type.INT_TYPE);
            m.storeLocal(limit);
            Label groups = m.newLabel();
            Label rest = m.newLabel();
            m.mark(groups);
            m.loadLocal(i);
            m.loadLocal(limit);
            m.ifICmp(GeneratorAdapter.GT, rest);
            for (int k = 0; k < 4; k++) {
                iteration(l, i, k);
                accumulate(kind, lanes[k], l.term());
            }
            m.iinc(i, 4);
            m.goTo(groups);
            m.mark(rest);
        }
        m.push(0);
        m.storeLocal(lane);
        Label each = m.newLabel();
        Label blockDone = m.newLabel();
        m.mark(each);
        m.loadLocal(i);
        m.loadLocal(end);
        m.ifICmp(GeneratorAdapter.GT, blockDone);
        iteration(l, i, 0);
        Label[] cases = {m.newLabel(), m.newLabel(), m.newLabel(), m.newLabel()};
        Label next = m.newLabel();
        m.loadLocal(lane);
        m.visitTableSwitchInsn(0, 3, cases[3], cases);
        for (int k = 0; k < 4; k++) {
            m.mark(cases[k]);
            accumulate(kind, lanes[k], l.term());
            m.goTo(next);
        }
        m.mark(next);
        m.iinc(lane, 1);
        m.loadLocal(lane);
        m.push(3);
        m.math(GeneratorAdapter.AND, Type.INT_TYPE);
        m.storeLocal(lane);
        m.iinc(i, 1);
        m.goTo(each);
        m.mark(blockDone);
        if (chunk) {
            blockResult(kind, lanes, total, block);
            m.goTo(blocks);
            m.mark(done);
            return total;
        }
        m.loadLocal(total);
        lanes(kind, lanes);
        combine(kind);
        m.storeLocal(total);
        m.goTo(blocks);
        m.mark(done);
        Label some = m.newLabel();
        Label stored = m.newLabel();
        m.loadLocal(hi);
        m.loadLocal(lo);
        m.ifCmp(Type.LONG_TYPE, GeneratorAdapter.GE, some);
        m.push(Order.empty(kind));
        store(l.total());
        m.goTo(stored);
        m.mark(some);
        m.loadLocal(total);
        store(l.total());
        m.mark(stored);
        return total;
    }

    /** In a chunk: the block's result into blocks[block++] if there is a blocks array, else added to the total. */
    private void blockResult(Indexing.Kind kind, int[] lanes, int total, int block) {
        Label inTurn = m.newLabel();
        Label next = m.newLabel();
        arg(BLOCKS);
        m.ifNull(inTurn);
        arg(BLOCKS);
        m.loadLocal(block);
        lanes(kind, lanes);
        m.arrayStore(Type.DOUBLE_TYPE);
        m.iinc(block, 1);
        m.goTo(next);
        m.mark(inTurn);
        m.loadLocal(total);
        lanes(kind, lanes);
        combine(kind);
        m.storeLocal(total);
        m.mark(next);
    }

    /** Stack: → (lane0 (+) lane1) (+) (lane2 (+) lane3). */
    private void lanes(Indexing.Kind kind, int[] lanes) {
        m.loadLocal(lanes[0]);
        m.loadLocal(lanes[1]);
        combine(kind);
        m.loadLocal(lanes[2]);
        m.loadLocal(lanes[3]);
        combine(kind);
        combine(kind);
    }

    /** The body with the loop variable at {@code i + offset}. */
    private void iteration(Step.Loop l, int i, int offset) {
        int v = intLocals.get(l.variable());
        m.loadLocal(i);
        if (offset != 0) {
            m.push(offset);
            m.math(GeneratorAdapter.ADD, Type.INT_TYPE);
        }
        m.storeLocal(v);
        steps(l.body(), l);
        carryOn(l);
    }

    private void accumulate(Indexing.Kind kind, int lane, Node term) {
        m.loadLocal(lane);
        load(term);
        combine(kind);
        m.storeLocal(lane);
    }

    private void combine(Indexing.Kind kind) {
        switch (kind) {
            case SUM -> m.math(GeneratorAdapter.ADD, Type.DOUBLE_TYPE);
            case PROD -> m.math(GeneratorAdapter.MUL, Type.DOUBLE_TYPE);
            case MAX -> m.invokeStatic(Type.getType(Math.class), Method.getMethod("double max(double, double)"));
            case MIN -> m.invokeStatic(Type.getType(Math.class), Method.getMethod("double min(double, double)"));
        }
    }

    /** The largest method's bytecode size, in bytes. */
    public static int largestMethod(byte[] bytes) {
        int[] largest = {0};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new CodeSizeEvaluator(null) {
                    @Override
                    public void visitEnd() {
                        largest[0] = Math.max(largest[0], getMaxSize());
                    }
                };
            }
        }, 0);
        return largest[0];
    }
}
