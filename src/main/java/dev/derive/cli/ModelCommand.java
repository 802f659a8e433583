package dev.derive.cli;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.CompiledModelHessian;
import dev.derive.Model;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command for a model with arrays and sums: its value and gradient as loops, and with
 * {@code --data} (arrays), {@code --at} (scalars) and {@code --size}, their numbers.
 */
final class ModelCommand {
    private ModelCommand() {}

    /** Data that does not fit the model: arrays of the wrong shape, an index out of range, a size missing. */
    static final class BadData extends RuntimeException {
        BadData(String message) {
            super(message);
        }
    }


    /**
     * The text or JSON to print for the outputs of one source: for several, each output's in turn
     * (text), or {"outputs": [names], name: each output's object, ...} (JSON); --explain draws
     * them in one graph.
     */
    static String run(List<Model> outputs, Arguments args) throws IOException {
        if (outputs.size() == 1) return run(outputs.get(0), args);
        if (args.explain) return explain(outputs, args);
        List<String> names = new ArrayList<>();
        for (Model m : outputs) names.add(m.name());
        StringBuilder out = new StringBuilder();
        if (args.json) out.append("{\n  \"outputs\": ").append(strings(names));
        for (Model m : outputs) {
            String one = run(m, args);
            if (args.json) {
                out.append(",\n  ").append(JsonReport.string(m.name())).append(": ")
                   .append(one.strip().replace("\n", "\n  "));
            } else {
                out.append(out.length() == 0 ? "" : "\n").append(one);
            }
        }
        return args.json ? out.append("\n}\n").toString() : out.toString();
    }

    /** The text or JSON to print for one output. */
    static String run(Model model, Arguments args) throws IOException {
        if (args.explain) return explain(List.of(model), args);
        if (model.outputRank() > 0) return ArrayCommand.run(model, args);
        if (args.hessian && "forward".equals(args.mode)) {
            throw new UsageException("--hessian: give it without --mode forward (the Hessian is the same either way)");
        }
        if (args.sparsity) return sparsity(model, args);
        if (args.mode != null && !args.mode.equals("reverse") && !args.mode.equals("auto")
                && !args.mode.equals("forward")) {
            throw new UsageException("--mode: expected reverse, forward or auto, got '" + args.mode + "'");
        }
        int threads = args.threads == null ? 1 : args.threads;
        CompiledModel compiled = "forward".equals(args.mode) ? forward(model, args.wrt, threads)
                : compile(model, args.wrt, threads);
        CompiledModelHessian hessian = args.hessian && !args.bytecode ? hessian(model, args.wrt, threads) : null;
        if ("forward".equals(args.mode)) model = compiled.model();
        if (args.bytecode) {
            if (args.json || args.at != null || args.data != null) {
                throw new UsageException("--bytecode prints the generated classes as text; it cannot be combined with "
                        + (args.json ? "--json" : args.at != null ? "--at" : "--data"));
            }
            return BytecodeListing.of(compiled.classFiles());
        }
        List<String> listing = compiled.listing();
        boolean evaluate = args.data != null || args.at != null || args.sizes != null
                || model.arrays().isEmpty() && model.scalars().isEmpty();
        if (!evaluate) {
            if (args.json) return json(model, compiled, listing, null, null, null, hessian, null);
            String text = String.join("\n", listing) + "\n";
            return hessian == null ? text : text + structure(compiled, hessian);
        }
        Map<String, double[][]> data = data(model, args);
        Bindings b = bindings(model, compiled.bind(), data, args);
        CompiledModel.Gradient g;
        double value;
        Map<String, Integer> sizes = new LinkedHashMap<>();
        try {
            g = compiled.newGradient(b);
            value = compiled.valueAndGradient(b, g);
            for (String s : model.sizes()) sizes.put(s, compiled.size(b, s));
        } catch (IllegalArgumentException e) {
            throw new BadData(e.getMessage());
        }
        Entries entries = hessian == null ? null : entries(model, hessian, data, args);
        if (args.json) return json(model, compiled, listing, value, g, sizes, hessian, entries);
        StringBuilder out = new StringBuilder(String.join("\n", listing)).append("\n\n");
        List<String> where = new ArrayList<>();
        for (Map.Entry<String, Integer> s : sizes.entrySet()) where.add(s.getKey() + " = " + s.getValue());
        for (String a : model.arrays()) where.add(a + " from " + dataFile(args, a));
        if (args.at != null) where.addAll(Point.parse(args.at).bindings());
        if (!where.isEmpty()) out.append("at ").append(String.join(", ", where)).append(":\n");
        String name = compiled.name();
        out.append(name).append(" = ").append(value).append('\n');
        for (String w : compiled.wrt()) {
            out.append("d").append(name).append("/d").append(w).append(" = ");
            out.append(model.arrays().contains(w) ? numbers(g.array(w), false) : Double.toString(g.scalar(w))).append('\n');
        }
        if (entries != null) {
            int[] rows = entries.pattern.rows();
            int[] columns = entries.pattern.columns();
            for (int k = 0; k < rows.length; k++) {
                out.append("d2").append(name).append("/d").append(entries.pattern.name(rows[k])).append("d")
                   .append(entries.pattern.name(columns[k])).append(" = ").append(entries.values[k]).append('\n');
            }
        }
        return out.toString();
    }

