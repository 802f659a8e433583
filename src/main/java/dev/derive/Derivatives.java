package dev.derive;

import dev.derive.codegen.BytecodeCompiler;
import dev.derive.diff.Domain;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import dev.derive.parse.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * A formula's partial derivatives with respect to chosen inputs, built once by reverse mode:
 * as the text {@code derive} prints, each as a program of its own, compiled with the value,
 * and as the generated class files.
 */
public final class Derivatives {
    private final Formula formula;
    private final List<Node> variables;
    private final List<Node> partials;
    private Printer printer;

    Derivatives(Formula formula, List<Node> variables) {
        this.formula = formula;
        this.variables = variables;
        Program p = formula.program();
        this.partials = ReverseMode.gradient(p.graph(), p.value(), variables);
    }

    public Formula formula() {
        return formula;
    }

    /** The variables the derivatives are taken with respect to, in order. */
    public List<String> variables() {
        return Formula.names(variables);
    }

    /** The name partial {@code i} is printed under, such as {@code df/dx}. */
    public String name(int i) {
        return "d" + formula.name() + "/d" + variables.get(i).name;
    }

    /**
     * The function and every partial, as {@code derive} prints them: lines such as
     * {@code f = ...} and {@code df/dx = ...}, a part used more than once printed once as a
     * temporary or under the source's own name, and referred to by it.
     */
    public List<String> listing() {
        List<Printer.Line> lines = new ArrayList<>();
        lines.add(new Printer.Line(formula.name(), formula.program().value(), true));
        for (int i = 0; i < partials.size(); i++) lines.add(new Printer.Line(name(i), partials.get(i), false));
        return printer().print(lines);
    }

    /**
     * Partial {@code i} as a program of its own: temporaries first, the derivative last. It
     * parses back, so it can be differentiated again for second derivatives.
     */
    public String source(int i) {
        return String.join("\n", printer().print(List.of(new Printer.Line(null, partials.get(i), false))));
    }

    /**
     * The value and these partials compiled into one pass: {@code x[i]} is
     * {@code formula().variables().get(i)}, and {@code gradient[i]} is the partial with respect
     * to {@link CompiledGradient#gradientVariables()}{@code .get(i)}, that is {@code variables().get(i)}.
     */
    public CompiledGradient compile() {
        Program p = formula.program();
        return BytecodeCompiler.gradient(p.graph(), p.inputs(), p.value(), partials, variables);
    }

    /** The class files {@link #compile} defines, for reading and checking (ASM's Textifier prints them). */
    public List<byte[]> classFiles() {
        Program p = formula.program();
        return BytecodeCompiler.classFiles(p.graph(), p.inputs(), p.value(), partials);
    }

    /**
     * The value and the partials at {@code x} by the reference interpreter, one node at a time:
     * slow, and the standard compiled code is checked against. Fills {@code gradient} and
     * returns the value, as {@link CompiledGradient#valueAndGradient} does.
     */
    public double interpret(double[] x, double[] gradient) {
        if (gradient.length != partials.size()) {
            throw new IllegalArgumentException("expected a gradient array of length " + partials.size()
                    + " but got one of " + gradient.length);
        }
        Program p = formula.program();
        List<Node> outputs = new ArrayList<>(partials.size() + 1);
        outputs.add(p.value());
        outputs.addAll(partials);
        double[] values = Interpreter.evaluate(p.graph(), outputs, formula.point(x));
        System.arraycopy(values, 1, gradient, 0, gradient.length);
        return Domain.restrict(values[0], gradient);
    }

    private Printer printer() {
        if (printer == null) printer = formula.program().printer();
        return printer;
    }
}
