package dev.derive.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the measurements into {@code BENCHMARKS.md}. */
final class Report {
    private Report() {}

    private static final List<String> BIG = List.of("rosenbrock-100000", "rosenbrock-1000000");

    static String markdown(boolean quick, String command, List<String> problems,
                           Map<String, Map<String, String>> metrics, Map<String, Map<String, double[]>> scores,
                           double minutes, String settings, String secondOrder) {
        Report.scores = scores;
        notes.clear();
        StringBuilder s = new StringBuilder();
        s.append("# derive benchmarks\n\n");
        if (quick) {
            s.append("> **This is a QUICK run** (`--quick`): short warm-up and measurement, one fork, and without the"
                    + " largest sizes (Rosenbrock n = 100,000 and 1,000,000). Treat the numbers as rough; the full"
                    + " run is `bench/run --full`.\n\n");
        }
        s.append("| | |\n|---|---|\n");
        s.append("| command | `").append(command).append("` |\n");
        s.append("| date | ").append(RunAll.date()).append(" |\n");
        s.append("| machine | ").append(RunAll.machine()).append(" |\n");
        s.append("| JDK | ").append(RunAll.jdk()).append(" |\n");
        s.append("| JMH | 1.37, average time per call, ").append(settings).append("; forks run with `-Xmx4g` |\n");
        s.append(String.format(Locale.ROOT, "| run took | %.1f minutes |%n%n", minutes));

        s.append("Every time is one call, at the same seeded point for every method; ± is JMH's 99.9% error"
                + " (wide in quick mode). Before it is timed, every method is checked against the hand-written Java"
                + " (value and every partial within 1e-9 relative) and the run stops if one disagrees."
                + " Ratios above 1 mean the first named is slower.\n\n");
        s.append("Functions:\n\n");
        for (String name : problems) {
            Problem p = Problems.byName(name);
            s.append("- `").append(name).append("`: ").append(p.description()).append(String.format(", %,d inputs%n", p.size()));
        }
        if (quick) {
            for (String big : BIG) s.append("- `").append(big).append("`: not run in quick mode\n");
        }

        s.append("\n## Value: one call of the function\n\n");
        s.append("| function | derive compiled | hand-written Java | derive / hand | interpreter | interpreter / derive"
                + " | exp4j | exp4j / derive |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String name : problems) {
            s.append("| ").append(name)
             .append(" | ").append(time("value_derive", name))
             .append(" | ").append(time("value_hand", name))
             .append(" | ").append(ratio("value_derive", "value_hand", name))
             .append(" | ").append(time("value_interpreter", name))
             .append(" | ").append(ratio("value_interpreter", "value_derive", name))
             .append(" | ").append(time("value_exp4j", name))
             .append(" | ").append(ratio("value_exp4j", "value_derive", name)).append(" |\n");
        }

        s.append("\n## Gradient: the value and every partial derivative\n\n");
        s.append("| function | derive value+gradient | hand-written gradient | derive / hand | gradient / value (derive)"
                + " | Hipparchus forward | Hipparchus / derive | central differences (2n calls) | differences / derive"
                + " | interpreter | interpreter / derive |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String name : problems) {
            s.append("| ").append(name)
             .append(" | ").append(time("gradient_derive", name))
             .append(" | ").append(time("gradient_hand", name))
             .append(" | ").append(ratio("gradient_derive", "gradient_hand", name))
             .append(" | ").append(ratio("gradient_derive", "value_derive", name))
             .append(" | ").append(time("gradient_hipparchus", name))
             .append(" | ").append(ratio("gradient_hipparchus", "gradient_derive", name))
             .append(" | ").append(time("gradient_fd", name))
             .append(" | ").append(ratio("gradient_fd", "gradient_derive", name))
             .append(" | ").append(time("gradient_interpreter", name))
             .append(" | ").append(ratio("gradient_interpreter", "gradient_derive", name)).append(" |\n");
        }

        s.append(secondOrder);

        s.append("\n## One-off costs, measured once per run in a fresh JVM (`-Xmx4g`)\n\n");
        s.append("Compile is derive's code generation from the graph (parse and differentiate are separate);"
                + " `Derive.gradient(text)` costs parse + differentiate + compile value+gradient, which is timed first, cold; the value alone is compiled after it in the same JVM. First call is the"
                + " first call after compiling, in the interpreter before any JIT. Retained heap is what the compiled"
                + " function and gradient keep on the heap after the graph is dropped, metaspace the growth of class"
                + " metadata (where the generated classes live; it includes ASM's and derive's own classes loaded on"
                + " first use); peak heap is the growth of the sum of the"
                + " heap pools' peaks while parsing, differentiating and compiling (an upper bound).\n\n");
        s.append("| function | text | nodes: function / with gradient | parse | differentiate | compile value"
                + " | compile value+gradient | first call: value / gradient | retained heap | metaspace | peak heap |"
                + " max rel. error of differences |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String name : problems) {
            Map<String, String> m = metrics.get(name);
            s.append("| ").append(name)
             .append(" | ").append(String.format("%,d chars", Long.parseLong(m.get("source_chars"))))
             .append(" | ").append(String.format("%,d / %,d", Long.parseLong(m.get("nodes_function")),
                     Long.parseLong(m.get("nodes_with_gradient"))))
             .append(" | ").append(seconds(m.get("parse_s")))
             .append(" | ").append(seconds(m.get("differentiate_s")))
             .append(" | ").append(seconds(m.get("compile_value_s")))
             .append(" | ").append(seconds(m.get("compile_gradient_s")))
             .append(" | ").append(seconds(m.get("first_value_s"))).append(" / ").append(seconds(m.get("first_gradient_s")))
             .append(" | ").append(String.format(Locale.ROOT, "%.1f MB", Double.parseDouble(m.get("retained_mb"))))
             .append(" | ").append(String.format(Locale.ROOT, "%.1f MB", Double.parseDouble(m.get("metaspace_mb"))))
             .append(" | ").append(Boolean.parseBoolean(m.get("peak_heap_at_limit")) ? "up to the 4 GB heap limit"
                     : String.format(Locale.ROOT, "%.0f MB", Double.parseDouble(m.get("peak_heap_mb"))))
             .append(" | ").append(m.containsKey("fd_max_relative_error")
                     ? String.format(Locale.ROOT, "%.1e", Double.parseDouble(m.get("fd_max_relative_error")))
                     : "not run").append(" |\n");
        }

        s.append("\n## Against the goals\n\n");
        s.append(goals(problems, metrics, quick));

        if (!notes.isEmpty()) {
            s.append("\n## Not run\n\n");
            for (Map.Entry<String, String> e : notes.entrySet()) {
                s.append("- ").append(e.getValue()).append(": ").append(e.getKey()).append("\n");
            }
        }
        s.append("\nRaw JMH results (JSON) are in `bench/target/` after a run; they are not committed.\n");
        return s.toString();
    }

