package dev.derive;

import dev.derive.codegen.BytecodeCompiler;
import dev.derive.diff.Domain;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.List;
import java.util.Map;
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
        return (DoubleUnaryOperator) oneInput(source, "compile").compile();
    }

    /**
     * The first derivative of a source with exactly one input, compiled; NaN where the
     * function's value is (see {@link CompiledGradient#valueAndGradient}).
     */
    public static DoubleUnaryOperator derivative(String source) {
        Program program = oneInput(source, "derivative").program();
        Node partial = ReverseMode.gradient(program.graph(), program.value(), program.inputs()).get(0);
        Node restricted = Domain.restrict(program.graph(), program.value(), partial);
        return (DoubleUnaryOperator) BytecodeCompiler.function(program.graph(), program.inputs(), restricted);
    }

    /** A source with any number of inputs, compiled; {@code x[i]} is {@code variables().get(i)}. */
    public static CompiledFunction function(String source) {
        return Formula.parse(source).compile();
    }

    /** A source's value and full gradient, compiled into one pass. */
    public static CompiledGradient gradient(String source) {
        return Formula.parse(source).derivatives().compile();
    }

    /**
     * A source's outputs (one or several: its last statement may list values, {@code y1, y2}),
     * their Jacobian and its products, compiled.
     */
    public static CompiledJacobian jacobian(String source) {
        return Formula.parse(source).derivatives().compileJacobian();
    }

    /**
     * A source of one output compiled with its gradient and Hessian, dense and sparse, and its
     * Hessian-vector product.
     */
    public static CompiledHessian hessian(String source) {
        return Formula.parse(source).derivatives().compileHessian();
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
        return Formula.parse(source).derivatives(List.of(variable)).source(0);
    }

    /**
     * The value of one constant expression, such as {@code pi/4} or {@code max(1, min(2, 3))}:
     * an expression and nothing else, without variables.
     *
     * @throws DeriveException if the text is not one expression (two statements, an assignment)
     * @throws IllegalArgumentException if it uses a variable
     */
    public static double constant(String expression) {
        Program program = ProgramParser.parseExpression(expression);
        if (!program.inputs().isEmpty()) {
            throw new IllegalArgumentException("not a constant: it uses the variable '" + program.inputs().get(0).name + "'");
        }
        return Interpreter.evaluate(program.graph(), List.of(program.value()), Map.of())[0];
    }

    private static Formula oneInput(String source, String method) {
        Formula formula = Formula.parse(source);
        int count = formula.variables().size();
        if (count != 1) {
            throw new IllegalArgumentException(method + " needs a source with exactly one input"
                    + " variable, but this one has " + count + (count == 0 ? "" : ": " + formula.variables()));
        }
        return formula;
    }
}
