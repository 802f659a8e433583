package dev.derive.cli;

import dev.derive.Derivatives;
import java.util.List;

/**
 * The {@code --json} output. For one output, exactly
 * {@code {"variables": [...], "derivatives": {...}, "value": v, "gradient": {...}}}; for several,
 * {@code {"outputs": [...], "variables": [...], "derivatives": {"out": {"var": PROGRAM}},
 * "values": {"out": v}, "jacobian": {"out": {"var": number}}}}. Values and the gradient or
 * Jacobian appear only with {@code --at}. Numbers are Java's shortest round-trip form; NaN and
 * the infinities, which JSON lacks, are the strings "NaN", "Infinity" and "-Infinity".
 */
final class JsonReport {
    private JsonReport() {}

    /**
     * @param values the outputs, then the partials output by output; null without --at
     * @param hessians each output's Hessian, row-major; null without --at and --hessian
     */
    static String format(Derivatives d, double[] values, double[][] hessians) {
        String json = d.outputs().size() == 1 ? oneOutput(d, values) : severalOutputs(d, values);
        if (hessians == null) return json + "\n}\n";
        StringBuilder out = new StringBuilder(json).append(",\n  \"hessian\": ");
        if (d.outputs().size() == 1) {
            out.append(matrix(d.variables(), hessians[0], "  "));
        } else {
            out.append('{');
            for (int i = 0; i < hessians.length; i++) {
                out.append(i == 0 ? "\n" : ",\n").append("    ").append(string(d.outputs().get(i))).append(": ")
                   .append(matrix(d.variables(), hessians[i], "    "));
            }
            out.append("\n  }");
        }
        return out.append("\n}\n").toString();
    }

    /** {"a": {"a": n, "b": n}, "b": {...}}: a row-major square matrix by variable, both orders of each pair. */
    private static String matrix(List<String> variables, double[] values, String indent) {
        int n = variables.size();
        StringBuilder out = new StringBuilder("{");
        for (int r = 0; r < n; r++) {
            out.append(r == 0 ? "\n" : ",\n").append(indent).append("  ").append(string(variables.get(r))).append(": ")
               .append(numbers(variables, values, r * n));
        }
        return out.append(n == 0 ? "}" : "\n" + indent + "}").toString();
    }

    private static String oneOutput(Derivatives d, double[] values) {
        List<String> variables = d.variables();
        StringBuilder out = new StringBuilder("{\n  \"variables\": ").append(list(variables));
        out.append(",\n  \"derivatives\": ").append(programs(d, 0, "  "));
        if (values != null) {
            out.append(",\n  \"value\": ").append(number(values[0]));
            out.append(",\n  \"gradient\": ").append(numbers(variables, values, 1));
        }
        return out.toString();
    }

    private static String severalOutputs(Derivatives d, double[] values) {
        List<String> outputs = d.outputs();
        List<String> variables = d.variables();
        int m = outputs.size();
        int n = variables.size();
        StringBuilder out = new StringBuilder("{\n  \"outputs\": ").append(list(outputs));
        out.append(",\n  \"variables\": ").append(list(variables));
        out.append(",\n  \"derivatives\": {");
        for (int i = 0; i < m; i++) {
            out.append(i == 0 ? "\n" : ",\n").append("    ").append(string(outputs.get(i))).append(": ")
               .append(programs(d, i, "    "));
        }
        out.append("\n  }");
        if (values != null) {
            out.append(",\n  \"values\": ").append(numbers(outputs, values, 0));
            out.append(",\n  \"jacobian\": {");
            for (int i = 0; i < m; i++) {
                out.append(i == 0 ? "\n" : ",\n").append("    ").append(string(outputs.get(i))).append(": ")
                   .append(numbers(variables, values, m + i * n));
            }
            out.append("\n  }");
        }
        return out.toString();
    }

    /** {"var": "program", ...} for output {@code output}, one line per variable. */
    private static String programs(Derivatives d, int output, String indent) {
        List<String> variables = d.variables();
        if (variables.isEmpty()) return "{}";
        StringBuilder out = new StringBuilder("{");
        for (int j = 0; j < variables.size(); j++) {
            out.append(j == 0 ? "\n" : ",\n").append(indent).append("  ").append(string(variables.get(j)))
               .append(": ").append(string(d.source(output, j)));
        }
        return out.append('\n').append(indent).append('}').toString();
    }

    /** {"name": number, ...} with the numbers from {@code values[from]} on. */
    private static String numbers(List<String> names, double[] values, int from) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(string(names.get(i))).append(": ").append(number(values[from + i]));
        }
        return out.append('}').toString();
    }

    private static String list(List<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) out.append(i == 0 ? "" : ", ").append(string(names.get(i)));
        return out.append(']').toString();
    }

    static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : string(Double.toString(v));
    }

    static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
