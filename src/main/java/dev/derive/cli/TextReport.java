package dev.derive.cli;

import dev.derive.Derivatives;
import dev.derive.graph.Printer;

/**
 * The default output: a comment saying how the derivatives were built, the outputs and their
 * partials (and second partials with --hessian) as text, then values at a point if asked.
 */
final class TextReport {
    private TextReport() {}

    /**
     * @param values the outputs, then the partials output by output; null without --at
     * @param hessians each output's Hessian, row-major; null without --at or --hessian
     */
    static String format(Derivatives d, boolean hessian, double[] values, double[][] hessians, Point at) {
        StringBuilder out = new StringBuilder("# ").append(d.explanation()).append('\n');
        for (String line : d.listing(hessian)) {
            out.append(line).append('\n');
        }
        if (values != null) {
            int m = d.outputs().size();
            int n = d.variables().size();
            out.append('\n').append("at ").append(String.join(", ", at.bindings())).append(":\n");
            for (int i = 0; i < m; i++) {
                out.append(d.outputs().get(i)).append(" = ").append(number(values[i])).append('\n');
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    out.append(d.name(i, j)).append(" = ").append(number(values[m + i * n + j])).append('\n');
                }
                if (hessians == null) continue;
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c <= r; c++) {
                        out.append(d.secondName(i, r, c)).append(" = ").append(number(hessians[i][r * n + c])).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /** Doubles in Java's shortest round-trip form, whole numbers without the ".0". */
    static String number(double v) {
        return Printer.decimal(v);
    }
}
