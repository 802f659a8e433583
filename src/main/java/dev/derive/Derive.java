package dev.derive;

import dev.derive.codegen.BytecodeCompiler;
import dev.derive.diff.Domain;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Compiles formulas given as text to JVM bytecode: the function, its derivative, or its value
 * and full gradient. The source language is the one the {@code derive} command reads; inputs
 * are the names the source does not assign, in order of first appearance.
 *
 * <pre>{@code
 * CompiledGradient f = Derive.gradient("1/(1 + exp(-(w0*x0 + w1*x1 + w2)))");
 * double[] g = new double[5];
 * double y = f.valueAndGradient(new double[] {2, -1, -3, -2, -3}, g);
 * }</pre>
 *
 * <p>Every method throws {@link DeriveException}, with a line and column, for bad source text.
 */
public final class Derive {
    private Derive() {}

    /** A source with exactly one input, compiled. */
    public static DoubleUnaryOperator compile(String source) {
        Program program = oneInput(source, "compile");
        return (DoubleUnaryOperator) BytecodeCompiler.function(program.graph(), program.inputs(), program.value());
    }

    /** The first derivative of a source with exactly one input, compiled. */
    public static DoubleUnaryOperator derivative(String source) {
        Program program = oneInput(source, "derivative");
        Node partial = ReverseMode.gradient(program.graph(), program.value(), program.inputs()).get(0);
        Node restricted = Domain.restrict(program.graph(), program.value(), partial);
        return (DoubleUnaryOperator) BytecodeCompiler.function(program.graph(), program.inputs(), restricted);
    }

    /** A source with any number of inputs, compiled; {@code x[i]} is {@code variables().get(i)}. */
    public static CompiledFunction function(String source) {
        Program program = ProgramParser.parse(source);
        return BytecodeCompiler.function(program.graph(), program.inputs(), program.value());
    }

    /** A source's value and full gradient, compiled into one pass. */
    public static CompiledGradient gradient(String source) {
        Program program = ProgramParser.parse(source);
        List<Node> partials = ReverseMode.gradient(program.graph(), program.value(), program.inputs());
        return BytecodeCompiler.gradient(program.graph(), program.inputs(), program.value(), partials);
    }

    /**
     * The partial derivative of a source with respect to {@code variable}, as a program in the
     * same language: temporaries first, the derivative last, as {@code derive --json} prints it.
     * Feed it back for second derivatives:
     * {@code Derive.derivative(Derive.derivativeSource("x^4", "x"))} is 12x^2.
     *
     * @throws IllegalArgumentException if {@code variable} is not an input of the source
     */
    public static String derivativeSource(String source, String variable) {
        Program program = ProgramParser.parse(source);
        Node input = program.inputs().stream().filter(v -> v.name.equals(variable)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + variable + "' is not an input"
                        + " of the source; its inputs are " + program.inputs().stream().map(v -> v.name).toList()));
        Node partial = ReverseMode.gradient(program.graph(), program.value(), List.of(input)).get(0);
        return String.join("\n", program.printer().print(List.of(new Printer.Line(null, partial, false))));
    }

    private static Program oneInput(String source, String method) {
        Program program = ProgramParser.parse(source);
        int count = program.inputs().size();
        if (count != 1) {
            List<String> names = program.inputs().stream().map(v -> v.name).toList();
            throw new IllegalArgumentException(method + " needs a source with exactly one input"
                    + " variable, but this one has " + count + (count == 0 ? "" : ": " + names));
        }
        return program;
    }
}
