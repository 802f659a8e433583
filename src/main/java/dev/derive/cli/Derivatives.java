package dev.derive.cli;

import dev.derive.diff.ReverseMode;
import dev.derive.CompiledGradient;
import dev.derive.codegen.BytecodeCompiler;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import dev.derive.parse.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the command reports: a program's value, its partial derivatives, and their text. */
final class Derivatives {
    final Program program;
    /** The name the function is printed under: the source's own, or a free one like {@code f}. */
    final String label;
    final List<Node> variables;
    final List<Node> partials;
    private Printer printer;

    Derivatives(Program program, List<Node> variables) {
        this.program = program;
        this.label = program.valueName() != null ? program.valueName() : nameOfValue(program);
        this.variables = variables;
        this.partials = ReverseMode.gradient(program.graph(), program.value(), variables);
    }

    String partialLabel(int i) {
        return "d" + label + "/d" + variables.get(i).name;
    }

    /** The function and every partial, as lines that share their common parts. */
    List<String> listing() {
        List<Printer.Line> lines = new ArrayList<>();
        lines.add(new Printer.Line(label, program.value(), true));
        for (int i = 0; i < partials.size(); i++) {
            lines.add(new Printer.Line(partialLabel(i), partials.get(i), false));
        }
        return printer().print(lines);
    }

    /** Partial {@code i} as a program of its own whose last statement is the derivative. */
    String partialProgram(int i) {
        List<String> lines = printer().print(List.of(new Printer.Line(null, partials.get(i), false)));
        return String.join("\n", lines);
    }

    /** The value, then each partial, at {@code point}: one call of the compiled gradient. */
    double[] evaluate(Map<String, Double> point) {
        List<Node> inputs = program.inputs();
        double[] x = new double[inputs.size()];
        for (int i = 0; i < x.length; i++) x[i] = point.get(inputs.get(i).name);
        CompiledGradient compiled = BytecodeCompiler.gradient(program.graph(), inputs, program.value(), partials);
        double[] values = new double[partials.size() + 1];
        double[] gradient = new double[partials.size()];
        values[0] = compiled.valueAndGradient(x, gradient);
        System.arraycopy(gradient, 0, values, 1, gradient.length);
        return values;
    }

    /** One printer for every listing, so its per-node arrays are made once. */
    private Printer printer() {
        if (printer == null) printer = program.printer();
        return printer;
    }

    /** The name the program assigned to its value's node (as in "c = a + b; c"), or a free one. */
    private static String nameOfValue(Program program) {
        for (Map.Entry<String, Node> assignment : program.assigned().entrySet()) {
            if (assignment.getValue() == program.value()) return assignment.getKey();
        }
        return freeName(program.names());
    }

    private static String freeName(Set<String> taken) {
        if (!taken.contains("f")) return "f";
        int i = 1;
        while (taken.contains("f" + i)) i++;
        return "f" + i;
    }

    static Map<String, Node> byName(List<Node> inputs) {
        Map<String, Node> map = new LinkedHashMap<>();
        for (Node v : inputs) map.put(v.name, v);
        return map;
    }
}
