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
    private final String name;

    private Formula(Program program) {
        this.program = program;
        this.name = program.valueName() != null ? program.valueName() : nameOfValue(program);
    }

    /**
     * Parses {@code source}, a program in derive's language.
     *
     * @throws DeriveException with the line and column of the first problem
     */
    public static Formula parse(String source) {
        return new Formula(ProgramParser.parse(source));
    }

    /** The input variables: every name the source uses and does not assign, in order of first appearance. */
    public List<String> variables() {
        return names(program.inputs());
    }

    /** The name the function is printed under: the one the source gives its value, or a free one like {@code f}. */
    public String name() {
        return name;
    }

    /** Located messages about legal but suspicious source, such as a statement whose value nothing uses. */
    public List<String> warnings() {
        return program.warnings();
    }

    /** The number of nodes in the graph: the function's, and its derivatives' once they are made. */
    public int nodes() {
        return program.graph().size();
    }

    /** The function compiled; {@code x[i]} is {@code variables().get(i)}. */
    public CompiledFunction compile() {
        return BytecodeCompiler.function(program.graph(), program.inputs(), program.value());
    }

    /**
     * The function's value at {@code x} by the reference interpreter, one node at a time: slow,
     * and the standard compiled code is checked against.
     */
    public double interpret(double[] x) {
        return Interpreter.evaluate(program.graph(), List.of(program.value()), point(x))[0];
    }

    /** The partial derivatives with respect to every input. */
    public Derivatives derivatives() {
        return new Derivatives(this, program.inputs());
    }

    /**
     * The partial derivatives with respect to the inputs {@code wrt}, in that order; the other
     * inputs are held fixed (data, say).
     *
     * @throws IllegalArgumentException if a name is not an input, or is given twice
     */
    public Derivatives derivatives(List<String> wrt) {
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
        return new Derivatives(this, List.copyOf(chosen));
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

    /** The name the program assigned to its value's node (as in "c = a + b; c"), or a free one. */
    private static String nameOfValue(Program program) {
        for (Map.Entry<String, Node> assignment : program.assigned().entrySet()) {
            if (assignment.getValue() == program.value()) return assignment.getKey();
        }
        if (!program.names().contains("f")) return "f";
        int i = 1;
        while (program.names().contains("f" + i)) i++;
        return "f" + i;
    }
}