    /** --explain: the models' graph in DOT, for every size. */
    private static String explain(List<Model> models, Arguments args) {
        if (args.json) throw new UsageException("--explain prints Graphviz DOT; it cannot be combined with --json");
        if (args.data != null || args.at != null || args.sizes != null) {
            throw new UsageException("--explain draws a model with sums for every size, without numbers; it cannot be"
                    + " combined with " + (args.data != null ? "--data" : args.at != null ? "--at" : "--size"));
        }
        try {
            return Model.explain(models, chosen(models.get(0), args.wrt));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--wrt: " + e.getMessage());
        }
    }

    /** The Hessian's entries at the point the arguments give, in its pattern's order. */
    private record Entries(CompiledModelHessian.Pattern pattern, double[] values) {}

    private static Entries entries(Model model, CompiledModelHessian hessian, Map<String, double[][]> data,
                                   Arguments args) {
        Bindings b = bindings(model, hessian.bind(), data, args);
        try {
            CompiledModelHessian.Pattern p = hessian.pattern(b);
            return new Entries(p, hessian.sparseHessian(b, p, null));
        } catch (IllegalArgumentException e) {
            throw new BadData(e.getMessage());
        }
    }

    private static CompiledModelHessian hessian(Model model, List<String> wrt, int threads) {
        try {
            return model.hessian(chosen(model, wrt), Model.Tuning.standard().threads(threads));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--wrt: " + e.getMessage());
        }
    }

    /** The inputs --wrt names, or all of them. */
    static List<String> chosen(Model model, List<String> wrt) {
        if (wrt != null) return wrt;
        List<String> all = new ArrayList<>(model.arrays());
        all.addAll(model.scalars());
        return all;
    }

    /** The Hessian's structure after the listing, as comments. */
    private static String structure(CompiledModel compiled, CompiledModelHessian hessian) {
        StringBuilder out = new StringBuilder("# the second partials of ").append(compiled.name())
                .append(" that can be nonzero, for every size (the later element first):\n");
        for (String line : hessian.structure()) out.append("#   ").append(line).append('\n');
        return out.toString();
    }

    /** --sparsity: where the first (and with --hessian, second) partials can be nonzero, for every size. */
    private static String sparsity(Model model, Arguments args) {
        List<String> wrt = chosen(model, args.wrt);
        List<String> first;
        List<String> second;
        try {
            first = model.gradientStructure(wrt);
            second = args.hessian ? model.hessianStructure(wrt) : null;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--wrt: " + e.getMessage());
        }
        String name = model.name();
        if (args.json) {
            StringBuilder out = new StringBuilder("{\n  \"outputs\": ").append(strings(List.of(name)));
            out.append(",\n  \"wrt\": ").append(strings(wrt));
            out.append(",\n  \"jacobian\": {").append(JsonReport.string(name)).append(": ").append(strings(first)).append('}');
            if (second != null) {
                out.append(",\n  \"hessian\": {").append(JsonReport.string(name)).append(": ").append(strings(second)).append('}');
            }
            return out.append("\n}\n").toString();
        }
        StringBuilder out = new StringBuilder("# the first partials of ").append(name)
                .append(" that can be nonzero, for every size:\n");
        for (String line : first) out.append(line).append('\n');
        if (second == null) return out.toString();
        out.append("# the second partials of ").append(name)
           .append(" that can be nonzero, for every size (the lower triangle: the later element first):\n");
        for (String line : second) out.append(line).append('\n');
        return out.toString();
    }

