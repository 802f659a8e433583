package dev.derive.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Jacobian and second-derivative sections of {@code BENCHMARKS.md}, from {@link DerivativeBench}'s scores. */
final class SecondOrderReport {
    private final Map<String, Map<String, double[]>> scores;
    /** Reason -> which cells. */
    private final Map<String, String> notes = new LinkedHashMap<>();

    private SecondOrderReport(Map<String, Map<String, double[]>> scores) {
        this.scores = scores;
    }

    static String markdown(List<String> jacobians, List<String> hessians, Map<String, Map<String, double[]>> scores) {
        return new SecondOrderReport(scores).write(jacobians, hessians);
    }

    private String write(List<String> jacobians, List<String> hessians) {
        StringBuilder s = new StringBuilder();
        s.append("\n## Jacobians: every output's partials\n\n");
        s.append("derive's compiled `jacobian` (dense, row-major) or `sparseJacobian` (the structurally nonzero"
                + " entries only), against the same written by hand and Hipparchus's forward mode (`Gradient`, one"
                + " pass carrying all n partials). Each call also computes the outputs. Systems:\n\n");
        for (String name : jacobians) {
            s.append("- `").append(name).append("`: ").append(SecondOrderProblems.jacobian(name).description()).append('\n');
        }
        s.append("\n| system | derive | hand-written | derive / hand | Hipparchus forward | Hipparchus / derive |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (String name : jacobians) {
            s.append("| ").append(name)
             .append(" | ").append(time("jacobian_derive", name))
             .append(" | ").append(time("jacobian_hand", name))
             .append(" | ").append(ratio("jacobian_derive", "jacobian_hand", name))
             .append(" | ").append(time("jacobian_hipparchus", name))
             .append(" | ").append(ratio("jacobian_hipparchus", "jacobian_derive", name)).append(" |\n");
        }

        s.append("\n## Second derivatives: Hessians and Hessian-vector products\n\n");
        s.append("A Hessian call computes the value, the gradient and the Hessian: derive's `hessian` (dense"
                + " n×n) or `sparseHessian` (the lower triangle's nonzeros), against the same written by hand, and"
                + " Hipparchus's `DerivativeStructure` of order 2 for the dense ones. H·v is derive's"
                + " `hessianVector` (one forward sweep over the gradient's graph, no Hessian formed), against the"
                + " hand-written product and Hipparchus's forward over forward (`FieldGradient` of"
                + " `UnivariateDerivative1`: the gradient of the derivative along v). Functions:\n\n");
        for (String name : hessians) {
            s.append("- `").append(name).append("`: ").append(SecondOrderProblems.hessian(name).description()).append('\n');
        }
        s.append("\n| function | derive Hessian | hand-written | derive / hand | Hipparchus order 2 | Hipparchus / derive"
                + " | Hessian / gradient (derive) |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (String name : hessians) {
            s.append("| ").append(name)
             .append(" | ").append(time("hessian_derive", name))
             .append(" | ").append(time("hessian_hand", name))
             .append(" | ").append(ratio("hessian_derive", "hessian_hand", name))
             .append(" | ").append(time("hessian_hipparchus", name))
             .append(" | ").append(ratio("hessian_hipparchus", "hessian_derive", name))
             .append(" | ").append(ratio("hessian_derive", "gradient_derive", name)).append(" |\n");
        }
        s.append("\n| function | derive H·v | hand-written | derive / hand | derive value+gradient | H·v / gradient (derive)"
                + " | Hipparchus forward over forward | Hipparchus / derive |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String name : hessians) {
            s.append("| ").append(name)
             .append(" | ").append(time("hvp_derive", name))
             .append(" | ").append(time("hvp_hand", name))
             .append(" | ").append(ratio("hvp_derive", "hvp_hand", name))
             .append(" | ").append(time("gradient_derive", name))
             .append(" | ").append(ratio("hvp_derive", "gradient_derive", name))
             .append(" | ").append(time("hvp_hipparchus", name))
             .append(" | ").append(ratio("hvp_hipparchus", "hvp_derive", name)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            s.append("\nNot run:\n\n");
            for (Map.Entry<String, String> e : notes.entrySet()) {
                s.append("- ").append(e.getValue()).append(": ").append(e.getKey()).append('\n');
            }
        }
        return s.toString();
    }

    private String time(String method, String name) {
        String reason = DerivativeBench.notRun(method, name);
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
        return Double.isNaN(sc[1]) ? Report.nanos(sc[0]) : Report.nanos(sc[0]) + " ± " + Report.nanos(sc[1]);
    }

    private String ratio(String a, String b, String name) {
        double[] x = score(a, name), y = score(b, name);
        return x == null || y == null ? "–" : Report.fmtRatio(x[0] / y[0]);
    }

    private double[] score(String method, String name) {
        Map<String, double[]> m = scores.get(method);
        return m == null ? null : m.get(name);
    }
}
