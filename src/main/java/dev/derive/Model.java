package dev.derive;

import dev.derive.graph.Affine;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.indexed.Backprop;
import dev.derive.indexed.Planner;
import dev.derive.indexed.Scopes;
import dev.derive.indexed.Step;
import dev.derive.indexed.Tangents;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model written with arrays and indexed sums, such as extended Rosenbrock,
 * {@code sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)}: compiled once, with
 * respect to the inputs you choose, and run on arrays of any size, bound at each call.
 *
 * <pre>{@code
 * Model m = Model.parse("sum(i = 0 .. m-1, log1p(exp(-y[i] * (sum(j = 0 .. d-1, w[j]*X[i,j]) + b))))");
 * CompiledModel f = m.compile("w", "b");       // X and y are data
 * Bindings data = f.bind().matrix("X", rows).array("y", labels).array("w", w).scalar("b", 0);
 * CompiledModel.Gradient g = f.newGradient(data);
 * double loss = f.valueAndGradient(data, g);    // g.array("w"), g.scalar("b")
 * }</pre>
 *
 * A model is not thread-safe (compiling adds to its graph); what it compiles is.
 */
public final class Model {
    private final Program program;
    private final Indexing indexing;
    /** For a model made by {@link #tangent}, each input's direction; empty for a parsed one. */
    private final Map<String, String> directions;
    /**
     * The arrays that stand for an array output ({@link Program.Definition}), each with its
     * indexes' last values: bound by the call itself, to zeros of the shape the sizes give.
     */
    private final Map<String, List<Affine>> outputArrays;

    /**
     * The value whose reads say what the sizes are: this model's, or for a derivative
     * ({@link #tangent}), the model's it was derived from. A derivative may not read what the
     * model reads (the tangent of x[i+1] - x[i]^2 reads x[i+1] only in its direction), yet its
     * sizes are the model's.
     */
    private final Node sizeRoot;

    private Model(Program program, Map<String, String> directions, Map<String, List<Affine>> outputArrays,
                  Node sizeRoot) {
        this.program = program;
        this.indexing = program.indexing() != null ? program.indexing()
                : new Indexing(Map.of(), Map.of(), Map.of(), Set.of(), Set.of());
        this.directions = directions;
        this.outputArrays = outputArrays;
        this.sizeRoot = sizeRoot;
    }

    /**
     * Parses {@code source}; it has one output.
     *
     * @throws DeriveException with the line and column of the first problem
     */
    public static Model parse(String source) {
        Program p = ProgramParser.parse(source);
        if (p.outputs().size() != 1) {
            throw new DeriveException(1, 1, "A model has one output, but this source lists " + p.outputs().size()
                    + " (Model.parseAll gives a model for each).");
        }
        Program.Definition d = p.definition();
        return new Model(p, Map.of(), d == null ? Map.of() : Map.of(d.array(), d.lasts()), p.value());
    }

    /**
     * Parses {@code source} into a model for each output its last statement lists: one, or
     * several ({@code loss = ...; penalty = ...; loss, penalty}), each named as it is listed (f1,
     * f2, ... where a value has no name). They share one graph, so what they have in common is
     * parsed once; each is compiled and differentiated on its own.
     *
     * @throws DeriveException with the line and column of the first problem
     */
    public static List<Model> parseAll(String source) {
        Program p = ProgramParser.parse(source);
        if (p.outputs().size() == 1) {
            Program.Definition d = p.definition();
            return List.of(new Model(p, Map.of(), d == null ? Map.of() : Map.of(d.array(), d.lasts()), p.value()));
        }
        List<Model> models = new ArrayList<>();
        Set<String> taken = new HashSet<>(p.names());
        for (int k = 0; k < p.outputs().size(); k++) {
            String name = p.outputNames().get(k);
            if (name == null) {
                int free = k + 1;
                while (taken.contains("f" + free)) free++;
                name = "f" + free;
            }
            taken.add(name);
            Node value = p.outputs().get(k);
            Program one = new Program(p.graph(), p.inputs(), List.of(value), java.util.Collections.singletonList(name),
                    name, p.assigned(), p.names(), p.warnings(), p.indexing(), null);
            models.add(new Model(one, Map.of(), Map.of(), value));
        }
        return List.copyOf(models);
    }

