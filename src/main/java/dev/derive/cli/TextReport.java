package dev.derive.cli;

import dev.derive.Derivatives;

/** The default output: the function and its partials as text, then values at a point if asked. */
final class TextReport {
    private TextReport() {}

    static String format(Derivatives d, double[] values, Point at) {
        StringBuilder out = new StringBuilder();
        for (String line : d.listing()) {
            out.append(line).append('\n');
        }
        if (values != null) {
            out.append('\n').append("at ").append(String.join(", ", at.bindings())).append(":\n");
            out.append(d.formula().name()).append(" = ").append(number(values[0])).append('\n');
            for (int i = 0; i < d.variables().size(); i++) {
                out.append(d.name(i)).append(" = ").append(number(values[i + 1])).append('\n');
            }
        }
        return out.toString();
    }

    /** Doubles in Java's shortest round-trip form, whole numbers without the ".0". */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return (v == 0 && 1 / v < 0 ? "-" : "") + (long) v;
        }
        return Double.toString(v);
    }
}
