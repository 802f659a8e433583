package dev.derive.cli;

import dev.derive.Derivatives;
import java.util.List;

/**
 * The {@code --json} output, exactly
 * {@code {"variables": [...], "derivatives": {...}, "value": v, "gradient": {...}}}, the last two
 * only with {@code --at}. Numbers are Java's shortest round-trip form; NaN and the infinities,
 * which JSON lacks, are the strings "NaN", "Infinity" and "-Infinity".
 */
final class JsonReport {
    private JsonReport() {}

    static String format(Derivatives d, double[] values) {
        List<String> variables = d.variables();
        StringBuilder out = new StringBuilder("{\n  \"variables\": [");
        for (int i = 0; i < variables.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(string(variables.get(i)));
        }
        out.append("],\n  \"derivatives\": {");
        for (int i = 0; i < variables.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append("    ").append(string(variables.get(i)))
               .append(": ").append(string(d.source(i)));
        }
        out.append(variables.isEmpty() ? "}" : "\n  }");
        if (values != null) {
            out.append(",\n  \"value\": ").append(number(values[0]));
            out.append(",\n  \"gradient\": {");
            for (int i = 0; i < variables.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(string(variables.get(i)))
                   .append(": ").append(number(values[i + 1]));
            }
            out.append('}');
        }
        return out.append("\n}\n").toString();
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
