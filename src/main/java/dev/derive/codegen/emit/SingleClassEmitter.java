package dev.derive.codegen.emit;

import dev.derive.CompiledFunction;
import dev.derive.CompiledGradient;
import dev.derive.codegen.plan.EntryPoint;
import dev.derive.codegen.runtime.Checks;
import dev.derive.codegen.runtime.Kernel;
import dev.derive.diff.Domain;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * A function small enough for one method per entry point, compiled into one class that
 * implements the API interfaces itself: the fastest shape, with every value in a local.
 */
public final class SingleClassEmitter {
    /** The name the class is defined under (a hidden class, so the names never clash). */
    public static final String NAME = "dev/derive/codegen/SingleClassImpl";
    private static final Type LIST = Type.getType(List.class);
    private static final Type CHECKS = Type.getType(Checks.class);

    private SingleClassEmitter() {}

    /**
     * @param gradientEntry the plan of valueAndGradient, or null for a function without one
     * @param scalar whether to implement {@link DoubleUnaryOperator} too (one input)
     */
    public static byte[] emit(EntryPoint valueEntry, EntryPoint gradientEntry, boolean scalar) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        List<String> interfaces = new ArrayList<>();
        interfaces.add(Type.getInternalName(gradientEntry != null ? CompiledGradient.class : CompiledFunction.class));
        if (scalar) interfaces.add(Type.getInternalName(DoubleUnaryOperator.class));
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null,
                "java/lang/Object", interfaces.toArray(String[]::new));
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "variables", LIST.getDescriptor(), null, null)
                .visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "gradientVariables", LIST.getDescriptor(), null, null)
                .visitEnd();
        constructor(cw);
        getter(cw, "variables");
        if (gradientEntry != null) getter(cw, "gradientVariables");
        value(cw, valueEntry);
        if (gradientEntry != null) valueAndGradient(cw, gradientEntry);
        if (scalar) applyAsDouble(cw, valueEntry);
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@code <init>(variables, gradientVariables)}. */
    /** The name a small {@link Kernel} is defined under. */
    public static final String KERNEL_NAME = "dev/derive/codegen/KernelImpl";

    /**
     * One entry point as a class implementing {@link Kernel}: {@code run(in, out0, out1)} is
     * straight-line code with every value in a local.
     */
    public static byte[] emitKernel(EntryPoint entry) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, KERNEL_NAME, null,
                "java/lang/Object", new String[] {Type.getInternalName(Kernel.class)});
        GeneratorAdapter init = method(cw, "void <init>()");
        init.loadThis();
        init.invokeConstructor(Type.getType(Object.class), Method.getMethod("void <init>()"));
        init.returnValue();
        init.endMethod();
        GeneratorAdapter m = method(cw, "double run(double[], double[], double[])");
        StraightLineEmitter code = compute(m, entry, 0, false);
        for (int k = 0; k < entry.arrays().size(); k++) {
            List<Node> array = entry.arrays().get(k);
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i) != null) code.store(1 + k, i, array.get(i));
            }
        }
        if (entry.result() != null) code.load(entry.result());
        else m.push(0.0);
        m.returnValue();
        m.endMethod();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void constructor(ClassWriter cw) {
        GeneratorAdapter m = method(cw, "void <init>(java.util.List, java.util.List)");
        m.loadThis();
        m.invokeConstructor(Type.getType(Object.class), Method.getMethod("void <init>()"));
        for (int arg = 0; arg < 2; arg++) {
            m.loadThis();
            m.loadArg(arg);
            m.putField(Type.getObjectType(NAME), arg == 0 ? "variables" : "gradientVariables", LIST);
        }
        m.returnValue();
        m.endMethod();
    }

    /** {@code List name()}, returning the field of that name. */
    private static void getter(ClassWriter cw, String name) {
        GeneratorAdapter m = method(cw, "java.util.List " + name + "()");
        m.loadThis();
        m.getField(Type.getObjectType(NAME), name, LIST);
        m.returnValue();
        m.endMethod();
    }

    private static void value(ClassWriter cw, EntryPoint entry) {
        GeneratorAdapter m = method(cw, "double value(double[])");
        check(m, "inputs", 0, entry.variables().size());
        StraightLineEmitter code = compute(m, entry, 0, false);
        code.load(entry.result());
        m.returnValue();
        m.endMethod();
    }

    private static void valueAndGradient(ClassWriter cw, EntryPoint entry) {
        GeneratorAdapter m = method(cw, "double valueAndGradient(double[], double[])");
        check(m, "inputs", 0, entry.variables().size());
        check(m, "gradient", 1, entry.gradient().size());
        StraightLineEmitter code = compute(m, entry, 0, false);
        for (int i = 0; i < entry.gradient().size(); i++) {
            code.store(1, i, entry.gradient().get(i));
        }
        code.load(entry.result());
        m.loadArg(1);
        m.invokeStatic(Type.getType(Domain.class), Method.getMethod("double restrict(double, double[])"));
        m.returnValue();
        m.endMethod();
    }

    private static void applyAsDouble(ClassWriter cw, EntryPoint entry) {
        GeneratorAdapter m = method(cw, "double applyAsDouble(double)");
        StraightLineEmitter code = compute(m, entry, 0, true);
        code.load(entry.result());
        m.returnValue();
        m.endMethod();
    }

    private static StraightLineEmitter compute(GeneratorAdapter m, EntryPoint entry, int inputArg, boolean scalar) {
        StraightLineEmitter code = new StraightLineEmitter(m, entry.inputIndex(), inputArg, scalar, -1, null);
        for (Node n : entry.schedule()) code.compute(n);
        return code;
    }

    /** Calls Checks.inputs or Checks.gradient on argument {@code arg}. Stack: unchanged. */
    private static void check(GeneratorAdapter m, String which, int arg, int expected) {
        m.loadArg(arg);
        m.push(expected);
        m.invokeStatic(CHECKS, new Method(which, "([DI)V"));
    }

    private static GeneratorAdapter method(ClassWriter cw, String signature) {
        Method method = Method.getMethod(signature);
        return new GeneratorAdapter(Opcodes.ACC_PUBLIC, method, null, null, cw);
    }
}
