package dev.derive;

import dev.derive.codegen.BytecodeCompiler;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A source parsed into its computation graph: the function, its input variables, and any
 * warnings. From it come the function compiled ({@link #compile}) and its partial derivatives
 * ({@link #derivatives}), as text and compiled; {@link Derive}'s one-call methods are made of
 * these.
 *
 * <pre>{@code
 * Formula f = Formula.parse("c = a + b; d = b + 1; e = c * d");
 * Derivatives d = f.derivatives();            // de/da, de/db
 * d.listing();                                // ["c = a + b", "d = b + 1", "e = c*d", "de/da = d", "de/db = c + d"]
 * d.compile().valueAndGradient(new double[] {2, 1}, gradient);
 * }</pre>
 *
 * <p>A formula is not thread-safe: differentiating adds nodes to its graph. What it compiles
 * is.
 */
public final class Formula {
    private final Program program;
    private final List<String> outputs;

    private Formula(Program program) {
        this.program = program;
        this.outputs = outputNames(program);
    }

    /**
     * Parses {@code source}, a program of scalars in derive's language (one with arrays or sums
     * is a {@link Model}).
     *
     * @throws DeriveException with the line and column of the first problem
     */
    public static Formula parse(String source) {
        Program program = ProgramParser.parse(source);
        if (program.indexing() != null) throw needsModel(program.indexing());
        return new Formula(program);
    }

    /** The error for a source with arrays or sums, at the first of them. */
    private static DeriveException needsModel(dev.derive.graph.Indexing indexing) {
        int line = Integer.MAX_VALUE;
        int column = 0;
        for (var e : indexing.elements().values()) {
            if (e.line() < line || e.line() == line && e.column() < column) {
                line = e.line();
                column = e.column();
            }
        }
        for (var r : indexing.reductions().values()) {
            if (r.line() < line || r.line() == line && r.column() < column) {
                line = r.line();
                column = r.column();
            }
        }
        return new DeriveException(line, column, "This source has arrays or sums: it is a model, compiled with"
                + " dev.derive.Model (or given data with --data), not a formula of scalars.");
    }

    /** The input variables: every name the source uses and does not assign, in order of first appearance. */
    public List<String> variables() {
        return names(program.inputs());
    }

    /**
     * The name the function is printed under: the one the source gives its value, or a free one
     * like {@code f}; for a formula with several outputs, the first one's.
     */
    public String name() {
        return outputs.get(0);
    }

    /**
     * The outputs' names, in order: the last statement's values, named by the names they are
     * listed by ({@code y1, y2}), else by position, {@code f1}, {@code f2}, ... (the next free
     * number where the source uses that name);
     * a single output by {@link #name()}.
     */
    public List<String> outputs() {
        return outputs;
    }

    /** Located messages about legal but suspicious source, such as a statement whose value nothing uses. */
    public List<String> warnings() {
        return program.warnings();
    }

    /** The number of nodes in the graph: the function's, and its derivatives' once they are made. */
    public int nodes() {
        return program.graph().size();
    }

    /**
     * The function compiled; {@code x[i]} is {@code variables().get(i)}.
     *
     * @throws IllegalArgumentException if the formula has several outputs
     */
    public CompiledFunction compile() {
        if (outputs.size() != 1) {
            throw new IllegalArgumentException("compile needs a formula with one output, but this one has " + outputs);
        }
        return BytecodeCompiler.function(program.graph(), program.inputs(), program.value());
    }

    /**
     * The (first) output's value at {@code x} by the reference interpreter, one node at a time:
     * slow, and the standard compiled code is checked against.
     */
    public double interpret(double[] x) {
        return Interpreter.evaluate(program.graph(), List.of(program.value()), point(x))[0];
    }

    /** The partial derivatives with respect to every input, built the cheaper way. */
    public Derivatives derivatives() {
        return new Derivatives(this, program.inputs(), Mode.AUTO);
    }

    /**
     * The partial derivatives with respect to the inputs {@code wrt}, in that order, built the
     * cheaper way; the other inputs are held fixed (data, say).
     *
     * @throws IllegalArgumentException if a name is not an input, or is given twice
     */
    public Derivatives derivatives(List<String> wrt) {
        return derivatives(wrt, Mode.AUTO);
    }

    /**
     * The partial derivatives with respect to the inputs {@code wrt} (all of them if null), in
     * that order, built in {@code mode}.
     *
     * @throws IllegalArgumentException if a name is not an input, or is given twice
     */
    public Derivatives derivatives(List<String> wrt, Mode mode) {
        if (wrt == null) return new Derivatives(this, program.inputs(), mode);
        Map<String, Node> inputs = new HashMap<>();
        for (Node v : program.inputs()) inputs.put(v.name, v);
        Set<Node> chosen = new LinkedHashSet<>();
        for (String name : wrt) {
            Node v = inputs.get(name);
            if (v == null) {
                throw new IllegalArgumentException("'" + name + "' is not an input variable of the source"
                        + known(program.inputs()));
            }
            if (!chosen.add(v)) throw new IllegalArgumentException("'" + name + "' is given more than once");
        }
        return new Derivatives(this, List.copyOf(chosen), mode);
    }

    Program program() {
        return program;
    }

    /** The variables bound to {@code x}, by name, for the interpreter. */
    Map<String, Double> point(double[] x) {
        List<Node> inputs = program.inputs();
        if (x.length != inputs.size()) {
            throw new IllegalArgumentException("expected " + inputs.size() + " input values, one per variable,"
                    + " but got an array of " + x.length);
        }
        Map<String, Double> point = new HashMap<>();
        for (int i = 0; i < x.length; i++) point.put(inputs.get(i).name, x[i]);
        return point;
    }

    static List<String> names(List<Node> variables) {
        List<String> names = new ArrayList<>(variables.size());
        for (Node v : variables) names.add(v.name);
        return List.copyOf(names);
    }

    private static String known(List<Node> inputs) {
        List<String> names = new ArrayList<>();
        for (Node v : inputs) {
            if (names.size() == 10) {
                names.add("...");
                break;
            }
            names.add(v.name);
        }
        return names.isEmpty() ? " (it has none)" : " (" + String.join(", ", names) + ")";
    }

    /**
     * A single output's name: the one its statement assigns, or the name the program assigned to
     * its node (as in "c = a + b; c"), or a free one; several outputs' names: those they are
     * listed by, or free ones f1, f2, ...
     */
    private static List<String> outputNames(Program program) {
        if (program.outputs().size() == 1) {
            if (program.valueName() != null) return List.of(program.valueName());
            for (Map.Entry<String, Node> assignment : program.assigned().entrySet()) {
                if (assignment.getValue() == program.value()) return List.of(assignment.getKey());
            }
            return List.of(program.names().contains("f") ? free(program.names(), "f", 1) : "f");
        }
        List<String> names = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>(program.names());
        for (int i = 0; i < program.outputNames().size(); i++) {
            String listed = program.outputNames().get(i);
            String name = listed != null ? listed : free(taken, "f", i + 1);
            taken.add(name);
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** The first of prefix+from, prefix+(from+1), ... that the program does not use. */
    private static String free(Set<String> taken, String prefix, int from) {
        int i = from;
        while (taken.contains(prefix + i)) i++;
        return prefix + i;
    }
}
