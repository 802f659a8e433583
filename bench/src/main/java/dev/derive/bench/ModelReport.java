package dev.derive.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The section of {@code BENCHMARKS.md} on models written with sums, from {@link ModelBench}'s scores. */
final class ModelReport {
    private ModelReport() {}

    static String markdown(List<String> problems, Map<String, Map<String, double[]>> scores, Map<String, String> metrics) {
        StringBuilder s = new StringBuilder("\n## Models with sums: one compile for every size\n\n");
        s.append("Extended Rosenbrock written as `").append(ModelBench.ROSENBROCK).append("`, differentiated with respect"
                + " to x; logistic regression as `").append(ModelBench.LOGISTIC).append("`, with respect to w and b (X and"
                + " y are data). Each is compiled once; the size is the data's. The hand-written Java is the best"
                + " loop a performance engineer would write: value and gradient in one pass, reassociating the sum"
                + " freely (several accumulators).\n\n");
        if (metrics != null) {
            s.append(String.format(Locale.ROOT, "Parse + differentiate + compile, any n: Rosenbrock %s cold (first in a"
                    + " fresh JVM), %s warm (median of 20); logistic %s first (after Rosenbrock's, in the same JVM), %s warm.%n%n",
                    Report.seconds(metrics.get("rosenbrock_compile_cold_s")), Report.seconds(metrics.get("rosenbrock_compile_warm_s")),
                    Report.seconds(metrics.get("logistic_compile_cold_s")), Report.seconds(metrics.get("logistic_compile_warm_s"))));
        }
        s.append("| model | derive value | hand-written value | derive / hand | derive value+gradient | hand-written"
                + " value+gradient | derive / hand |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (String p : problems) {
            s.append("| ").append(p)
             .append(" | ").append(time(scores, "value_derive", p))
             .append(" | ").append(time(scores, "value_hand", p))
             .append(" | ").append(ratio(scores, "value_derive", "value_hand", p))
             .append(" | ").append(time(scores, "gradient_derive", p))
             .append(" | ").append(time(scores, "gradient_hand", p))
             .append(" | ").append(ratio(scores, "gradient_derive", "gradient_hand", p)).append(" |\n");
        }
        s.append("\nThe same compiled models on every core (").append(Runtime.getRuntime().availableProcessors())
         .append(" here), their loops cut into chunks whose results are added in a fixed order, so the numbers are"
                + " the bits of one thread. Speed-up is one thread's time over this. Rosenbrock's gradient adds into dx[i]"
                + " and dx[i+1], which neighbouring chunks share: each chunk first recomputes the iteration before it"
                + " and leaves the element they share to the later chunk.\n\n");
        s.append("| model | value, all cores | speed-up | value+gradient, all cores | speed-up |\n|---|---:|---:|---:|---:|\n");
        for (String p : problems) {
            s.append("| ").append(p)
             .append(" | ").append(time(scores, "value_threads", p))
             .append(" | ").append(ratio(scores, "value_derive", "value_threads", p))
             .append(" | ").append(time(scores, "gradient_threads", p))
             .append(" | ").append(ratio(scores, "gradient_derive", "gradient_threads", p)).append(" |\n");
        }
        return s.toString();
    }

    private static String time(Map<String, Map<String, double[]>> scores, String method, String p) {
        double[] sc = scores.getOrDefault(method, Map.of()).get(p);
        if (sc == null) return "**failed**";
        return Double.isNaN(sc[1]) ? Report.nanos(sc[0]) : Report.nanos(sc[0]) + " ± " + Report.nanos(sc[1]);
    }

    private static String ratio(Map<String, Map<String, double[]>> scores, String a, String b, String p) {
        double[] x = scores.getOrDefault(a, Map.of()).get(p);
        double[] y = scores.getOrDefault(b, Map.of()).get(p);
        return x == null || y == null ? "–" : Report.fmtRatio(x[0] / y[0]);
    }
}
