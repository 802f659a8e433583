package dev.derive.codegen.emit;

import dev.derive.codegen.plan.EntryPoint;
import dev.derive.codegen.plan.Limits;
import dev.derive.codegen.plan.MethodPlan;
import dev.derive.codegen.runtime.SplitClass;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The classes of a function split into methods ({@link MethodPlan}): each method is a static
 * {@code method<i>(in, scratch, out0, out1)}, at most {@link Limits#METHODS_PER_CLASS} to a class,
 * and each class implements {@link SplitClass} with a {@code run} that calls its methods in
 * order.
 */
public final class SplitClassEmitter {
    /** The name every split class is defined under (hidden classes, so the names never clash). */
    public static final String NAME = "dev/derive/codegen/SplitClassImpl";
    /** {@code (in, scratch, out0, out1)}. */
    private static final String SIGNATURE = "(" + "[D".repeat(4) + ")V";
    private static final int SCRATCH = 1;
    private static final int FIRST_OUTPUT = 2;

    private final MethodPlan plan;
    private final EntryPoint entry;
    private final int[] inputIndex;
    private final List<byte[]> classes = new ArrayList<>();
    private ClassWriter current;
    private int methodsInCurrent;

    private SplitClassEmitter(MethodPlan plan) {
        this.plan = plan;
        this.entry = plan.entry();
        this.inputIndex = entry.inputIndex();
    }

    /** The class files, to run in order with a copy of {@link MethodPlan#initialScratch()}. */
    public static List<byte[]> emit(MethodPlan plan) {
        SplitClassEmitter emitter = new SplitClassEmitter(plan);
        for (MethodPlan.Body body : plan.bodies()) {
            if (body instanceof MethodPlan.Straight s) emitter.straightMethod(s.nodes());
            else if (body instanceof MethodPlan.Loops l) emitter.loopMethod(l.loops());
            else emitter.outputMethod(((MethodPlan.Outputs) body).outputs());
        }
        emitter.finishClass();
        return emitter.classes;
    }

    private StraightLineEmitter straightLine(GeneratorAdapter m) {
        return new StraightLineEmitter(m, inputIndex, 0, false, 1, plan.slots());
    }

    private void straightMethod(List<Node> nodes) {
        GeneratorAdapter m = startMethod();
        StraightLineEmitter code = straightLine(m);
        for (Node n : nodes) {
            code.compute(n);
            if (plan.slots()[n.id] != 0) code.publish(n);
        }
        m.returnValue();
        m.endMethod();
    }

    private void loopMethod(List<Integer> loops) {
        GeneratorAdapter m = startMethod();
        StraightLineEmitter outside = straightLine(m);
        List<LoopEmitter> code = new ArrayList<>();
        for (int loop : loops) {
            code.add(new LoopEmitter(m, plan.loopPlan(), loop, outside, inputIndex, plan.slots(), plan.tableSlots()));
        }
        LoopEmitter.emit(m, code);
        m.returnValue();
        m.endMethod();
    }

    /** Writes the given outputs: the result to scratch slot 0, the others to their arrays. */
    private void outputMethod(List<Integer> which) {
        GeneratorAdapter m = startMethod();
        StraightLineEmitter code = straightLine(m);
        List<Node> outputs = entry.outputs();
        for (int i : which) {
            int[] target = entry.target(i);
            if (target[0] < 0) code.store(SCRATCH, 0, outputs.get(i));
            else code.store(FIRST_OUTPUT + target[0], target[1], outputs.get(i));
        }
        m.returnValue();
        m.endMethod();
    }

    private GeneratorAdapter startMethod() {
        if (current == null || methodsInCurrent == Limits.METHODS_PER_CLASS) {
            finishClass();
            current = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
            current.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null,
                    "java/lang/Object", new String[] {Type.getInternalName(SplitClass.class)});
            methodsInCurrent = 0;
        }
        Method method = new Method("method" + methodsInCurrent++, SIGNATURE);
        return new GeneratorAdapter(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, method, null, null, current);
    }

    /** Adds the constructor and run(), which calls the methods in order, and closes the class. */
    private void finishClass() {
        if (current == null) return;
        GeneratorAdapter init = new GeneratorAdapter(Opcodes.ACC_PUBLIC,
                Method.getMethod("void <init>()"), null, null, current);
        init.loadThis();
        init.invokeConstructor(Type.getType(Object.class), Method.getMethod("void <init>()"));
        init.returnValue();
        init.endMethod();
        GeneratorAdapter run = new GeneratorAdapter(Opcodes.ACC_PUBLIC, new Method("run", SIGNATURE), null, null, current);
        for (int i = 0; i < methodsInCurrent; i++) {
            run.loadArgs();
            run.invokeStatic(Type.getObjectType(NAME), new Method("method" + i, SIGNATURE));
        }
        run.returnValue();
        run.endMethod();
        current.visitEnd();
        classes.add(current.toByteArray());
        current = null;
    }
}
