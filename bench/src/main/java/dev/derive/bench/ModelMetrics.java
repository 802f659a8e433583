package dev.derive.bench;

import dev.derive.Model;
import java.util.Arrays;
import java.util.Locale;

/**
 * The time to parse, differentiate and compile each model of {@link ModelBench}, run in a fresh
 * JVM by {@link RunAll}: the first compile (cold, as a command-line run pays it) and the
 * median of 20 after it. Prints {@code key=value} lines.
 */
public final class ModelMetrics {
    private ModelMetrics() {}

    public static void main(String[] args) {
        for (String[] model : new String[][] {{"rosenbrock", ModelBench.ROSENBROCK, "x"},
                {"logistic", ModelBench.LOGISTIC, "w,b"}}) {
            String[] wrt = model[2].split(",");
            long start = System.nanoTime();
            Model.parse(model[1]).compile(wrt);
            double cold = (System.nanoTime() - start) / 1e9;
            double[] warm = new double[20];
            for (int k = 0; k < warm.length; k++) {
                long t = System.nanoTime();
                Model.parse(model[1]).compile(wrt);
                warm[k] = (System.nanoTime() - t) / 1e9;
            }
            Arrays.sort(warm);
            System.out.printf(Locale.ROOT, "%s_compile_cold_s=%.6f%n%s_compile_warm_s=%.6f%n", model[0], cold, model[0],
                    warm[warm.length / 2]);
        }
    }
}
