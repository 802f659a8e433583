package dev.derive.cli;

import dev.derive.Bindings;
import dev.derive.CompiledArray;
import dev.derive.CompiledModelHessian;
import dev.derive.CompiledModelJacobian;
import dev.derive.Model;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command for a model whose value is an array, {@code r[k = 0 .. n-2] = x[k+1] - x[k]^2}:
 * its definition and where its Jacobian can be nonzero, and with {@code --data}, {@code --at}
 * and {@code --size}, the array and the Jacobian's entries.
 */
final class ArrayCommand {
    private ArrayCommand() {}

    static String run(Model model, Arguments args) throws IOException {
        if (args.hessian) throw new UsageException("--hessian: the value is an array; its first partials are its Jacobian");
        if (args.mode != null && !args.mode.equals("reverse") && !args.mode.equals("auto")) {
            throw new UsageException("--mode: the Jacobian of an array is computed one way only; give no --mode");
        }
        int threads = args.threads == null ? 1 : args.threads;
        Model.Tuning tuning = Model.Tuning.standard().threads(threads);
        CompiledArray array = model.compileArray(tuning);
        if (args.bytecode) {
            if (args.json || args.at != null || args.data != null) {
                throw new UsageException("--bytecode prints the generated classes as text; it cannot be combined with "
                        + (args.json ? "--json" : args.at != null ? "--at" : "--data"));
            }
            return BytecodeListing.of(array.classFiles());
        }
        List<String> wrt = ModelCommand.chosen(model, args.wrt);
        CompiledModelJacobian jacobian;
        try {
            jacobian = wrt.isEmpty() ? null : model.jacobian(wrt, tuning);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--wrt: " + e.getMessage());
        }
        List<String> structure = jacobian == null ? List.of() : jacobian.structure();
        if (args.sparsity) return sparsity(model, wrt, structure, args.json);
        boolean evaluate = args.data != null || args.at != null || args.sizes != null
                || model.arrays().isEmpty() && model.scalars().isEmpty();
        String name = array.name();
        if (!evaluate) {
            if (args.json) return json(model, array, wrt, structure, null, null, null);
            return array.listing() + "\n" + comment(name, structure);
        }
        Map<String, double[][]> data = ModelCommand.data(model, args);
        Bindings b = ModelCommand.bindings(model, array.bind(), data, args);
        double[] value;
        int[] shape;
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Entries entries = null;
        try {
            value = array.value(b);
            shape = array.shape(b);
            for (String s : model.sizes()) sizes.put(s, array.size(b, s));
            if (jacobian != null) {
                Bindings jb = ModelCommand.bindings(model, jacobian.bind(), data, args);
                CompiledModelHessian.Pattern p = jacobian.pattern(jb);
                entries = new Entries(p, jacobian.sparseJacobian(jb, p, null));
            }
        } catch (IllegalArgumentException e) {
            throw new ModelCommand.BadData(e.getMessage());
        }
        if (args.json) return json(model, array, wrt, structure, sizes, value, entries);
        StringBuilder out = new StringBuilder(array.listing()).append("\n\n");
        List<String> where = new ArrayList<>();
        for (Map.Entry<String, Integer> s : sizes.entrySet()) where.add(s.getKey() + " = " + s.getValue());
        for (String a : model.arrays()) where.add(a + " from " + ModelCommand.dataFile(args, a));
        if (args.at != null) where.addAll(Point.parse(args.at).bindings());
        if (!where.isEmpty()) out.append("at ").append(String.join(", ", where)).append(":\n");
        out.append(name).append(" = ").append(shape[1] == 1 || model.outputRank() == 1
                ? ModelCommand.numbers(value, false) : rows(value, shape)).append('\n');
        if (entries != null) {
            for (int k = 0; k < entries.values.length; k++) {
                out.append("d").append(entries.pattern.name(entries.pattern.row(k))).append("/d")
                   .append(entries.pattern.name(entries.pattern.column(k))).append(" = ").append(entries.values[k])
                   .append('\n');
            }
        }
        return out.toString();
    }

