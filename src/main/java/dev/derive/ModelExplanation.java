package dev.derive;

import dev.derive.diff.ReverseMode;
import dev.derive.graph.Graph;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import dev.derive.indexed.Scopes;
import dev.derive.parse.Program;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's computational graph in Graphviz DOT, for every size at once: one node per array
 * element read ({@code x[i + 1]}), scalar input, operation and reduction, as {@link Explanation}
 * draws a formula's. What a loop computes once per iteration is drawn once, in a box for its
 * loop variables; the edge from a reduction's term to the reduction is labelled with how the
 * term's adjoint follows from the reduction's (1 for a sum, the other terms' product for a
 * product, a share of 1 where the term is the max). Loop variables and sizes are integers and
 * have no derivative: their edges are dashed.
 */
final class ModelExplanation {
    private final Graph graph;
    private final Scopes scopes;
    private final Program program;
    /** The nodes drawn, in id order (arguments before their users, terms before their reductions). */
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Node, String> names = new HashMap<>();
    private final List<String> wrtArrays;
    private final List<String> wrtScalars;
    /** How many outputs are drawn. */
    private final int outputs;

    private ModelExplanation(List<Model> models, List<String> wrtArrays, List<String> wrtScalars) {
        this.wrtArrays = wrtArrays;
        this.wrtScalars = wrtScalars;
        this.outputs = models.size();
        this.program = models.get(0).program();
        this.graph = program.graph();
        this.scopes = new Scopes(graph, models.get(0).indexing(), Set.of(), Set.of());
        Map<Node, String> roots = new LinkedHashMap<>();
        for (Model m : models) roots.put(root(m.program()), m.program().definition() != null ? definitionName() : m.name());
        BitSet drawn = new BitSet();
        ArrayDeque<Node> work = new ArrayDeque<>(roots.keySet());
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (n.isConstant() || drawn.get(n.id)) continue;
            drawn.set(n.id);
            for (int k = 0; k < n.op.arity; k++) work.push(n.arg(k));
            if (scopes.kind(n) == Scopes.Kind.REDUCTION) work.push(scopes.reduction(n).body());
        }
        for (int id = drawn.nextSetBit(0); id >= 0; id = drawn.nextSetBit(id + 1)) nodes.add(graph.node(id));
        nameNodes(roots);
    }

    /**
     * The DOT text of the outputs of {@code models} (one program's: they share its graph), its
     * sweeps counted for the partials with respect to these arrays and scalars.
     */
    static String of(List<Model> models, List<String> wrtArrays, List<String> wrtScalars) {
        return new ModelExplanation(models, wrtArrays, wrtScalars).dot();
    }

    /** The value drawn: the model's, or an array output's element. */
    private static Node root(Program program) {
        Program.Definition d = program.definition();
        return d != null ? d.body() : program.value();
    }

    private String definitionName() {
        Program.Definition d = program.definition();
        return d.array() + "[" + String.join(", ", d.indexes()) + "]";
    }

    private void nameNodes(Map<Node, String> roots) {
        names.putAll(Explanation.names(program, nodes, roots, n -> {
            Scopes.Kind kind = scopes.kind(n);
            if (kind == Scopes.Kind.ELEMENT) return scopes.element(n).name();
            return n.op == Op.VAR && kind != Scopes.Kind.REDUCTION ? n.name : null;
        }));
    }

    private String dot() {
        StringBuilder out = new StringBuilder();
        counts(out);
        out.append("digraph derive {\n  rankdir=BT;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
           .append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        Map<Long, List<Node>> byLoops = new LinkedHashMap<>();
        for (Node n : nodes) byLoops.computeIfAbsent(scopes.free(n), f -> new ArrayList<>()).add(n);
        int cluster = 0;
        for (Map.Entry<Long, List<Node>> group : byLoops.entrySet()) {
            boolean inLoop = group.getKey() != 0;
            String indent = inLoop ? "    " : "  ";
            if (inLoop) {
                out.append("  subgraph cluster_").append(cluster++).append(" {\n    label=\"each ")
                   .append(escape(variables(group.getKey()))).append("\";\n    style=dashed;\n    fontname=\"Helvetica\";\n");
            }
            for (Node n : group.getValue()) out.append(indent).append(node(n)).append('\n');
            if (inLoop) out.append("  }\n");
        }
        for (Node n : nodes) {
            if (scopes.kind(n) == Scopes.Kind.REDUCTION) {
                Indexing.Reduction r = scopes.reduction(n);
                if (!r.body().isConstant()) edge(out, r.body(), n, termAdjoint(r, n), false);
                continue;
            }
            for (int k = 0; k < n.op.arity; k++) {
                Node arg = n.arg(k);
                if (arg.isConstant()) continue;
                if (integer(arg)) edge(out, arg, n, null, true);
                else edge(out, arg, n, Explanation.expressionOf(ReverseMode.localPartial(graph, n, k), names), false);
            }
        }
        return out.append("}\n").toString();
    }

    private String node(Node n) {
        Scopes.Kind kind = scopes.kind(n);
        String label;
        if (kind == Scopes.Kind.REDUCTION) {
            Indexing.Reduction r = scopes.reduction(n);
            String body = r.body().isConstant() ? dev.derive.graph.Printer.expression(r.body()) : names.get(r.body());
            label = names.get(n) + " = " + r.kind().word + "(" + r.variable() + " = " + r.lo() + " .. " + r.hi() + ", "
                    + body + ")";
        } else if (n.op == Op.VAR) {
            label = names.get(n);
        } else {
            label = names.get(n) + " = " + Explanation.shallow(n, names);
        }
        String shape = n.op != Op.VAR || kind == Scopes.Kind.REDUCTION ? ""
                : integer(n) ? ", shape=ellipse, style=dashed" : ", shape=ellipse";
        return "n" + n.id + " [label=\"" + escape(label) + "\"" + shape + "];";
    }

    private static void edge(StringBuilder out, Node from, Node to, String label, boolean dashed) {
        out.append("  n").append(from.id).append(" -> n").append(to.id);
        if (dashed) out.append(" [style=dashed]");
        else out.append(" [label=\"").append(escape(label)).append("\"]");
        out.append(";\n");
    }

    /** How a reduction's adjoint reaches its term, in each iteration. */
    private String termAdjoint(Indexing.Reduction r, Node reduction) {
        String term = names.get(r.body());
        return switch (r.kind()) {
            case SUM -> "1, each " + r.variable();
            case PROD -> "the other terms' product (" + names.get(reduction) + "/" + term + " where " + term + " ≠ 0)";
            case MAX -> "1 where " + term + " is the max, split evenly among ties";
            case MIN -> "1 where " + term + " is the min, split evenly among ties";
        };
    }

    /** Loop variables and sizes: integers, never differentiated. */
    private boolean integer(Node n) {
        Scopes.Kind kind = scopes.kind(n);
        return kind == Scopes.Kind.LOOP_VARIABLE || kind == Scopes.Kind.SIZE;
    }

    private String variables(long free) {
        List<String> names = new ArrayList<>();
        for (String v : scopes.indexing().loopVariables()) {
            if ((free & scopes.bit(v)) != 0) names.add(v);
        }
        return String.join(", ", names);
    }

    /** The comment lines: what is drawn, and what each mode's sweeps cost on it. */
    private void counts(StringBuilder out) {
        int elements = 0;
        int scalars = 0;
        int reductions = 0;
        int integers = 0;
        int edges = 0;
        for (Node n : nodes) {
            Scopes.Kind kind = scopes.kind(n);
            if (kind == Scopes.Kind.ELEMENT) elements++;
            else if (kind == Scopes.Kind.SCALAR) scalars++;
            else if (kind == Scopes.Kind.REDUCTION) reductions++;
            else if (integer(n)) integers++;
            if (kind == Scopes.Kind.REDUCTION) edges += scopes.reduction(n).body().isConstant() ? 0 : 1;
            for (int k = 0; k < n.op.arity; k++) if (!n.arg(k).isConstant()) edges++;
        }
        int operations = nodes.size() - elements - scalars - reductions - integers;
        List<String> parts = new ArrayList<>();
        count(parts, elements, "array element read");
        count(parts, scalars, "scalar input");
        count(parts, reductions, "reduction");
        count(parts, operations, "operation");
        count(parts, integers, "integer");
        out.append("// ").append(nodes.size()).append(nodes.size() == 1 ? " node (" : " nodes (").append(String.join(", ", parts)).append("), ")
           .append(edges).append(edges == 1 ? " edge" : " edges").append("; a loop's body is drawn once, for every iteration\n");
        List<String> inputs = new ArrayList<>();
        if (!wrtArrays.isEmpty()) inputs.add("element of " + String.join(", ", wrtArrays));
        if (!wrtScalars.isEmpty()) inputs.add("scalar input (" + String.join(", ", wrtScalars) + ")");
        String reverse = program.definition() != null ? "1 sweep per element of " + program.definition().array()
                : outputs == 1 ? "1 sweep, back through each loop once"
                : "1 sweep per output (" + outputs + "), back through each loop once";
        if (inputs.isEmpty()) out.append("// no inputs to differentiate with respect to\n");
        else out.append("// every partial: reverse mode ").append(reverse).append("; forward mode 1 sweep per ")
                .append(String.join(" and per ", inputs)).append('\n');
    }

    private static void count(List<String> parts, int n, String what) {
        if (n > 0) parts.add(n + " " + what + (n == 1 ? "" : "s"));
    }

    private static String escape(String s) {
        return Explanation.escape(s);
    }
}
