package dev.derive.cli;

import dev.derive.Derivatives;
import dev.derive.graph.Printer;

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
        return Printer.decimal(v);
    }
}
