package dev.derive.codegen;

import dev.derive.CompiledFunction;
import dev.derive.CompiledGradient;
import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles graphs to JVM bytecode. Classes are defined as hidden classes, so they are unloaded
 * once the compiled object is no longer referenced.
 *
 * <p>A function whose entry points each compute at most {@link #SINGLE_CLASS_LIMIT} nodes
 * becomes one class implementing the API itself; a larger one becomes {@link PartClasses}.
 */
public final class BytecodeCompiler {
    static final int SINGLE_CLASS_LIMIT = 200;

    private BytecodeCompiler() {}

    /** The function {@code value} of {@code variables}. */
    public static CompiledFunction function(Graph graph, List<Node> variables, Node value) {
        return function(graph, variables, value, Options.defaults());
    }

    /** The function {@code value} of {@code variables}, generated with the given rewrites. */
    public static CompiledFunction function(Graph graph, List<Node> variables, Node value, Options options) {
        return (CompiledFunction) build(new Plan(graph, variables, value, List.of()), null, null, options);
    }

    /**
     * {@code value} and its gradient: {@code valueAndGradient} writes {@code partials.get(i)} to
     * {@code gradient[i]}. The API passes one partial per variable; the command line may pass fewer.
     */
    public static CompiledGradient gradient(Graph graph, List<Node> variables, Node value,
                                            List<Node> partials) {
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
        Plan valuePlan = new Plan(graph, variables, value, List.of());
        Plan gradientPlan = new Plan(graph, variables, value, partials);
        return (CompiledGradient) build(valuePlan, gradientPlan, names(with), options);
    }

    /** The generated class files, as {@link #gradient} would define them, for reading and checking. */
    public static List<byte[]> classFiles(Graph graph, List<Node> variables, Node value, List<Node> partials) {
        return classFiles(graph, variables, value, partials, Options.defaults());
    }

    /** The generated class files, as {@link #gradient} would define them with the given rewrites. */
    public static List<byte[]> classFiles(Graph graph, List<Node> variables, Node value, List<Node> partials,
                                          Options options) {
        Generated generated = generate(new Plan(graph, variables, value, List.of()),
                new Plan(graph, variables, value, partials), options);
        if (generated.single() != null) return List.of(generated.single());
        List<byte[]> files = new ArrayList<>(generated.values().classes());
        files.addAll(generated.gradients().classes());
        return files;
    }

    /** Either one class, or the parts of the value and of the gradient (null if not asked). */
    private record Generated(byte[] single, PartClasses.Layout values, PartClasses.Layout gradients) {}

    private static Generated generate(Plan valuePlan, Plan gradientPlan, Options options) {
        if (fitsOneClass(valuePlan, gradientPlan)) {
            boolean scalar = valuePlan.variables().size() == 1;
            return new Generated(SingleClass.generate(valuePlan, gradientPlan, scalar), null, null);
        }
        return new Generated(null, PartClasses.generate(valuePlan, options),
                gradientPlan == null ? null : PartClasses.generate(gradientPlan, options));
    }

    /** @param with the names of the gradient's variables, or null for a function alone */
    private static Object build(Plan valuePlan, Plan gradientPlan, List<String> with, Options options) {
        List<String> names = names(valuePlan.variables());
        Generated generated = generate(valuePlan, gradientPlan, options);
        if (generated.single() != null) {
            return instantiate(generated.single(), MethodType.methodType(void.class, List.class, List.class),
                    names, with == null ? names : with);
        }
        Part[] valueParts = parts(generated.values());
        if (gradientPlan == null) {
            return new ChunkedFunction(names, valueParts, generated.values().initialScratch(), null);
        }
        return new ChunkedGradient(names, with, valueParts, generated.values().initialScratch(),
                parts(generated.gradients()), generated.gradients().initialScratch(),
                gradientPlan.gradient().size());
    }

    private static boolean fitsOneClass(Plan valuePlan, Plan gradientPlan) {
        Plan largest = gradientPlan != null ? gradientPlan : valuePlan;
        return largest.schedule().size() <= SINGLE_CLASS_LIMIT;
    }

    private static Part[] parts(PartClasses.Layout layout) {
        Part[] parts = new Part[layout.classes().size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = (Part) instantiate(layout.classes().get(i), MethodType.methodType(void.class));
        }
        return parts;
    }

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
