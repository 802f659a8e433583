package dev.derive;

import dev.derive.diff.ReverseMode;
import dev.derive.graph.Graph;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import dev.derive.graph.Printer;
import dev.derive.parse.Program;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A formula's computational graph in Graphviz DOT, as the seeds draw it: a node per input and
 * per operation, an edge from each argument to its user labelled with the local partial
 * derivative, and, at a point, each node's value and adjoint and each edge's derivative there.
 * Comments at the top count what reverse mode saves: nodes and edges, the paths from each
 * input to each output (what summing over paths would enumerate; they grow exponentially with
 * depth), and the edge visits forward mode needs for the whole gradient against reverse mode's.
 */
final class Explanation {
    private final Program program;
    private final Graph graph;
    private final List<Node> outputs;
    private final List<String> outputNames;
    /** The nodes drawn, in id order: every input and operation an output needs. */
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Node, String> names = new HashMap<>();

    private Explanation(Formula formula) {
        this.program = formula.program();
        this.graph = program.graph();
        this.outputs = program.outputs();
        this.outputNames = formula.outputs();
        BitSet needed = graph.reachable(outputs);
        for (int id = needed.nextSetBit(0); id >= 0; id = needed.nextSetBit(id + 1)) {
            Node n = graph.node(id);
            if (!n.isConstant()) nodes.add(n);
        }
        nameNodes();
    }

    /** The DOT text; with {@code x} (the formula's inputs, or null) the values and adjoints there. */
    static String of(Formula formula, double[] x) {
        return new Explanation(formula).dot(x);
    }

    private void nameNodes() {
        Map<Node, String> outputNames = new HashMap<>();
        for (int i = 0; i < outputs.size(); i++) outputNames.put(outputs.get(i), this.outputNames.get(i));
        names.putAll(names(program, nodes, outputNames, n -> n.op == Op.VAR ? n.name : null));
    }

    /**
     * Names for the nodes drawn: a leaf's own ({@code leaf}, null for a node that is not one),
     * else an output's, else the one the program assigned, else t1, t2, ... where the program
     * uses none of those.
     */
    static Map<Node, String> names(Program program, List<Node> nodes, Map<Node, String> outputs,
                                   java.util.function.Function<Node, String> leaf) {
        Map<Node, String> given = new HashMap<>();
        for (Map.Entry<String, Node> a : program.assigned().entrySet()) given.putIfAbsent(a.getValue(), a.getKey());
        given.putAll(outputs);
        Map<Node, String> names = new HashMap<>();
        int next = 1;
        for (Node n : nodes) {
            String own = leaf.apply(n);
            if (own != null) {
                names.put(n, own);
            } else if (given.containsKey(n)) {
                names.put(n, given.get(n));
            } else {
                String name;
                do {
                    name = "t" + next++;
                } while (program.names().contains(name) || given.containsValue(name));
                names.put(n, name);
            }
        }
        return names;
    }

    private String dot(double[] x) {
        Map<Node, Double> values = x == null ? null : values(x);
        Map<Node, Double> adjoints = x == null || outputs.size() != 1 ? null : adjoints(values);
        StringBuilder out = new StringBuilder();
        counts(out);
        out.append("digraph derive {\n  rankdir=BT;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
           .append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Node n : nodes) {
            StringBuilder label = new StringBuilder(n.op == Op.VAR ? n.name : names.get(n) + " = " + shallow(n, names));
            if (values != null) label.append("\\nvalue ").append(Printer.decimal(values.get(n)));
            if (adjoints != null) label.append("\\nadjoint ").append(Printer.decimal(adjoints.getOrDefault(n, 0.0)));
            out.append("  n").append(n.id).append(" [label=\"").append(escape(label.toString())).append('"')
               .append(n.op == Op.VAR ? ", shape=ellipse" : "").append("];\n");
        }
        for (Node n : nodes) {
            for (int k = 0; k < n.op.arity; k++) {
                Node arg = n.arg(k);
                if (arg.isConstant()) continue;
                Node local = ReverseMode.localPartial(graph, n, k);
                StringBuilder label = new StringBuilder(expressionOf(local, names));
                if (values != null) label.append("\\n= ").append(Printer.decimal(valueOf(local, values)));
                out.append("  n").append(arg.id).append(" -> n").append(n.id).append(" [label=\"")
                   .append(escape(label.toString())).append("\"];\n");
            }
        }
        return out.append("}\n").toString();
    }

