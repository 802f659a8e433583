package dev.derive;

import dev.derive.codegen.BytecodeCompiler;
import dev.derive.diff.Domain;
import dev.derive.codegen.runtime.HessianKernels;
import dev.derive.codegen.runtime.JacobianKernels;
import dev.derive.codegen.runtime.WeightedHessianKernels;
import dev.derive.codegen.runtime.Kernel;
import dev.derive.diff.ForwardMode;
import dev.derive.diff.Hessians;
import dev.derive.diff.Jacobians;
import dev.derive.diff.Partials;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Graph;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import dev.derive.parse.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * A formula's partial derivatives, every output with respect to chosen inputs, built once in
 * reverse or forward mode ({@link Mode}): as the text {@code derive} prints, each as a program
 * of its own, compiled, and as the generated class files. For a formula with one output this
 * is its gradient; with several, its Jacobian.
 */
public final class Derivatives {
    private final Formula formula;
    private final List<Node> variables;
    private final Jacobians.Built built;
    private Printer printer;

    Derivatives(Formula formula, List<Node> variables, Mode mode) {
        this.formula = formula;
        this.variables = variables;
        Program p = formula.program();
        Jacobians.Direction direction = switch (mode) {
            case FORWARD -> Jacobians.Direction.FORWARD;
            case REVERSE -> Jacobians.Direction.REVERSE;
            case AUTO -> null;
        };
        this.built = Jacobians.build(p.graph(), p.outputs(), variables, direction);
    }

    public Formula formula() {
        return formula;
    }

    /** The variables the derivatives are taken with respect to, in order. */
    public List<String> variables() {
        return Formula.names(variables);
    }

    /** The outputs' names, in order: those of {@link Formula#outputs()}. */
    public List<String> outputs() {
        return formula.outputs();
    }

    /** How they were built: {@link Mode#FORWARD} or {@link Mode#REVERSE}. */
    public Mode mode() {
        return built.direction() == Jacobians.Direction.FORWARD ? Mode.FORWARD : Mode.REVERSE;
    }

    /**
     * How the derivatives were built and what they cost, such as {@code reverse mode, 1 sweep
     * (one per output); the function and its partials take 12 operations, forward mode's 15}.
     */
    public String explanation() {
        boolean forward = built.direction() == Jacobians.Direction.FORWARD;
        int sweeps = forward ? variables.size() : outputs().size();
        int otherSweeps = forward ? outputs().size() : variables.size();
        String per = forward ? "input" : "output";
        String otherPer = forward ? "output" : "input";
        int other = forward ? built.reverseOperations() : built.forwardOperations();
        StringBuilder s = new StringBuilder(built.direction().word()).append(" mode, ").append(sweeps)
                .append(sweeps == 1 ? " sweep" : " sweeps").append(" (one per ").append(per).append(")");
        if (other < 0) s.append(" rather than ").append(otherSweeps).append(" (one per ").append(otherPer).append(")");
        s.append("; the function and its partials take ").append(built.operations()).append(" operations");
        if (other >= 0) s.append(", ").append(forward ? "reverse" : "forward").append(" mode's ").append(other);
        return s.toString();
    }

    /** The operations the function needs alone, and with every partial. */
    public int[] operations() {
        Program p = formula.program();
        return new int[] {Jacobians.operations(p.graph(), p.outputs()), built.operations()};
    }

    /** The name partial {@code i} of the first output is printed under, such as {@code df/dx}. */
    public String name(int i) {
        return name(0, i);
    }

    /** The name of the partial of output {@code output} with respect to variable {@code variable}. */
    public String name(int output, int variable) {
        return "d" + outputs().get(output) + "/d" + variables.get(variable).name;
    }

    /**
     * The outputs and every partial, as {@code derive} prints them: lines such as
     * {@code f = ...} and {@code df/dx = ...}, a part used more than once printed once as a
     * temporary or under the source's own name, and referred to by it.
     */
    public List<String> listing() {
        return listing(false);
    }

