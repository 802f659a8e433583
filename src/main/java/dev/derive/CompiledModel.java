package dev.derive;

import dev.derive.codegen.loops.LoopCompiler;
import dev.derive.codegen.runtime.LoopKernel;
import dev.derive.graph.Node;
import dev.derive.indexed.Backprop;
import dev.derive.indexed.FirstWrites;
import dev.derive.indexed.Layout;
import dev.derive.indexed.Runner;
import dev.derive.indexed.Scopes;
import dev.derive.indexed.Shapes;
import dev.derive.indexed.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Model} compiled: its value, and its gradient with respect to the inputs chosen, as
 * loops over sizes given at call time, so one compile serves every size. Immutable and
 * thread-safe; a call allocates a few small arrays for each loop at the top level (the values
 * it reads and its chunks' sums, {@code dev.derive.indexed.Order}).
 * Out-of-range accesses and arrays of the wrong shape are {@link IllegalArgumentException}s
 * naming the array, the index and the size; where the value is NaN, so is every partial.
 */
public final class CompiledModel {
    private final Model model;
    private final Scopes scopes;
    private final Layout layout;
    private final Shapes shapes;
    private final Node output;
    private final List<Step> valueSteps;
    private final Backprop.Gradient gradient;
    /** The gradient's steps as run: clearing its arrays, first writes assigned ({@link FirstWrites}). */
    private final List<Step> gradientSteps;
    private final List<String> wrtArrays;
    private final List<String> wrtScalars;
    private final List<Node> partialSlots;
    private final LoopKernel value;
    private final LoopKernel valueAndGradient;
    /** What the value's kernel is given for gradients: it writes none. */
    private final double[][] noGradients;

    CompiledModel(Model model, Scopes scopes, Node output, List<Step> valueSteps, Backprop.Gradient gradient,
                  List<String> wrtArrays, List<String> wrtScalars, Model.Tuning tuning) {
        this.model = model;
        this.scopes = scopes;
        this.layout = Layout.of(scopes.indexing(), model.scalars());
        this.shapes = new Shapes(sizeScopes(scopes, model.sizeRoot(), output), model.sizeRoot(),
                model.outputArrays().keySet());
        this.output = output;
        this.valueSteps = valueSteps;
        this.gradient = gradient;
        this.wrtArrays = wrtArrays;
        this.wrtScalars = wrtScalars;
        this.partialSlots = new ArrayList<>();
        for (String s : wrtScalars) partialSlots.add(gradient.scalarPartials().get(s));
        this.noGradients = new double[layout.arrays().size()][];
        this.gradientSteps = FirstWrites.of(scopes, gradient.steps(), wrtArrays, tuning.assign());
        this.value = LoopCompiler.compile(scopes, layout, valueSteps, output, List.of(), tuning.unroll(), tuning.lazy(), tuning.carry(),
                tuning.threads());
        this.valueAndGradient = LoopCompiler.compile(scopes, layout, gradientSteps, output, partialSlots,
                tuning.unroll(), tuning.lazy(), tuning.carry(), tuning.threads());
    }

    /**
     * Scopes that know the guards of {@code sizeRoot}'s reads: {@code scopes} where it is the
     * value compiled, else scopes of its own (a derivative's sizes follow from its model's reads).
     */
    private static Scopes sizeScopes(Scopes scopes, Node sizeRoot, Node output) {
        if (sizeRoot == output) return scopes;
        Scopes own = new Scopes(scopes.graph(), scopes.indexing(), java.util.Set.of(), java.util.Set.of());
        own.guard(sizeRoot);
        return own;
    }

    /** The compiled value and gradient, for tests of the code generator. */
    LoopKernel valueAndGradientKernel() {
        return valueAndGradient;
    }

    /** The inputs differentiated with respect to: arrays, then scalars. */
    public List<String> wrt() {
        List<String> all = new ArrayList<>(wrtArrays);
        all.addAll(wrtScalars);
        return all;
    }

    public Model model() {
        return model;
    }

    /** Empty bindings for this model's inputs. */
    public Bindings bind() {
        return new Bindings(this, layout, model.outputArrays());
    }

    /** Checks the bindings and works out their sizes (and an array output's shape). */
    void resolve(Bindings b) {
        b.resolve(this, shapes);
    }

    /** A place for a gradient with no arrays yet: {@link #valueAndGradient} gives it their sizes. */
    Gradient emptyGradient() {
        return new Gradient();
    }

    /** A place for the gradient of a call with these bindings. */
    public Gradient newGradient(Bindings b) {
        b.resolve(this, shapes);
        Gradient g = new Gradient();
        g.fit(b);
        return g;
    }

    /** The value. */
    public double value(Bindings b) {
        b.resolve(this, shapes);
        return value.run(b.arrays(), b.dims(), b.sizes(), b.scalars(), noGradients, null);
    }

    /** The value, and the gradient into {@code g} (resized if the arrays' sizes changed). */
    public double valueAndGradient(Bindings b, Gradient g) {
        double v = valueAndGradientKept(b, g);
        if (v != v) g.fill(v);
        return v;
    }

    /**
     * As {@link #valueAndGradient}, but partials are kept where the value is NaN: for an array
     * output's stand-in ({@code dev.derive.parse.Program.Definition}), whose value nobody reads.
     */
    double valueAndGradientKept(Bindings b, Gradient g) {
        b.resolve(this, shapes);
        g.fit(b);
        g.clear();
        return valueAndGradient.run(b.arrays(), b.dims(), b.sizes(), b.scalars(), g.arrays, g.scalars);
    }

    /** As {@link #interpret}, partials kept where the value is NaN. */
    double interpretKept(Bindings b, Gradient g) {
        b.resolve(this, shapes);
        g.fit(b);
        g.clear();
        List<Node> results = new ArrayList<>();
        results.add(output);
        results.addAll(partialSlots);
        long[] sizes = Arrays.stream(b.sizes()).asLongStream().toArray();
        double[] r = Runner.run(scopes, layout, gradientSteps, results, b.arrays(), b.dims(), sizes, b.scalars(),
                g.arrays);
        System.arraycopy(r, 1, g.scalars, 0, g.scalars.length);
        return r[0];
    }

    /** As {@link #valueAndGradient}, by the reference interpreter: slow, and what compiled code is checked against. */
    public double interpret(Bindings b, Gradient g) {
        double v = interpretKept(b, g);
        if (v != v) g.fill(v);
        return v;
    }

    /** The value by the reference interpreter. */
    public double interpretValue(Bindings b) {
        b.resolve(this, shapes);
        long[] sizes = Arrays.stream(b.sizes()).asLongStream().toArray();
        return Runner.run(scopes, layout, valueSteps, List.of(output), b.arrays(), b.dims(), sizes, b.scalars(),
                new double[layout.arrays().size()][])[0];
    }

    /**
     * The generated class files: the value's, then the value-and-gradient's; a program too large
     * to compile, which is interpreted, has none.
     */
    public List<byte[]> classFiles() {
        Model.Tuning t = Model.Tuning.standard();
        List<byte[]> files = new ArrayList<>();
        for (byte[] f : new byte[][] {
            LoopCompiler.classFile(scopes, layout, valueSteps, output, List.of(), t.unroll(), t.lazy(), t.carry()),
            LoopCompiler.classFile(scopes, layout, gradientSteps, output, partialSlots, t.unroll(), t.lazy(), t.carry())}) {
            if (f != null) files.add(f);
        }
        return files;
    }

    /** The name the value is printed under: the one the source assigns it, or f. */
    public String name() {
        return model.name();
    }

    /** The value and the gradient as text: the value as a formula, the gradient as the loops that compute it. */
    public List<String> listing() {
        return dev.derive.indexed.Listing.of(scopes, name(), output, gradient.steps(), wrtArrays,
                gradient.scalarPartials(), model.program().names());
    }

    /** The value size {@code size} has with these bindings: given, or implied by the arrays. */
    public int size(Bindings b, String size) {
        b.resolve(this, shapes);
        return b.sizes()[layout.size(size)];
    }

    List<Step> gradientSteps() {
        return gradientSteps;
    }

    List<Step> valueSteps() {
        return valueSteps;
    }

    Scopes scopes() {
        return scopes;
    }

    /**
     * The partial derivatives of one call: an array for each differentiated array, the size of
     * the array bound (row-major for a 2-D one), and a number for each differentiated scalar.
     */
    public final class Gradient {
        private final double[][] arrays = new double[layout.arrays().size()][];
        private final double[] scalars = new double[wrtScalars.size()];

        private Gradient() {}

        /** The partials with respect to each element of {@code array}, in index order (row-major). */
        public double[] array(String array) {
            int k = wrtArrays.indexOf(array);
            if (k < 0) throw new IllegalArgumentException("'" + array + "' is not differentiated; these are " + wrt());
            return arrays[layout.array(array)];
        }

        /** The partial with respect to {@code scalar}. */
        public double scalar(String scalar) {
            int k = wrtScalars.indexOf(scalar);
            if (k < 0) throw new IllegalArgumentException("'" + scalar + "' is not differentiated; these are " + wrt());
            return scalars[k];
        }

        /** Writes {@code array}'s partials into {@code into} from now on (while its length fits). */
        void adopt(String array, double[] into) {
            arrays[layout.array(array)] = into;
        }

        void fit(Bindings b) {
            for (String name : wrtArrays) {
                int k = layout.array(name);
                if (arrays[k] == null || arrays[k].length != b.length(k)) arrays[k] = new double[b.length(k)];
            }
        }

        /** Clears the scalars' partials; the arrays' are cleared by the gradient's own steps. */
        void clear() {
            Arrays.fill(scalars, 0);
        }

        void fill(double v) {
            for (double[] a : arrays) if (a != null) Arrays.fill(a, v);
            Arrays.fill(scalars, v);
        }
    }
}