    /** The comment lines: counts of nodes, edges and paths, and the sweeps' edge visits. */
    private void counts(StringBuilder out) {
        int inputs = 0;
        int edges = 0;
        for (Node n : nodes) {
            if (n.op == Op.VAR) inputs++;
            for (int k = 0; k < n.op.arity; k++) if (!n.arg(k).isConstant()) edges++;
        }
        out.append("// ").append(nodes.size()).append(" nodes (").append(inputs).append(inputs == 1 ? " input, " : " inputs, ")
           .append(nodes.size() - inputs).append(" operations), ").append(edges).append(" edges\n");
        for (int o = 0; o < outputs.size(); o++) {
            Map<Node, BigInteger> paths = pathsTo(outputs.get(o));
            out.append("// paths to ").append(outputNames.get(o)).append(" (summing over paths would follow each):");
            String separator = " ";
            for (Node v : program.inputs()) {
                out.append(separator).append("from ").append(v.name).append(' ').append(paths.getOrDefault(v, BigInteger.ZERO));
                separator = ", ";
            }
            out.append('\n');
        }
        long forward = 0;
        for (Node v : program.inputs()) forward += coneEdges(v);
        out.append("// edge visits for every partial: forward mode ").append(forward).append(" (")
           .append(program.inputs().size()).append(program.inputs().size() == 1 ? " sweep" : " sweeps")
           .append(", one per input), reverse mode ").append((long) edges * outputs.size()).append(" (")
           .append(outputs.size()).append(outputs.size() == 1 ? " sweep" : " sweeps").append(", one per output)\n");
    }

    /** For each node, the number of distinct paths from it to {@code output} (an argument used twice is two edges). */
    private Map<Node, BigInteger> pathsTo(Node output) {
        Map<Node, BigInteger> paths = new HashMap<>();
        paths.put(output, BigInteger.ONE);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            BigInteger p = paths.get(n);
            if (p == null) continue;
            for (int k = 0; k < n.op.arity; k++) {
                if (!n.arg(k).isConstant()) paths.merge(n.arg(k), p, BigInteger::add);
            }
        }
        return paths;
    }

    /** The edges a forward sweep from {@code v} visits: those out of the nodes that depend on it. */
    private long coneEdges(Node v) {
        BitSet depends = new BitSet();
        depends.set(v.id);
        long edges = 0;
        for (Node n : nodes) {
            for (int k = 0; k < n.op.arity; k++) {
                if (depends.get(n.arg(k).id)) {
                    depends.set(n.id);
                    edges++;
                }
            }
        }
        return edges;
    }

    private Map<Node, Double> values(double[] x) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) point.put(program.inputs().get(i).name, x[i]);
        double[] v = Interpreter.evaluate(graph, nodes, point);
        Map<Node, Double> values = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) values.put(nodes.get(i), v[i]);
        return values;
    }

    /** Each node's adjoint, the partial of the output with respect to it: one reverse sweep. */
    private Map<Node, Double> adjoints(Map<Node, Double> values) {
        List<Node> adjointNodes = ReverseMode.gradient(graph, outputs.get(0), nodes);
        Map<String, Double> point = new LinkedHashMap<>();
        for (Node v : program.inputs()) point.put(v.name, values.get(v));
        double[] a = Interpreter.evaluate(graph, adjointNodes, point);
        Map<Node, Double> adjoints = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) adjoints.put(nodes.get(i), a[i]);
        return adjoints;
    }

    private double valueOf(Node local, Map<Node, Double> values) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (Node v : program.inputs()) point.put(v.name, values.get(v));
        return Interpreter.evaluate(graph, List.of(local), point)[0];
    }

    /** The node's operation applied to its arguments' names: {@code a + b}, {@code c*d}, {@code exp(t1)}. */
    static String shallow(Node n, Map<Node, String> names) {
        Graph scratch = new Graph();
        Node[] args = new Node[3];
        for (int k = 0; k < n.op.arity; k++) {
            Node arg = n.arg(k);
            args[k] = arg.isConstant() ? scratch.constant(arg.value) : scratch.variable(names.get(arg));
        }
        Node shown = scratch.apply(n.op, args[0], args[1], args[2]);
        return Printer.expression(shown);
    }

    /**
     * A local derivative as an expression whose drawn nodes are written by their names: the
     * derivative of {@code e = c*d} with respect to {@code c} is {@code d}, of {@code t1 =
     * exp(u)} is {@code t1}. It is copied into a graph of its own with those nodes as variables.
     */
    static String expressionOf(Node local, Map<Node, String> names) {
        Graph scratch = new Graph();
        Map<Node, Node> copy = new HashMap<>();
        List<Node> order = new ArrayList<>();
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>();
        work.push(local);
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (copy.containsKey(n)) continue;
            copy.put(n, null);
            order.add(n);
            if (names.containsKey(n) || n.isConstant()) continue;
            for (int k = 0; k < n.op.arity; k++) work.push(n.arg(k));
        }
        order.sort((a, b) -> Integer.compare(a.id, b.id));
        for (Node n : order) {
            Node c;
            if (names.containsKey(n)) c = scratch.variable(names.get(n));
            else if (n.isConstant()) c = scratch.constant(n.value);
            else c = scratch.apply(n.op, copy.get(n.a), n.b == null ? null : copy.get(n.b), n.c == null ? null : copy.get(n.c));
            copy.put(n, c);
        }
        return Printer.expression(copy.get(local));
    }

    static String escape(String s) {
        return s.replace("\\n", "\u0000").replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\n");
    }
}
