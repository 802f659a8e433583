package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.derive.Bindings;
import dev.derive.CompiledModel;

/** Checks shared by the tests of models with sums. */
public final class ModelTestSupport {
    private ModelTestSupport() {}

    /** Compiled code and the reference interpreter give the same bits. */
    public static void agreesWithInterpreter(CompiledModel f, Bindings b) {
        CompiledModel.Gradient compiled = f.newGradient(b);
        CompiledModel.Gradient interpreted = f.newGradient(b);
        double v = f.valueAndGradient(b, compiled);
        double w = f.interpret(b, interpreted);
        assertEquals(Double.doubleToLongBits(w), Double.doubleToLongBits(v), "value against the interpreter");
        assertEquals(Double.doubleToLongBits(f.interpretValue(b)), Double.doubleToLongBits(f.value(b)), "value alone");
        for (String name : f.wrt()) {
            if (f.model().arrays().contains(name)) {
                assertArrayEquals(interpreted.array(name), compiled.array(name), name + " against the interpreter");
            } else {
                assertEquals(Double.doubleToLongBits(interpreted.scalar(name)), Double.doubleToLongBits(compiled.scalar(name)),
                        name + " against the interpreter");
            }
        }
    }
}