    /**
     * Forward mode: the directional derivative along a direction for each input named, as a model
     * of its own whose value is the sum over those inputs u of ∂f/∂u · du. Each array's direction
     * is an array of its shape, each scalar's a scalar, named by {@link #direction} (du, or du1,
     * ... where the source uses du). Like any model it is compiled once for every size, and its
     * gradient with respect to the same inputs is the Hessian times the direction.
     *
     * @throws IllegalArgumentException if a name is not an array or scalar input, or is given twice
     */
    public Model tangent(String... inputs) {
        requireNumber("its forward-mode derivative along a direction is the Jacobian times it: jacobian()");
        return tangentOf(inputs);
    }

    /** {@link #tangent}, also of an array output's stand-in ({@link Program.Definition}). */
    Model tangentOf(String... inputs) {
        Map<String, String> chosen = new java.util.LinkedHashMap<>();
        Set<String> taken = new HashSet<>(program.names());
        taken.addAll(indexing.arrays().keySet());
        taken.addAll(indexing.sizes());
        taken.addAll(indexing.loopVariables());
        for (String name : inputs) {
            if (!indexing.arrays().containsKey(name) && !scalars().contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not an input of the model" + known());
            }
            if (chosen.containsKey(name)) throw new IllegalArgumentException("'" + name + "' is given more than once");
            String direction = "d" + name;
            for (int k = 1; taken.contains(direction); k++) direction = "d" + name + k;
            taken.add(direction);
            chosen.put(name, direction);
        }
        Tangents.Result t = Tangents.of(program.graph(), indexing, program.value(), chosen);
        List<Node> scalarInputs = new ArrayList<>(program.inputs());
        for (Map.Entry<String, String> d : chosen.entrySet()) {
            if (!indexing.arrays().containsKey(d.getKey())) scalarInputs.add(program.graph().variable(d.getValue()));
        }
        String base = assignedName() != null ? assignedName() : "f";
        String name = "d" + base;
        for (int k = 1; taken.contains(name); k++) name = "d" + base + k;
        taken.add(name);
        Program p = new Program(program.graph(), List.copyOf(scalarInputs), List.of(t.tangent()),
                java.util.Collections.singletonList(name), name, Map.of(name, t.tangent()), Set.copyOf(taken), List.of(),
                t.indexing(), null);
        return new Model(p, java.util.Collections.unmodifiableMap(chosen), outputArrays, sizeRoot);
    }

    /** Located messages about legal but suspicious source, such as an array defined and never read. */
    public List<String> warnings() {
        return program.warnings();
    }

    /** For a model made by {@link #tangent}: each input differentiated and its direction's name; else empty. */
    public Map<String, String> directions() {
        return directions;
    }

    /** For a model made by {@link #tangent}: the name of the direction of {@code input}. */
    public String direction(String input) {
        String d = directions.get(input);
        if (d == null) throw new IllegalArgumentException("'" + input + "' has no direction in this model");
        return d;
    }

    /**
     * The name the value is printed under: the one its statement assigns, or the name the source
     * assigned to it (as in "c = sum(...); c"), or f (f1, ... where the source uses f).
     */
    public String name() {
        String assigned = assignedName();
        if (assigned != null) return assigned;
        String name = "f";
        for (int k = 1; program.names().contains(name); k++) name = "f" + k;
        return name;
    }

    private String assignedName() {
        if (program.valueName() != null) return program.valueName();
        for (Map.Entry<String, Node> assignment : program.assigned().entrySet()) {
            if (assignment.getValue() == program.value()) return assignment.getKey();
        }
        return null;
    }

    /**
     * The computational graph in Graphviz DOT, for every size: a node per array element read,
     * scalar input, operation and reduction, what a loop computes each iteration drawn once in a
     * box for its loop variables, each edge labelled with its local derivative (from a term to
     * its reduction, how the reduction's adjoint reaches the term). Comments at the top count
     * its nodes and edges and the sweeps each mode needs for the partials with respect to {@code wrt}.
     *
     * @throws IllegalArgumentException if a name is not an array or scalar input, or is given twice
     */
    public String explain(List<String> wrt) {
        return explain(List.of(this), wrt);
    }

    /**
     * {@link #explain} for the outputs of one source ({@link #parseAll}): one graph, what they
     * share drawn once.
     *
     * @throws IllegalArgumentException if a name is not an array or scalar input, or is given
     *     twice, or the models are not of one source
     */
    public static String explain(List<Model> outputs, List<String> wrt) {
        Model first = outputs.get(0);
        for (Model m : outputs) {
            if (m.program.graph() != first.program.graph()) {
                throw new IllegalArgumentException("the models are not the outputs of one source");
            }
        }
        Wrt chosen = first.split(wrt);
        return ModelExplanation.of(outputs, chosen.arrays(), chosen.scalars());
    }

