package dev.derive.codegen;

import dev.derive.CompiledFunction;
import dev.derive.CompiledGradient;
import dev.derive.codegen.emit.SingleClassEmitter;
import dev.derive.codegen.emit.SplitClassEmitter;
import dev.derive.codegen.plan.EntryPoint;
import dev.derive.codegen.plan.Limits;
import dev.derive.codegen.plan.MethodPlan;
import dev.derive.codegen.runtime.Kernel;
import dev.derive.codegen.runtime.SplitClass;
import dev.derive.codegen.runtime.SplitFunction;
import dev.derive.codegen.runtime.SplitGradient;
import dev.derive.codegen.runtime.SplitKernel;
import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles graphs to JVM bytecode: the one door into the code generator. Classes are defined
 * as hidden classes, so they are unloaded once the compiled object is no longer referenced.
 *
 * <p>A function whose entry points each compute at most {@link Limits#SINGLE_CLASS_NODES}
 * nodes becomes one class implementing the API itself ({@link SingleClassEmitter}); a larger
 * one is planned as methods ({@link MethodPlan}) spread over classes ({@link
 * SplitClassEmitter}) that a {@link SplitFunction} runs in order.
 */
public final class BytecodeCompiler {
    private BytecodeCompiler() {}

    /** The function {@code value} of {@code variables}. */
    public static CompiledFunction function(Graph graph, List<Node> variables, Node value) {
        return function(graph, variables, value, Options.defaults());
    }

    /** The function {@code value} of {@code variables}, generated with the given rewrites. */
    public static CompiledFunction function(Graph graph, List<Node> variables, Node value, Options options) {
        return (CompiledFunction) build(new EntryPoint(graph, variables, value, List.of()), null, null, options);
    }

    /**
     * {@code value} and its gradient: {@code valueAndGradient} writes {@code partials.get(i)} to
     * {@code gradient[i]}, one partial per variable.
     */
    public static CompiledGradient gradient(Graph graph, List<Node> variables, Node value, List<Node> partials) {
        return gradient(graph, variables, value, partials, variables, Options.defaults());
    }

    /** As {@link #gradient(Graph, List, Node, List)}, generated with the given rewrites. */
    public static CompiledGradient gradient(Graph graph, List<Node> variables, Node value,
                                            List<Node> partials, Options options) {
        return gradient(graph, variables, value, partials, variables, options);
    }

    /** {@code value} and its partials with respect to {@code with}: one per variable there. */
    public static CompiledGradient gradient(Graph graph, List<Node> variables, Node value,
                                            List<Node> partials, List<Node> with) {
        return gradient(graph, variables, value, partials, with, Options.defaults());
    }

    private static CompiledGradient gradient(Graph graph, List<Node> variables, Node value,
                                             List<Node> partials, List<Node> with, Options options) {
        if (partials.size() != with.size()) throw new IllegalArgumentException("one partial per variable of 'with'");
        EntryPoint valueEntry = new EntryPoint(graph, variables, value, List.of());
        EntryPoint gradientEntry = new EntryPoint(graph, variables, value, partials);
        return (CompiledGradient) build(valueEntry, gradientEntry, names(with), options);
    }

    /** The generated class files, as {@link #gradient} would define them, for reading and checking. */
    public static List<byte[]> classFiles(Graph graph, List<Node> variables, Node value, List<Node> partials) {
        return classFiles(graph, variables, value, partials, Options.defaults());
    }

    /** The generated class files, as {@link #gradient} would define them with the given rewrites. */
    public static List<byte[]> classFiles(Graph graph, List<Node> variables, Node value, List<Node> partials,
                                          Options options) {
        EntryPoint valueEntry = new EntryPoint(graph, variables, value, List.of());
        EntryPoint gradientEntry = new EntryPoint(graph, variables, value, partials);
        if (fitsOneClass(valueEntry, gradientEntry)) {
            return List.of(SingleClassEmitter.emit(valueEntry, gradientEntry, variables.size() == 1));
        }
        List<byte[]> files = new ArrayList<>(SplitClassEmitter.emit(MethodPlan.of(valueEntry, options)));
        files.addAll(SplitClassEmitter.emit(MethodPlan.of(gradientEntry, options)));
        return files;
    }

    /** @param with the names of the gradient's variables, or null for a function alone */
    private static Object build(EntryPoint valueEntry, EntryPoint gradientEntry, List<String> with, Options options) {
        List<String> names = names(valueEntry.variables());
        if (fitsOneClass(valueEntry, gradientEntry)) {
            byte[] single = SingleClassEmitter.emit(valueEntry, gradientEntry, names.size() == 1);
            return instantiate(single, MethodType.methodType(void.class, List.class, List.class),
                    names, with == null ? names : with);
        }
        Kernel value = splitKernel(valueEntry, options);
        if (gradientEntry == null) return new SplitFunction(names, value);
        return new SplitGradient(names, with, value, splitKernel(gradientEntry, options));
    }

    /**
     * Nodes compiled as one {@link Kernel}: {@code inputs.get(i)} is {@code in[i]}, {@code result}
     * (if not null) is returned, and {@code arrays.get(k)} is written to {@code out<k>}.
     */
    public static Kernel kernel(Graph graph, List<Node> inputs, Node result, List<List<Node>> arrays) {
        return kernel(EntryPoint.withArrays(graph, inputs, result, arrays), Options.defaults());
    }

    /**
     * One entry point compiled: straight-line code in one class if it is small, split into
     * classes of methods otherwise.
     */
    public static Kernel kernel(EntryPoint entry, Options options) {
        if (entry.schedule().size() <= Limits.SINGLE_CLASS_NODES) {
            return (Kernel) instantiate(SingleClassEmitter.emitKernel(entry), MethodType.methodType(void.class));
        }
        return splitKernel(entry, options);
    }

    /** The class files of {@link #kernel(Graph, List, Node, List)}, for reading and checking. */
    public static List<byte[]> kernelClassFiles(Graph graph, List<Node> inputs, Node result, List<List<Node>> arrays) {
        return kernelClassFiles(EntryPoint.withArrays(graph, inputs, result, arrays), Options.defaults());
    }

    /** The class files of {@link #kernel}, for reading and checking. */
    public static List<byte[]> kernelClassFiles(EntryPoint entry, Options options) {
        if (entry.schedule().size() <= Limits.SINGLE_CLASS_NODES) return List.of(SingleClassEmitter.emitKernel(entry));
        return SplitClassEmitter.emit(MethodPlan.of(entry, options));
    }

    private static Kernel splitKernel(EntryPoint entry, Options options) {
        MethodPlan plan = MethodPlan.of(entry, options);
        return new SplitKernel(load(SplitClassEmitter.emit(plan)), plan.initialScratch());
    }

    private static boolean fitsOneClass(EntryPoint valueEntry, EntryPoint gradientEntry) {
        EntryPoint largest = gradientEntry != null ? gradientEntry : valueEntry;
        return largest.schedule().size() <= Limits.SINGLE_CLASS_NODES;
    }

    private static SplitClass[] load(List<byte[]> classes) {
        SplitClass[] loaded = new SplitClass[classes.size()];
        for (int i = 0; i < loaded.length; i++) {
            loaded[i] = (SplitClass) instantiate(classes.get(i), MethodType.methodType(void.class));
        }
        return loaded;
    }

    /**
     * Defines {@code bytes} as a hidden class in this package (where the emitters name their
     * classes) and makes one instance.
     */
    private static Object instantiate(byte[] bytes, MethodType constructor, Object... args) {
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return hidden.findConstructor(hidden.lookupClass(), constructor).invokeWithArguments(args);
        } catch (VirtualMachineError e) {
            throw e; // out of memory (metaspace, most likely): not a fault of the class
        } catch (Throwable e) {
            throw new IllegalStateException("generated class could not be loaded: " + e, e);
        }
    }

    private static List<String> names(List<Node> variables) {
        List<String> names = new ArrayList<>(variables.size());
        for (Node v : variables) names.add(v.name);
        return List.copyOf(names);
    }
}
