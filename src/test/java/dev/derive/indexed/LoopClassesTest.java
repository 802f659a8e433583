package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;

import dev.derive.CompiledModel;
import dev.derive.Model;
import dev.derive.codegen.loops.LoopCompiler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The classes compiled for models verify, and every method is small enough for the JIT; a
 * program too large for one method is interpreted, with the same numbers, not a crash.
 */
class LoopClassesTest {
    static final List<String> MODELS = List.of(
            "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
            "sum(i = 0 .. m-1, log1p(exp(-y[i] * (sum(j = 0 .. d-1, w[j]*X[i,j]) + b)))) / m",
            "sum(i = 0 .. n-1, x[i] / sum(j = 0 .. n-1, x[j]))",
            "sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]*a)) + prod(k = 1 .. 3, a)",
            "sum(i = 0 .. n-1, if(x[i] > a, sqrt(x[i] - a), tanh(x[i])))",
            // lazy branches: nested ifs, and two ifs on one condition
            "sum(i = 0 .. n-1, if(x[i] > 0, if(x[i] > 1, exp(x[i]), sin(x[i])*a), cos(x[i])) + if(x[i] > 0, log1p(x[i]^2), a))");

    @Test
    void everyClassVerifiesAndFitsTheJit() {
        for (String source : MODELS) {
            Model model = Model.parse(source);
            List<String> wrt = new java.util.ArrayList<>(model.arrays());
            wrt.addAll(model.scalars());
            CompiledModel compiled = model.compile(wrt, Model.Tuning.standard());
            for (byte[] bytes : compiled.classFiles()) {
                StringWriter problems = new StringWriter();
                CheckClassAdapter.verify(new ClassReader(bytes), getClass().getClassLoader(), false, new PrintWriter(problems));
                assertTrue(problems.toString().isEmpty(), source + ":\n" + problems);
                int largest = LoopCompiler.largestMethod(bytes);
                assertTrue(largest <= LoopCompiler.JIT_LIMIT, source + ": a method of " + largest + " bytes");
            }
        }
    }

    @Test
    void programsTooLargeForAMethodAreInterpretedNotRefused() {
        int terms = 20_000;
        StringBuilder flat = new StringBuilder();
        for (int i = 0; i < terms; i++) flat.append(i == 0 ? "" : " + ").append("x[").append(i).append("]*x[").append(i + 1).append(']');
        StringBuilder wide = new StringBuilder("sum(i = 0 .. n-1, 0");
        for (int k = 1; k <= 3000; k++) wide.append(" + sin(x[i]*").append(k).append(')');
        wide.append(')');
        double[] x = new double[terms + 1];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
        for (String source : List.of(flat.toString(), wide.toString())) {
            CompiledModel f = Model.parse(source).compile("x");
            assertEquals(List.of(), f.classFiles(), "interpreted");
            Bindings b = f.bind().array("x", source.startsWith("sum") ? java.util.Arrays.copyOf(x, 3) : x);
            CompiledModel.Gradient g = f.newGradient(b);
            double value = f.valueAndGradient(b, g);
            double[] partials = g.array("x").clone();
            CompiledModel.Gradient reference = f.newGradient(b);
            assertEquals(value, f.interpret(b, reference), 0);
            assertTrue(java.util.Arrays.equals(partials, reference.array("x")), "the interpreter's bits");
            if (!source.startsWith("sum")) {
                // the same sum written with a loop, which compiles: the same numbers to rounding
                CompiledModel loop = Model.parse("sum(i = 0 .. n-1, x[i]*x[i+1])").compile("x");
                Bindings lb = loop.bind().array("x", x);
                CompiledModel.Gradient lg = loop.newGradient(lb);
                assertEquals(loop.valueAndGradient(lb, lg), value, 1e-9 * Math.abs(value));
                for (int i = 0; i < x.length; i++) assertEquals(lg.array("x")[i], partials[i], 1e-12, "x[" + i + "]");
            }
        }
    }
}