    /** The array inputs, in order of first use. */
    public List<String> arrays() {
        List<String> inputs = new ArrayList<>(indexing.arrays().keySet());
        inputs.removeAll(outputArrays.keySet());
        return List.copyOf(inputs);
    }

    /**
     * The rank of the value: 0 for a number, 1 or 2 for an array defined as
     * {@code r[k = 0 .. n-2] = ...} or {@code R[k = 0 .. m-1, l = 0 .. d-1] = ...}
     * ({@link #compileArray()}, {@link #jacobian}).
     */
    public int outputRank() {
        Program.Definition d = program.definition();
        return d == null ? 0 : d.rank();
    }

    /** For an array output, its indexes' names and ranges as written: {@code k = 0 .. n - 2}; else empty. */
    public List<String> outputRanges() {
        Program.Definition d = program.definition();
        if (d == null) return List.of();
        List<String> ranges = new ArrayList<>();
        for (int k = 0; k < d.rank(); k++) ranges.add(d.indexes().get(k) + " = 0 .. " + d.lasts().get(k));
        return ranges;
    }

    Node sizeRoot() {
        return sizeRoot;
    }

    Map<String, List<Affine>> outputArrays() {
        return outputArrays;
    }

    private void requireNumber(String instead) {
        if (program.definition() != null) {
            throw new IllegalArgumentException("the model's value '" + name() + "' is an array; " + instead);
        }
    }

    /** 1 for an array indexed {@code x[i]}, 2 for one indexed {@code X[i,j]}. */
    public int rank(String array) {
        Integer rank = indexing.arrays().get(array);
        if (rank == null) throw new IllegalArgumentException("'" + array + "' is not an array of this model" + known());
        return rank;
    }

    /** The scalar inputs, in order of first use. */
    public List<String> scalars() {
        List<String> names = new ArrayList<>();
        for (Node v : program.inputs()) names.add(v.name);
        return names;
    }

    /** The sizes: the names in ranges' bounds, integers given at call time or implied by the arrays. */
    public List<String> sizes() {
        return List.copyOf(indexing.sizes());
    }

    /** Whether the source uses arrays or sums (else it is a formula of scalars). */
    public boolean indexed() {
        return program.indexing() != null;
    }

    /**
     * How a model is compiled and run; every setting gives the same numbers, bit for bit.
     *
     * @param fuse whether a sum's loop computes its gradient in the same pass where it can
     * @param unroll whether a sum's innermost loop is unrolled, one copy per lane of its order
     * @param threads at most how many threads a call runs a loop's chunks on (1: the calling thread alone)
     * @param assign whether the loop that first writes an array's gradient assigns its elements
     *     where it can, rather than adding into an array cleared beforehand
     * @param lazy whether compiled code computes what only one branch of an if needs only
     *     where that branch is taken
     * @param carry whether a gradient element that one iteration of a loop assigns and the next
     *     adds to is kept in a local in between, rather than stored and read back
     */
    public record Tuning(boolean fuse, boolean unroll, int threads, boolean assign, boolean lazy, boolean carry) {
        public Tuning {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }

        /** Assigning first writes, lazy branches, carrying. */
        public Tuning(boolean fuse, boolean unroll, int threads) {
            this(fuse, unroll, threads, true, true, true);
        }

        /** Carrying. */
        public Tuning(boolean fuse, boolean unroll, int threads, boolean assign, boolean lazy) {
            this(fuse, unroll, threads, assign, lazy, true);
        }

        /**
         * Fused, unrolled, assigning first writes, lazy and carrying on one thread, unless the
         * system properties {@code derive.indexed.fuse}, {@code derive.indexed.unroll},
         * {@code derive.indexed.assign}, {@code derive.indexed.lazy} or
         * {@code derive.indexed.carry} are false or {@code derive.indexed.threads} gives a number.
         */
        public static Tuning standard() {
            String threads = System.getProperty("derive.indexed.threads");
            return new Tuning(on("derive.indexed.fuse"), on("derive.indexed.unroll"),
                    threads == null ? 1 : Integer.parseInt(threads.trim()), on("derive.indexed.assign"),
                    on("derive.indexed.lazy"), on("derive.indexed.carry"));
        }

        private static boolean on(String property) {
            return !"false".equals(System.getProperty(property));
        }

