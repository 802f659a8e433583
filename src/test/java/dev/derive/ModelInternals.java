package dev.derive;

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
}
