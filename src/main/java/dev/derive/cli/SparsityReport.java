package dev.derive.cli;

import dev.derive.Derivatives;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --sparsity}: which partials are not zero everywhere, known symbolically, as text
 * (a line per output, then with --hessian a line per row of each Hessian's lower triangle) or
 * as JSON ({@code {"outputs", "variables", "jacobian": {"out": [vars]}, "hessian": {"out":
 * {"var": [vars]}}}}).
 */
final class SparsityReport {
    private SparsityReport() {}

    static String text(Derivatives d, boolean hessian) {
        List<String> variables = d.variables();
        int m = d.outputs().size();
        int n = variables.size();
        StringBuilder out = new StringBuilder();
        int nonzero = 0;
        for (int i = 0; i < m; i++) nonzero += d.jacobianSparsity(i).length;
        out.append("# ").append(nonzero).append(" of ").append((long) m * n)
           .append(" first partials are not zero everywhere\n");
        for (int i = 0; i < m; i++) {
            out.append(d.outputs().get(i)).append(": ").append(names(variables, d.jacobianSparsity(i))).append('\n');
        }
        if (!hessian) return out.toString();
        for (int i = 0; i < m; i++) {
            int[][] entries = d.hessianSparsity(i);
            out.append("# ").append(entries.length).append(" of ").append((long) n * (n + 1) / 2)
               .append(" second partials of ").append(d.outputs().get(i))
               .append(" (the lower triangle: each row's variable, then the columns) are not zero everywhere\n");
            for (int[][] row : rows(entries, n)) {
                if (row.length == 0) continue;
                int[] columns = new int[row.length];
                for (int k = 0; k < row.length; k++) columns[k] = row[k][1];
                out.append(variables.get(row[0][0])).append(": ")
                   .append(names(variables, columns)).append('\n');
            }
        }
        return out.toString();
    }

    static String json(Derivatives d, boolean hessian) {
        List<String> variables = d.variables();
        int m = d.outputs().size();
        StringBuilder out = new StringBuilder("{\n  \"outputs\": ").append(list(d.outputs()));
        out.append(",\n  \"variables\": ").append(list(variables));
        out.append(",\n  \"jacobian\": {");
        for (int i = 0; i < m; i++) {
            out.append(i == 0 ? "\n" : ",\n").append("    ").append(JsonReport.string(d.outputs().get(i))).append(": ")
               .append(list(pick(variables, d.jacobianSparsity(i))));
        }
        out.append("\n  }");
        if (hessian) {
            out.append(",\n  \"hessian\": {");
            for (int i = 0; i < m; i++) {
                out.append(i == 0 ? "\n" : ",\n").append("    ").append(JsonReport.string(d.outputs().get(i))).append(": {");
                boolean first = true;
                for (int[][] row : rows(d.hessianSparsity(i), variables.size())) {
                    if (row.length == 0) continue;
                    int[] columns = new int[row.length];
                    for (int k = 0; k < row.length; k++) columns[k] = row[k][1];
                    out.append(first ? "\n" : ",\n").append("      ").append(JsonReport.string(variables.get(row[0][0])))
                       .append(": ").append(list(pick(variables, columns)));
                    first = false;
                }
                out.append(first ? "}" : "\n    }");
            }
            out.append("\n  }");
        }
        return out.append("\n}\n").toString();
    }

    /** The entries grouped by row. */
    private static int[][][] rows(int[][] entries, int n) {
        List<List<int[]>> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) rows.add(new ArrayList<>());
        for (int[] e : entries) rows.get(e[0]).add(e);
        int[][][] result = new int[n][][];
        for (int r = 0; r < n; r++) result[r] = rows.get(r).toArray(int[][]::new);
        return result;
    }

    private static List<String> pick(List<String> names, int[] indexes) {
        List<String> picked = new ArrayList<>(indexes.length);
        for (int i : indexes) picked.add(names.get(i));
        return picked;
    }

    private static String names(List<String> names, int[] indexes) {
        return indexes.length == 0 ? "(none)" : String.join(", ", pick(names, indexes));
    }

    private static String list(List<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) out.append(i == 0 ? "" : ", ").append(JsonReport.string(names.get(i)));
        return out.append(']').toString();
    }
}