    /**
     * As {@link #listing()}, and with {@code hessians} each output's second partials after its
     * first: the Hessian's lower triangle, each pair of variables once, its entries that are not
     * zero everywhere, such as {@code d2f/dx^2} and {@code d2f/dxdy}.
     */
    public List<String> listing(boolean hessians) {
        Program p = formula.program();
        List<Printer.Line> lines = new ArrayList<>();
        for (int i = 0; i < p.outputs().size(); i++) {
            lines.add(new Printer.Line(outputs().get(i), p.outputs().get(i), true));
        }
        for (int i = 0; i < p.outputs().size(); i++) {
            for (int j = 0; j < variables.size(); j++) lines.add(new Printer.Line(name(i, j), partial(i, j), false));
            if (!hessians) continue;
            for (Hessians.Entry e : hessianEntries(i)) {
                lines.add(new Printer.Line(secondName(i, e.row(), e.column()), e.node(), false));
            }
        }
        return printer().print(lines);
    }

    /** The name of the second partial of an output with respect to two variables: {@code d2f/dx^2}, {@code d2f/dxdy}. */
    public String secondName(int output, int row, int column) {
        String f = outputs().get(output);
        String a = variables.get(column).name;
        String b = variables.get(row).name;
        return row == column ? "d2" + f + "/d" + a + "^2" : "d2" + f + "/d" + a + "d" + b;
    }

    /** Partial {@code i} of the first output as a program of its own; see {@link #source(int, int)}. */
    public String source(int i) {
        return source(0, i);
    }

    /**
     * The partial of output {@code output} with respect to variable {@code variable} as a program
     * of its own: temporaries first, the derivative last. It parses back, so it can be
     * differentiated again for second derivatives.
     */
    public String source(int output, int variable) {
        Printer.Line line = new Printer.Line(null, partial(output, variable), false);
        return String.join("\n", printer().print(List.of(line)));
    }

    /**
     * The value and these partials compiled into one pass: {@code x[i]} is
     * {@code formula().variables().get(i)}, and {@code gradient[i]} is the partial with respect
     * to {@link CompiledGradient#gradientVariables()}{@code .get(i)}, that is {@code variables().get(i)}.
     *
     * @throws IllegalArgumentException if the formula has several outputs ({@link #compileJacobian})
     */
    public CompiledGradient compile() {
        Program p = oneOutput("compile");
        return BytecodeCompiler.gradient(p.graph(), p.inputs(), p.value(), row(0), variables);
    }