    private static Map<String, Map<String, double[]>> scores;
    /** Reason -> which cells. */
    private static final Map<String, String> notes = new LinkedHashMap<>();

    private static double[] score(String method, String name) {
        Map<String, double[]> m = scores.get(method);
        return m == null ? null : m.get(name);
    }

    private static String time(String method, String name) {
        String reason = Plan.notRun(method, Problems.byName(name));
        if (reason != null) {
            notes.merge(reason, "`" + method + "` on `" + name + "`", (a, b) -> a + ", " + b);
            return "not run";
        }
        double[] sc = score(method, name);
        if (sc == null) {
            notes.merge("the benchmark failed; see the run's log", "`" + method + "` on `" + name + "`",
                    (a, b) -> a + ", " + b);
            return "**failed**";
        }
        return Double.isNaN(sc[1]) ? nanos(sc[0]) : nanos(sc[0]) + " ± " + nanos(sc[1]);
    }

    private static String ratio(String a, String b, String name) {
        double r = rawRatio(a, b, name);
        return Double.isNaN(r) ? "–" : fmtRatio(r);
    }

    static double rawRatio(String a, String b, String name) {
        double[] x = score(a, name), y = score(b, name);
        return x == null || y == null ? Double.NaN : x[0] / y[0];
    }

    static String fmtRatio(double r) {
        return r >= 100 ? String.format(Locale.ROOT, "%,.0f×", r)
                : r >= 10 ? String.format(Locale.ROOT, "%.1f×", r) : String.format(Locale.ROOT, "%.2f×", r);
    }

