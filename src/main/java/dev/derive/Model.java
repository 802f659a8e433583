package dev.derive;

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

    private Model(Program program, Map<String, String> directions) {
        this.program = program;
        this.indexing = program.indexing() != null ? program.indexing()
                : new Indexing(Map.of(), Map.of(), Map.of(), Set.of(), Set.of());
        this.directions = directions;
    }

    /**
     * Parses {@code source}; it has one output.
     *
     * @throws DeriveException with the line and column of the first problem
     */
    public static Model parse(String source) {
        Program p = ProgramParser.parse(source);
        if (p.outputs().size() != 1) {
            throw new DeriveException(1, 1, "A model has one output, but this source lists " + p.outputs().size() + ".");
        }
        return new Model(p, Map.of());
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
        String base = program.valueName() != null ? program.valueName() : "f";
        String name = "d" + base;
        for (int k = 1; taken.contains(name); k++) name = "d" + base + k;
        taken.add(name);
        Program p = new Program(program.graph(), List.copyOf(scalarInputs), List.of(t.tangent()),
                java.util.Collections.singletonList(name), name, Map.of(name, t.tangent()), Set.copyOf(taken), List.of(),
                t.indexing());
        return new Model(p, java.util.Collections.unmodifiableMap(chosen));
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

    /** The name the value is printed under: the one the source assigns it, or f (f1, ... where the source uses f). */
    public String name() {
        String assigned = program.valueName();
        if (assigned != null) return assigned;
        String name = "f";
        for (int k = 1; program.names().contains(name); k++) name = "f" + k;
        return name;
    }

    /** The array inputs, in order of first use. */
    public List<String> arrays() {
        return List.copyOf(indexing.arrays().keySet());
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
     */
    public record Tuning(boolean fuse, boolean unroll, int threads, boolean assign, boolean lazy) {
        public Tuning {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }

        /** Assigning first writes, lazy branches. */
        public Tuning(boolean fuse, boolean unroll, int threads) {
            this(fuse, unroll, threads, true, true);
        }

        /**
         * Fused, unrolled, assigning first writes and lazy on one thread, unless the system
         * properties {@code derive.indexed.fuse}, {@code derive.indexed.unroll},
         * {@code derive.indexed.assign} or {@code derive.indexed.lazy} are false or
         * {@code derive.indexed.threads} gives a number.
         */
        public static Tuning standard() {
            String threads = System.getProperty("derive.indexed.threads");
            return new Tuning(on("derive.indexed.fuse"), on("derive.indexed.unroll"),
                    threads == null ? 1 : Integer.parseInt(threads.trim()), on("derive.indexed.assign"),
                    on("derive.indexed.lazy"));
        }

        private static boolean on(String property) {
            return !"false".equals(System.getProperty(property));
        }

        /** The same, on at most {@code threads} threads. */
        public Tuning threads(int threads) {
            return new Tuning(fuse, unroll, threads, assign, lazy);
        }

        /** The same, on as many threads as there are cores. */
        public Tuning allCores() {
            return threads(Runtime.getRuntime().availableProcessors());
        }

        /** The same, fused or not. */
        public Tuning fuse(boolean fuse) {
            return new Tuning(fuse, unroll, threads, assign, lazy);
        }

        /** The same, assigning first writes or not. */
        public Tuning assign(boolean assign) {
            return new Tuning(fuse, unroll, threads, assign, lazy);
        }

        /** The same, with lazy branches or not. */
        public Tuning lazy(boolean lazy) {
            return new Tuning(fuse, unroll, threads, assign, lazy);
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
        Wrt chosen = split(wrt);
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
        Wrt chosen = split(wrt);
        if (chosen.all().isEmpty()) throw new IllegalArgumentException("a Hessian needs inputs to differentiate");
        return new CompiledModelHessian(this, chosen.arrays(), chosen.scalars(), interactions(chosen), tuning);
    }

    /**
     * Where the gradient with respect to {@code wrt} can be nonzero, for every size, without
     * compiling: a line per family of elements, {@code x[i + 1] for i = 0 .. n - 2}.
     */
    public List<String> gradientStructure(List<String> wrt) {
        return CompiledModelHessian.gradientStructure(interactions(split(wrt)));
    }

    /**
     * Where the Hessian with respect to {@code wrt} can be nonzero, for every size, without
     * compiling (as {@link CompiledModelHessian#structure()}).
     */
    public List<String> hessianStructure(List<String> wrt) {
        Wrt chosen = split(wrt);
        return CompiledModelHessian.structure(interactions(chosen), chosen.all());
    }

    private dev.derive.indexed.Interactions interactions(Wrt chosen) {
        return new dev.derive.indexed.Interactions(indexing, program.value(), new HashSet<>(chosen.arrays()),
                new HashSet<>(chosen.scalars()));
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
            if (indexing.arrays().containsKey(name)) arrays.add(name);
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