    /**
     * The outputs, the Jacobian and its products compiled: {@code x[i]} is
     * {@code formula().variables().get(i)}, the Jacobian's columns are {@link #variables()}.
     * The products are built as their own sweeps, forward for {@code J·v} and reverse for
     * {@code uᵀ·J}, so neither forms the Jacobian.
     */
    public CompiledJacobian compileJacobian() {
        Program p = formula.program();
        Graph g = p.graph();
        List<Node> outputs = p.outputs();
        Partials partials = built.partials();
        int m = outputs.size();
        int n = variables.size();
        List<Node> dense = null;
        if ((long) m * n <= DENSE_LIMIT) {
            dense = new ArrayList<>(java.util.Collections.nCopies(m * n, (Node) null));
        }
        List<Node> nonzeros = new ArrayList<>();
        List<int[]> structure = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            int[] columns = partials.nonzeroColumns(i);
            List<Node> row = partials.nonzeros(i);
            for (int k = 0; k < columns.length; k++) {
                if (dense != null) dense.set(i * n + columns[k], row.get(k));
                nonzeros.add(row.get(k));
                structure.add(new int[] {i, columns[k]});
            }
        }
        Kernel values = BytecodeCompiler.kernel(g, p.inputs(), null, List.of(outputs));
        Kernel jacobian = dense == null ? null : BytecodeCompiler.kernel(g, p.inputs(), null, List.of(outputs, dense));
        Kernel sparse = BytecodeCompiler.kernel(g, p.inputs(), null, List.of(outputs, nonzeros));
        int[] rows = structure.stream().mapToInt(e -> e[0]).toArray();
        int[] columns = structure.stream().mapToInt(e -> e[1]).toArray();
        List<Node> v = seeds(g, "v", variables.size());
        List<Node> tangents = ForwardMode.over(g, outputs).sweep(variables, v);
        List<Node> jv = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) jv.add(Domain.restrict(g, outputs.get(i), tangents.get(i)));
        Kernel jvp = BytecodeCompiler.kernel(g, joined(p.inputs(), v), null, List.of(jv));
        List<Node> u = seeds(g, "u", outputs.size());
        List<Node> restricted = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) restricted.add(Domain.restrict(g, outputs.get(i), u.get(i)));
        List<Node> uj = ReverseMode.vectorJacobian(g, outputs, restricted, variables);
        Kernel vjp = BytecodeCompiler.kernel(g, joined(p.inputs(), u), null, List.of(uj));
        return new JacobianKernels(formula.variables(), outputs(), variables(), values, jacobian, jvp, vjp,
                sparse, rows, columns);
    }

    /** The most entries a dense Jacobian or Hessian may have to be compiled: 4M doubles, 32 MB. */
    private static final long DENSE_LIMIT = 4L << 20;

    /**
     * The value, gradient and Hessian compiled, with respect to {@link #variables()}: dense,
     * sparse with its structure, and {@code H·v}. Built forward over reverse
     * ({@link Hessians}): a forward sweep over the gradient per variable, each pair of
     * variables once.
     *
     * @throws IllegalArgumentException if the formula has several outputs ({@link #compileWeightedHessian})
     */
    public CompiledHessian compileHessian() {
        Program p = oneOutput("compileHessian");
        Graph g = p.graph();
        List<Node> gradient = row(0);
        List<Hessians.Entry> lower = Hessians.lowerTriangle(g, gradient, variables);
        int n = variables.size();
        Kernel dense = null;
        if ((long) n * n <= DENSE_LIMIT) {
            List<Node> entries = new ArrayList<>(java.util.Collections.nCopies(n * n, (Node) null));
            for (Hessians.Entry e : lower) {
                entries.set(e.row() * n + e.column(), e.node());
                entries.set(e.column() * n + e.row(), e.node());
            }
            dense = BytecodeCompiler.kernel(g, p.inputs(), p.value(), List.of(gradient, entries));
        }
        List<Node> nonzeros = new ArrayList<>(lower.size());
        for (Hessians.Entry e : lower) nonzeros.add(e.node());
        Kernel sparse = BytecodeCompiler.kernel(g, p.inputs(), p.value(), List.of(gradient, nonzeros));
        List<Node> v = seeds(g, "v", n);
        List<Node> hv = Hessians.hessianVector(g, gradient, variables, v);
        Kernel hessianVector = BytecodeCompiler.kernel(g, joined(p.inputs(), v), p.value(), List.of(hv));
        return new HessianKernels(compile(), dense, sparse, hessianVector,
                lower.stream().mapToInt(Hessians.Entry::row).toArray(),
                lower.stream().mapToInt(Hessians.Entry::column).toArray());
    }

    /**
     * The Hessian of a weighted sum of the outputs, {@code Σ w[i]·∇²y[i]}, with the weights
     * given at call time, compiled sparse and as {@code H·v} (see {@link CompiledWeightedHessian}).
     */
    public CompiledWeightedHessian compileWeightedHessian() {
        Program p = formula.program();
        Graph g = p.graph();
        List<Node> outputs = p.outputs();
        List<Node> w = seeds(g, "w", outputs.size());
        List<Node> restricted = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) restricted.add(Domain.restrict(g, outputs.get(i), w.get(i)));
        List<Node> gradient = Hessians.weightedGradient(g, outputs, restricted, variables);
        List<Hessians.Entry> lower = Hessians.lowerTriangle(g, gradient, variables);
        List<Node> nonzeros = new ArrayList<>(lower.size());
        for (Hessians.Entry e : lower) nonzeros.add(e.node());
        List<Node> xw = joined(p.inputs(), w);
        Kernel sparse = BytecodeCompiler.kernel(g, xw, null, List.of(nonzeros));
        List<Node> v = seeds(g, "v", variables.size());
        List<Node> hv = Hessians.hessianVector(g, gradient, variables, v);
        Kernel hessianVector = BytecodeCompiler.kernel(g, joined(xw, v), null, List.of(hv));
        return new WeightedHessianKernels(formula.variables(), outputs(), variables.size(), sparse, hessianVector,
                lower.stream().mapToInt(Hessians.Entry::row).toArray(),
                lower.stream().mapToInt(Hessians.Entry::column).toArray());
    }

    /**
     * The variables output {@code output} depends on: the columns of its row of the Jacobian
     * that are not zero everywhere, known symbolically.
     */
    public int[] jacobianSparsity(int output) {
        return built.partials().nonzeroColumns(output);
    }

    /**
     * The entries of output {@code output}'s Hessian that are not zero everywhere, in its lower
     * triangle, row by row: {row, column} pairs with {@code column <= row}.
     */
    public int[][] hessianSparsity(int output) {
        return hessianEntries(output).stream().map(e -> new int[] {e.row(), e.column()}).toArray(int[][]::new);
    }

    /**
     * The Hessian's lower triangle, its entries that are not zero everywhere, row by row, for
     * output {@code output}: {row, column} pairs and their nodes, built forward over reverse.
     */
    List<Hessians.Entry> hessianEntries(int output) {
        return Hessians.lowerTriangle(formula.program().graph(), row(output), variables);
    }

    /**
     * The computational graph in Graphviz DOT, each edge labelled with its local partial
     * derivative, with counts of nodes, edges, paths and the edge visits of each mode in
     * comments at the top; with {@code x} (or null), each node's value and adjoint and each
     * edge's derivative at that point.
     */
    public String explain(double[] x) {
        return Explanation.of(formula, x);
    }

    /**
     * Variables standing for a vector the compiled code is given at run time, such as the v of
     * J·v; their names cannot be written in the language, so they never meet the source's own.
     */
    static List<Node> seeds(Graph g, String name, int count) {
        List<Node> seeds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) seeds.add(g.variable("\u2022" + name + i));
        return seeds;
    }

    private static List<Node> joined(List<Node> a, List<Node> b) {
        List<Node> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The class files {@link #compile} defines, for reading and checking (ASM's Textifier prints
     * them); for several outputs, those of the code {@link #compileJacobian} runs for the outputs
     * and the Jacobian's nonzeros in one pass ({@link CompiledJacobian#sparseJacobian}).
     */
    public List<byte[]> classFiles() {
        Program p = formula.program();
        if (p.outputs().size() == 1) return BytecodeCompiler.classFiles(p.graph(), p.inputs(), p.value(), row(0));
        List<Node> nonzeros = new ArrayList<>();
        for (int i = 0; i < p.outputs().size(); i++) nonzeros.addAll(built.partials().nonzeros(i));
        return BytecodeCompiler.kernelClassFiles(p.graph(), p.inputs(), null, List.of(p.outputs(), nonzeros));
    }

    /**
     * The value and the partials at {@code x} by the reference interpreter, one node at a time:
     * slow, and the standard compiled code is checked against. Fills {@code gradient} and
     * returns the value, as {@link CompiledGradient#valueAndGradient} does.
     */
    public double interpret(double[] x, double[] gradient) {
        Program p = oneOutput("interpret");
        if (gradient.length != variables.size()) {
            throw new IllegalArgumentException("expected a gradient array of length " + variables.size()
                    + " but got one of " + gradient.length);
        }
        double[] values = new double[1];
        interpret(x, values, gradient);
        return values[0];
    }

    /**
     * The outputs into {@code values} and the partials into {@code jacobian} (row-major, a row
     * per output) at {@code x}, by the reference interpreter; where an output is NaN, so is its row.
     */
    public void interpret(double[] x, double[] values, double[] jacobian) {
        Program p = formula.program();
        List<Node> nodes = new ArrayList<>(p.outputs());
        for (int i = 0; i < p.outputs().size(); i++) nodes.addAll(row(i));
        double[] all = Interpreter.evaluate(p.graph(), nodes, formula.point(x));
        int m = p.outputs().size();
        int n = variables.size();
        System.arraycopy(all, 0, values, 0, m);
        System.arraycopy(all, m, jacobian, 0, m * n);
        for (int i = 0; i < m; i++) {
            if (values[i] != values[i]) java.util.Arrays.fill(jacobian, i * n, (i + 1) * n, values[i]);
        }
    }

    Node partial(int output, int variable) {
        return built.partials().get(output, variable);
    }

    List<Node> row(int output) {
        return built.partials().row(output);
    }

    List<Node> variableNodes() {
        return variables;
    }

    private Program oneOutput(String method) {
        Program p = formula.program();
        if (p.outputs().size() != 1) {
            throw new IllegalArgumentException(method + " needs a formula with one output, but this one has "
                    + p.outputs().size() + " " + outputs() + "; compile its Jacobian instead");
        }
        return p;
    }

    private Printer printer() {
        if (printer == null) printer = formula.program().printer();
        return printer;
    }
}