    static String nanos(double ns) {
        if (ns < 1e3) return String.format(Locale.ROOT, "%.3g ns", ns);
        if (ns < 1e6) return String.format(Locale.ROOT, "%.3g µs", ns / 1e3);
        if (ns < 1e9) return String.format(Locale.ROOT, "%.3g ms", ns / 1e6);
        return String.format(Locale.ROOT, "%.3g s", ns / 1e9);
    }

    static String seconds(String s) {
        return s == null ? "–" : nanos(Double.parseDouble(s) * 1e9);
    }

    private static String goals(List<String> problems, Map<String, Map<String, String>> metrics, boolean quick) {
        StringBuilder s = new StringBuilder();
        s.append("| goal | function | measured | verdict |\n|---|---|---:|---|\n");
        for (String name : problems) goalRow(s, "compiled value ≤ 1.15× hand-written", name,
                rawRatio("value_derive", "value_hand", name), 1.15);
        for (String name : problems) goalRow(s, "value+gradient ≤ 1.3× hand-written gradient", name,
                rawRatio("gradient_derive", "gradient_hand", name), 1.3);
        for (String name : problems) goalRow(s, "value+gradient ≤ 3× derive's own value", name,
                rawRatio("gradient_derive", "value_derive", name), 3);
        List<String> trend = new ArrayList<>();
        for (String name : problems) {
            Problem p = Problems.byName(name);
            double r = rawRatio("gradient_hipparchus", "gradient_derive", name);
            if (p.size() == 1000) {
                String verdict = Double.isNaN(r) ? "not measured"
                        : r >= 20 ? "met" : String.format(Locale.ROOT, "**missed**: %s, %.0f%% short of 20×", fmtRatio(r), 100 * (1 - r / 20));
                s.append("| ≥ 20× faster than Hipparchus forward mode at n = 1,000 | ").append(name).append(" | ")
                 .append(Double.isNaN(r) ? "–" : fmtRatio(r)).append(" | ").append(verdict).append(" |\n");
            }
            if (name.startsWith("rosenbrock-") && !Double.isNaN(r)) {
                trend.add(String.format("n = %,d: %s", p.size(), fmtRatio(r)));
            }
        }
        s.append("| Hipparchus / derive grows with n | extended Rosenbrock | ").append(String.join("; ", trend))
         .append(" | ").append(trend.size() < 2 ? "not enough sizes" : growing(problems) ? "grows" : "**does not grow**")
         .append(" (Hipparchus is not run at n ≥ 100,000: O(n²)) |\n");
        Map<String, String> m = metrics.get("rosenbrock-1000000");
        if (m == null) {
            s.append("| n = 1,000,000 compiled in under 20 s | rosenbrock-1000000 | – | not measured"
                    + (quick ? " (quick mode)" : "") + " |\n");
        } else {
            double total = Double.parseDouble(m.get("parse_s")) + Double.parseDouble(m.get("differentiate_s"))
                    + Double.parseDouble(m.get("compile_gradient_s"));
            s.append(String.format(Locale.ROOT, "| n = 1,000,000 compiled in under 20 s | rosenbrock-1000000 |"
                    + " %.1f s (parse + differentiate + compile value+gradient) | %s |%n", total,
                    total < 20 ? "met" : String.format(Locale.ROOT, "**missed** by %.1f s (%.1f× the goal)", total - 20, total / 20)));
        }
        return s.toString();
    }

    private static boolean growing(List<String> problems) {
        double last = 0;
        for (String name : problems) {
            if (!name.startsWith("rosenbrock-")) continue;
            double r = rawRatio("gradient_hipparchus", "gradient_derive", name);
            if (Double.isNaN(r)) continue;
            if (r <= last) return false;
            last = r;
        }
        return true;
    }

    private static void goalRow(StringBuilder s, String goal, String name, double r, double limit) {
        String verdict = Double.isNaN(r) ? "not measured"
                : r <= limit ? "met"
                : String.format(Locale.ROOT, "**missed** by %.0f%% (%s the goal)", 100 * (r / limit - 1), fmtRatio(r / limit));
        s.append("| ").append(goal).append(" | ").append(name).append(" | ")
         .append(Double.isNaN(r) ? "–" : fmtRatio(r)).append(" | ").append(verdict).append(" |\n");
    }
}
