package dev.derive;

import dev.derive.codegen.runtime.ChunkedLoop;
import dev.derive.indexed.Scopes;
import dev.derive.indexed.Step;
import java.util.List;

/** What a compiled model is made of, for the tests of the packages that make it. */
public final class ModelInternals {
    private ModelInternals() {}

    public static Scopes scopes(CompiledModel f) {
        return f.scopes();
    }

    public static List<Step> valueSteps(CompiledModel f) {
        return f.valueSteps();
    }

    public static List<Step> gradientSteps(CompiledModel f) {
        return f.gradientSteps();
    }

    /**
     * At most how many threads each chunked loop of the compiled value and gradient runs on, read
     * from the generated class's field.
     */
    public static List<Integer> gradientLoopThreads(CompiledModel f) throws ReflectiveOperationException {
        Object kernel = f.valueAndGradientKernel();
        java.lang.reflect.Field loops = kernel.getClass().getDeclaredField("loops");
        loops.setAccessible(true);
        List<Integer> threads = new java.util.ArrayList<>();
        for (ChunkedLoop l : (ChunkedLoop[]) loops.get(kernel)) threads.add(l.threads());
        return threads;
    }
}