    /** The Jacobian's entries at the point given, in its pattern's order. */
    private record Entries(CompiledModelHessian.Pattern pattern, double[] values) {}

    /** A 2-D array as its rows: [[a, b], [c, d]]. */
    private static String rows(double[] value, int[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int r = 0; r < shape[0]; r++) {
            double[] row = java.util.Arrays.copyOfRange(value, r * shape[1], (r + 1) * shape[1]);
            s.append(r == 0 ? "" : ", ").append(ModelCommand.numbers(row, false));
        }
        return s.append(']').toString();
    }

    private static String comment(String name, List<String> structure) {
        if (structure.isEmpty()) return "";
        StringBuilder out = new StringBuilder("# the partials of ").append(name)
                .append(" that can be nonzero, for every size (its Jacobian):\n");
        for (String line : structure) out.append("#   ").append(line).append('\n');
        return out.toString();
    }

    private static String sparsity(Model model, List<String> wrt, List<String> structure, boolean json) {
        String name = model.name();
        if (json) {
            return "{\n  \"outputs\": " + ModelCommand.strings(List.of(name)) + ",\n  \"wrt\": " + ModelCommand.strings(wrt)
                    + ",\n  \"jacobian\": {" + JsonReport.string(name) + ": " + ModelCommand.strings(structure) + "}\n}\n";
        }
        StringBuilder out = new StringBuilder("# the partials of ").append(name)
                .append(" that can be nonzero, for every size:\n");
        for (String line : structure) out.append(line).append('\n');
        return out.toString();
    }

    private static String json(Model model, CompiledArray array, List<String> wrt, List<String> structure,
                               Map<String, Integer> sizes, double[] value, Entries entries) {
        StringBuilder out = new StringBuilder("{\n  \"arrays\": {");
        List<String> arrays = model.arrays();
        for (int i = 0; i < arrays.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(JsonReport.string(arrays.get(i))).append(": ").append(model.rank(arrays.get(i)));
        }
        out.append("},\n  \"scalars\": ").append(ModelCommand.strings(model.scalars()));
        out.append(",\n  \"sizes\": ").append(ModelCommand.strings(model.sizes()));
        out.append(",\n  \"wrt\": ").append(ModelCommand.strings(wrt));
        out.append(",\n  \"output\": {\"name\": ").append(JsonReport.string(array.name())).append(", \"ranges\": ")
           .append(ModelCommand.strings(model.outputRanges())).append('}');
        out.append(",\n  \"program\": ").append(ModelCommand.strings(List.of(array.listing())));
        out.append(",\n  \"jacobian structure\": ").append(ModelCommand.strings(structure));
        if (value != null) {
            out.append(",\n  \"size values\": {");
            int k = 0;
            for (Map.Entry<String, Integer> s : sizes.entrySet()) {
                out.append(k++ == 0 ? "" : ", ").append(JsonReport.string(s.getKey())).append(": ").append(s.getValue());
            }
            out.append("},\n  \"value\": ").append(ModelCommand.numbers(value, true));
            if (entries != null) out.append(",\n  \"jacobian\": ").append(jacobianJson(entries));
        }
        return out.append("\n}\n").toString();
    }

    /** {"r[0]": {"x[0]": -2, "x[1]": 1}, ...}: each entry under its row (an element of the output), by column. */
    private static String jacobianJson(Entries entries) {
        CompiledModelHessian.Pattern p = entries.pattern;
        StringBuilder out = new StringBuilder("{");
        int row = -1;
        for (int k = 0; k < entries.values.length; k++) {
            if (p.row(k) != row) {
                out.append(row < 0 ? "" : "}, ").append(JsonReport.string(p.name(p.row(k)))).append(": {");
                row = p.row(k);
            } else {
                out.append(", ");
            }
            out.append(JsonReport.string(p.name(p.column(k)))).append(": ").append(JsonReport.number(entries.values[k]));
        }
        return out.append(row < 0 ? "}" : "}}").toString();
    }
}