        /** The same, on at most {@code threads} threads. */
        public Tuning threads(int threads) {
            return new Tuning(fuse, unroll, threads, assign, lazy, carry);
        }

        /** The same, on as many threads as there are cores. */
        public Tuning allCores() {
            return threads(Runtime.getRuntime().availableProcessors());
        }

        /** The same, fused or not. */
        public Tuning fuse(boolean fuse) {
            return new Tuning(fuse, unroll, threads, assign, lazy, carry);
        }

        /** The same, assigning first writes or not. */
        public Tuning assign(boolean assign) {
            return new Tuning(fuse, unroll, threads, assign, lazy, carry);
        }

        /** The same, carrying or not. */
        public Tuning carry(boolean carry) {
            return new Tuning(fuse, unroll, threads, assign, lazy, carry);
        }

        /** The same, with lazy branches or not. */
        public Tuning lazy(boolean lazy) {
            return new Tuning(fuse, unroll, threads, assign, lazy, carry);
        }
    }

    /** The value, and its gradient with respect to {@code wrt} (arrays and scalars), compiled. */
    public CompiledModel compile(String... wrt) {
        return compile(List.of(wrt), Tuning.standard());
    }

    /**
     * The value, and its gradient with respect to {@code wrt} (arrays and scalars; none for the
     * value alone), compiled with {@code tuning}.
     *
     * @throws IllegalArgumentException if a name is not an array or scalar input, or is given twice
     */
    public CompiledModel compile(List<String> wrt, Tuning tuning) {
        requireNumber("compile it with compileArray(), its derivatives with jacobian(...)");
        return compileAny(split(wrt), tuning);
    }

    /** The value of an array output, compiled: {@code r[k]} for every k, for any sizes. */
    public CompiledArray compileArray() {
        return compileArray(Tuning.standard());
    }

    /**
     * The value of an array output, compiled with {@code tuning}.
     *
     * @throws IllegalArgumentException if the value is a number
     */
    public CompiledArray compileArray(Tuning tuning) {
        if (program.definition() == null) throw new IllegalArgumentException("the model's value is a number: compile()");
        return new CompiledArray(this, tuning);
    }

    /** The sparse Jacobian of an array output with respect to {@code wrt} (arrays and scalars), compiled. */
    public CompiledModelJacobian jacobian(String... wrt) {
        return jacobian(List.of(wrt), Tuning.standard());
    }

    /**
     * The sparse Jacobian of an array output with respect to {@code wrt}, compiled with
     * {@code tuning}: its structure for every size, and its entries from Jacobian-vector products.
     *
     * @throws IllegalArgumentException if the value is a number, or a name is not an array or
     *     scalar input, or is given twice, or none is
     */
    public CompiledModelJacobian jacobian(List<String> wrt, Tuning tuning) {
        if (program.definition() == null) {
            throw new IllegalArgumentException("the model's value is a number: its Jacobian is its gradient, compile(...)");
        }
        Wrt chosen = split(wrt);
        if (chosen.all().isEmpty()) throw new IllegalArgumentException("a Jacobian needs inputs to differentiate");
        return new CompiledModelJacobian(this, chosen.arrays(), chosen.scalars(), tuning);
    }

    /** The value and the gradient with respect to {@code wrt}, of a number or of an array output's stand-in. */
    CompiledModel compileAny(List<String> arrays, List<String> scalars, Tuning tuning) {
        return compileAny(new Wrt(List.copyOf(arrays), List.copyOf(scalars)), tuning);
    }

    private CompiledModel compileAny(Wrt chosen, Tuning tuning) {
        Set<String> arrays = new LinkedHashSet<>(chosen.arrays());
        List<String> scalars = chosen.scalars();
        // a copy whose reductions differentiation may add to (a product's derivative adds two)
        Indexing own = new Indexing(indexing.arrays(), indexing.elements(), new java.util.LinkedHashMap<>(indexing.reductions()),
                indexing.loopVariables(), indexing.sizes());
        Scopes scopes = new Scopes(program.graph(), own, arrays, new HashSet<>(scalars));
        scopes.guard(program.value());
        Planner planner = new Planner(scopes);
        Node output = program.value();
        List<Step> value = planner.values(List.of(output), 0L, new HashSet<>());
        Backprop.Gradient gradient = new Backprop(planner, arrays, tuning.fuse()).of(output, scalars);
        return new CompiledModel(this, scopes, output, value, gradient, List.copyOf(arrays), scalars, tuning);
    }