    /**
     * Forward mode: the directional derivative along a direction for each input in {@code wrt}
     * (all by default), compiled as a model of its own; its directions are bound like any input.
     */
    private static CompiledModel forward(Model model, List<String> wrt, int threads) {
        try {
            return model.tangent(chosen(model, wrt).toArray(String[]::new)).compile(List.of(), Model.Tuning.standard().threads(threads));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--wrt: " + e.getMessage());
        }
    }

    private static CompiledModel compile(Model model, List<String> wrt, int threads) {
        try {
            return model.compile(chosen(model, wrt), Model.Tuning.standard().threads(threads));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--wrt: " + e.getMessage());
        }
    }

    /** Each array's rows, read from the file --data gives it. */
    static Map<String, double[][]> data(Model model, Arguments args) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (args.data != null) {
            for (String binding : args.data) {
                int eq = binding.indexOf('=');
                if (eq <= 0) throw new UsageException("--data: expected NAME=FILE, got '" + binding + "'");
                String name = binding.substring(0, eq).trim();
                if (!model.arrays().contains(name)) {
                    throw new UsageException("--data: '" + name + "' is not an array of the model; its arrays are "
                            + model.arrays());
                }
                if (files.put(name, binding.substring(eq + 1)) != null) {
                    throw new UsageException("--data: '" + name + "' is given more than once");
                }
            }
        }
        Map<String, double[][]> data = new LinkedHashMap<>();
        for (String array : model.arrays()) {
            String file = files.get(array);
            if (file == null) throw new UsageException("array '" + array + "' has no values: give them with --data "
                    + array + "=FILE");
            data.put(array, DataFile.read(file));
        }
        return data;
    }

    /** Binds b (made by a compiled model or Hessian) with the arrays read, and the scalars and sizes the arguments give. */
    static Bindings bindings(Model model, Bindings b, Map<String, double[][]> data, Arguments args) {
        for (Map.Entry<String, double[][]> array : data.entrySet()) {
            try {
                if (model.rank(array.getKey()) == 1) b.array(array.getKey(), DataFile.flat(array.getValue()));
                else b.matrix(array.getKey(), array.getValue());
            } catch (IllegalArgumentException e) {
                throw new BadData(e.getMessage());
            }
        }
        Map<String, Double> at = args.at == null ? Map.of() : Point.parse(args.at).values();
        for (Map.Entry<String, Double> v : at.entrySet()) {
            if (!model.scalars().contains(v.getKey())) {
                throw new UsageException("--at: '" + v.getKey() + "' is not a scalar input of the model"
                        + (model.arrays().contains(v.getKey()) ? "; give an array with --data" : ""));
            }
            b.scalar(v.getKey(), v.getValue());
        }
        for (String s : model.scalars()) {
            if (!at.containsKey(s)) throw new UsageException("scalar '" + s + "' has no value: give it with --at " + s + "=...");
        }
        if (args.sizes != null) {
            for (String binding : args.sizes) {
                int eq = binding.indexOf('=');
                if (eq <= 0) throw new UsageException("--size: expected NAME=N, got '" + binding + "'");
                String name = binding.substring(0, eq).trim();
                int value;
                try {
                    value = Integer.parseInt(binding.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    throw new UsageException("--size: '" + binding.substring(eq + 1).trim() + "' is not an integer");
                }
                try {
                    b.size(name, value);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--size: " + e.getMessage());
                }
            }
        }
        return b;
    }

    static String dataFile(Arguments args, String array) {
        for (String binding : args.data) {
            if (binding.substring(0, binding.indexOf('=')).trim().equals(array)) return binding.substring(binding.indexOf('=') + 1);
        }
        return "?";
    }

    /** [a, b, ...]: for JSON, infinities and NaN as strings; for text, as Java writes them. */
    static String numbers(double[] values, boolean json) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(json ? JsonReport.number(values[i]) : Double.toString(values[i]));
        }
        return s.append(']').toString();
    }

    private static String json(Model model, CompiledModel compiled, List<String> listing, Double value,
                               CompiledModel.Gradient g, Map<String, Integer> sizes, CompiledModelHessian hessian,
                               Entries entries) {
        StringBuilder out = new StringBuilder("{\n  \"arrays\": {");
        List<String> arrays = model.arrays();
        for (int i = 0; i < arrays.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(JsonReport.string(arrays.get(i))).append(": ").append(model.rank(arrays.get(i)));
        }
        out.append("},\n  \"scalars\": ").append(strings(model.scalars()));
        out.append(",\n  \"sizes\": ").append(strings(model.sizes()));
        out.append(",\n  \"wrt\": ").append(strings(compiled.wrt()));
        if (!model.directions().isEmpty()) {
            out.append(",\n  \"directions\": {");
            int k = 0;
            for (Map.Entry<String, String> d : model.directions().entrySet()) {
                out.append(k++ == 0 ? "" : ", ").append(JsonReport.string(d.getKey())).append(": ")
                   .append(JsonReport.string(d.getValue()));
            }
            out.append('}');
        }
        out.append(",\n  \"program\": ").append(strings(listing));
        if (model.directions().isEmpty()) out.append(",\n  \"derivatives\": ").append(formulas(model, compiled.wrt()));
        if (hessian != null) out.append(",\n  \"hessian structure\": ").append(strings(hessian.structure()));
        if (value != null) {
            out.append(",\n  \"size values\": {");
            int k = 0;
            for (Map.Entry<String, Integer> s : sizes.entrySet()) {
                out.append(k++ == 0 ? "" : ", ").append(JsonReport.string(s.getKey())).append(": ").append(s.getValue());
            }
            out.append("},\n  \"value\": ").append(JsonReport.number(value));
            out.append(",\n  \"gradient\": {");
            List<String> wrt = compiled.wrt();
            for (int i = 0; i < wrt.size(); i++) {
                String w = wrt.get(i);
                out.append(i == 0 ? "" : ", ").append(JsonReport.string(w)).append(": ")
                   .append(model.arrays().contains(w) ? numbers(g.array(w), true) : JsonReport.number(g.scalar(w)));
            }
            out.append('}');
            if (entries != null) out.append(",\n  \"hessian\": ").append(hessianJson(entries));
        }
        return out.append("\n}\n").toString();
    }

    /**
     * {"x": "df_dx[k = 0 .. n - 1] = ...", "b": "df_db = ..."}: each input's partials as a
     * statement that reads back as a model (null where too long to write).
     */
    private static String formulas(Model model, List<String> wrt) {
        Map<String, String> formulas = model.gradientFormulas(wrt);
        StringBuilder out = new StringBuilder("{");
        int k = 0;
        for (Map.Entry<String, String> f : formulas.entrySet()) {
            out.append(k++ == 0 ? "" : ", ").append(JsonReport.string(f.getKey())).append(": ")
               .append(f.getValue() == null ? "null" : JsonReport.string(f.getValue()));
        }
        return out.append('}').toString();
    }

    /** {"x[0]": {"x[0]": h, "x[1]": h}, "x[1]": {...}}: each entry of the pattern under its row and its column. */
    private static String hessianJson(Entries entries) {
        CompiledModelHessian.Pattern p = entries.pattern;
        List<List<Integer>> byRow = new ArrayList<>();
        for (int r = 0; r < p.size(); r++) byRow.add(new ArrayList<>());
        int[] rows = p.rows();
        int[] columns = p.columns();
        for (int k = 0; k < rows.length; k++) {
            byRow.get(rows[k]).add(k);
            if (rows[k] != columns[k]) byRow.get(columns[k]).add(k);
        }
        StringBuilder out = new StringBuilder("{");
        boolean firstRow = true;
        for (int r = 0; r < p.size(); r++) {
            List<Integer> here = byRow.get(r);
            if (here.isEmpty()) continue;
            int row = r;
            here.sort(java.util.Comparator.comparingInt(k -> rows[k] == row ? columns[k] : rows[k]));
            out.append(firstRow ? "" : ", ").append(JsonReport.string(p.name(r))).append(": {");
            firstRow = false;
            for (int m = 0; m < here.size(); m++) {
                int k = here.get(m);
                int other = rows[k] == r ? columns[k] : rows[k];
                out.append(m == 0 ? "" : ", ").append(JsonReport.string(p.name(other))).append(": ")
                   .append(JsonReport.number(entries.values[k]));
            }
            out.append('}');
        }
        return out.append('}').toString();
    }

    static String strings(List<String> items) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) s.append(i == 0 ? "" : ", ").append(JsonReport.string(items.get(i)));
        return s.append(']').toString();
    }
}