    /**
     * The gradient with respect to {@code wrt} as statements of the language, one per input, by
     * input: {@code df_dx[k = 0 .. n - 1] = ...} for an array (each element's partial gathered
     * from the terms that read it, with its boundary cases as ifs), {@code df_db = ...} for a
     * scalar. Each parses back as a model of its own, so it can be differentiated again; its
     * numbers agree with the compiled gradient's to rounding ({@code dev.derive.indexed.Gathered}).
     * An array's ranges reach the last element the model reads. Where the text would be too
     * long to be of use (it writes a shared value out at each use), the input's entry is null.
     */
    public Map<String, String> gradientFormulas(List<String> wrt) {
        requireNumber("its derivatives are its Jacobian, jacobian(...)");
        Wrt chosen = split(wrt);
        return dev.derive.indexed.Gathered.of(program.graph(), indexing, program.value(), name(), chosen.arrays(),
                chosen.scalars(), program.names());
    }

    /** The sparse Hessian with respect to {@code wrt} (arrays and scalars), compiled. */
    public CompiledModelHessian hessian(String... wrt) {
        return hessian(List.of(wrt), Tuning.standard());
    }

    /**
     * The sparse Hessian with respect to {@code wrt} (arrays and scalars), compiled with
     * {@code tuning}: its structure for every size, and its entries from Hessian-vector products.
     *
     * @throws IllegalArgumentException if a name is not an array or scalar input, or is given twice, or none is
     */
    public CompiledModelHessian hessian(List<String> wrt, Tuning tuning) {
        requireNumber("its second derivatives are not available");
        Wrt chosen = split(wrt);
        if (chosen.all().isEmpty()) throw new IllegalArgumentException("a Hessian needs inputs to differentiate");
        return new CompiledModelHessian(this, chosen.arrays(), chosen.scalars(), interactions(chosen), tuning);
    }

    /**
     * Where the gradient with respect to {@code wrt} can be nonzero, for every size, without
     * compiling: a line per family of elements, {@code x[i + 1] for i = 0 .. n - 2}.
     */
    public List<String> gradientStructure(List<String> wrt) {
        requireNumber("its structure is the Jacobian's, jacobian(...).structure()");
        return CompiledModelHessian.gradientStructure(interactions(split(wrt)));
    }

    /**
     * Where the Hessian with respect to {@code wrt} can be nonzero, for every size, without
     * compiling (as {@link CompiledModelHessian#structure()}).
     */
    public List<String> hessianStructure(List<String> wrt) {
        requireNumber("its second derivatives are not available");
        Wrt chosen = split(wrt);
        return CompiledModelHessian.structure(interactions(chosen), chosen.all());
    }

    dev.derive.indexed.Interactions interactions(List<String> arrays, List<String> scalars) {
        return new dev.derive.indexed.Interactions(indexing, program.value(), new HashSet<>(arrays), new HashSet<>(scalars));
    }

    private dev.derive.indexed.Interactions interactions(Wrt chosen) {
        return interactions(chosen.arrays(), chosen.scalars());
    }

    /** Inputs to differentiate: arrays, then scalars, in the order given. */
    private record Wrt(List<String> arrays, List<String> scalars) {
        List<String> all() {
            List<String> all = new ArrayList<>(arrays);
            all.addAll(scalars);
            return all;
        }
    }

    /** The names in {@code wrt}, arrays and scalars apart, each checked. */
    private Wrt split(List<String> wrt) {
        List<String> arrays = new ArrayList<>();
        List<String> scalars = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : wrt) {
            if (!seen.add(name)) throw new IllegalArgumentException("'" + name + "' is given more than once");
            if (arrays().contains(name)) arrays.add(name);
            else if (outputArrays.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is the model's value; differentiate it with respect to its inputs"
                        + known());
            }
            else if (scalars().contains(name)) scalars.add(name);
            else if (indexing.sizes().contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is a size, an integer: it has no derivative");
            } else {
                throw new IllegalArgumentException("'" + name + "' is not an input of the model" + known());
            }
        }
        return new Wrt(List.copyOf(arrays), List.copyOf(scalars));
    }

    Program program() {
        return program;
    }

    Indexing indexing() {
        return indexing;
    }

    private String known() {
        List<String> all = new ArrayList<>(arrays());
        all.addAll(scalars());
        return all.isEmpty() ? "" : "; its inputs are " + String.join(", ", all);
    }
}
