package dev.derive.indexed;

import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model and its gradient as text: the value as a formula with its sums written out, then
 * the gradient as the loops that compute it, each array's partials added into ({@code df/dx[i] += ...})
 * and each scalar's summed. Sums with no effect but their value are shown as sums, not loops.
 */
public final class Listing {
    private final Scopes scopes;
    private final String output;
    /** The names taken: the source's, then each temporary and slot the listing gives. */
    private final Set<String> names;
    private int temporaries;
    /** Variable names to replace in printed text: sums by their formulas, slots by short names. */
    private final Map<String, String> shown = new LinkedHashMap<>();
    private int slots;

    private Listing(Scopes scopes, String output, Set<String> taken) {
        this.scopes = scopes;
        this.output = output;
        this.names = new HashSet<>(taken);
        showSums(shown, scopes.graph(), scopes.indexing().reductions());
    }

    /** Adds each sum's formula to {@code shown}, by the name of the variable standing for it, inner sums first. */
    private static void showSums(Map<String, String> shown, dev.derive.graph.Graph graph,
                                 Map<String, Indexing.Reduction> reductions) {
        Map<Integer, Indexing.Reduction> byId = new TreeMap<>();
        for (Indexing.Reduction r : reductions.values()) byId.put(graph.variable(r.name()).id, r);
        for (Indexing.Reduction r : byId.values()) {
            shown.put(r.name(), r.kind().word + "(" + r.variable() + " = " + r.lo() + " .. " + r.hi() + ", "
                    + text(shown, Printer.expression(r.body())) + ")");
        }
    }

    /**
     * The lines: {@code output = value}, then the gradient's steps.
     *
     * @param taken the names the source uses, which temporaries avoid
     */
    public static List<String> of(Scopes scopes, String output, Node value, List<Step> gradient,
                                  List<String> wrtArrays, Map<String, Node> scalarPartials, Set<String> taken) {
        Listing l = new Listing(scopes, output, taken);
        for (Map.Entry<String, Node> p : scalarPartials.entrySet()) {
            if (p.getValue() != null) l.shown.put(p.getValue().name, "d" + output + "/d" + p.getKey());
        }
        List<String> lines = new ArrayList<>();
        lines.add(output + " = " + l.text(Printer.expression(value)));
        for (String array : wrtArrays) lines.add("d" + output + "/d" + array + " = 0  # every element, then:");
        l.render(gradient, "", lines, Map.of());
        for (Map.Entry<String, Node> p : scalarPartials.entrySet()) {
            if (p.getValue() == null) lines.add("d" + output + "/d" + p.getKey() + " = 0");
        }
        return lines;
    }

    /** {@code node} as a formula of the language, its sums written out. */
    public static String formula(Scopes scopes, Node node) {
        return formula(scopes.graph(), scopes.indexing().reductions(), node);
    }

    /** {@code node} as a formula of the language, the sums in {@code reductions} written out. */
    public static String formula(dev.derive.graph.Graph graph, Map<String, Indexing.Reduction> reductions, Node node) {
        Map<String, String> shown = new LinkedHashMap<>();
        showSums(shown, graph, reductions);
        return text(shown, Printer.expression(node));
    }

    private String text(String printed) {
        return text(shown, printed);
    }

    private static String text(Map<String, String> shown, String printed) {
        String s = printed;
        for (Map.Entry<String, String> e : shown.entrySet()) s = s.replace(e.getKey(), e.getValue());
        return s;
    }

    /**
     * A scope's statements, each after the temporaries it needs; before each loop, the values
     * it reads that were computed once, before it, named for the loop's lines to refer to.
     *
     * @param known the nodes enclosing scopes named, which this one refers to by name
     */
    private void render(List<Step> steps, String indent, List<String> out, Map<Node, String> known) {
        List<Printer.Line> lines = new ArrayList<>();
        List<Object> items = new ArrayList<>();
        Set<Node> beforeLoops = new HashSet<>();
        Map<Node, String> named = new HashMap<>(known);
        List<String> sums = new ArrayList<>();
        for (Step s : steps) {
            Node value = s instanceof Step.Set set ? set.value() : s instanceof Step.Add add ? add.value()
                    : s instanceof Step.Scatter sc ? sc.value() : null;
            if (value != null) {
                lines.add(new Printer.Line(null, value, false));
                items.add(s);
            } else if (s instanceof Step.Loop l && hasEffects(l)) {
                for (Node in : Chunking.inputs(l)) {
                    Scopes.Kind kind = scopes.kind(in);
                    if (named.containsKey(in) || beforeLoops.contains(in)) continue;
                    if (kind == Scopes.Kind.REDUCTION) {
                        // a sum the loop reads, named where the scope starts (its value is computed first)
                        String label = fresh();
                        named.put(in, label);
                        sums.add(label + " = " + text(Printer.expression(in)));
                        continue;
                    }
                    if (kind != Scopes.Kind.OPERATION) continue;
                    beforeLoops.add(in);
                    lines.add(new Printer.Line(null, in, false));
                    items.add(in);
                }
                items.add(s);
            }
        }
        Printer printer = new Printer(names, Map.of()).knowing(named);
        List<List<String>> groups = lines.isEmpty() ? List.of() : printer.printGroups(lines);
        for (String sum : sums) out.add(indent + sum);
        Map<Node, String> inner = new HashMap<>(named);
        Map<Node, String> temporaries = printer.names();
        inner.putAll(temporaries);
        names.addAll(inner.values());
        int next = 0;
        for (Object item : items) {
            if (item instanceof Step.Loop l) {
                out.add(indent + "for " + l.variable() + " = " + l.lo() + " .. " + l.hi() + ":");
                render(l.body(), indent + "    ", out, inner);
                continue;
            }
            List<String> group = groups.get(next++);
            for (int k = 0; k < group.size() - 1; k++) out.add(indent + text(group.get(k)));
            String value = text(group.get(group.size() - 1));
            if (item instanceof Node n) {
                // named already if this scope's lines share it; else named here, for the loop
                if (!temporaries.containsKey(n)) {
                    String label = fresh();
                    inner.put(n, label);
                    out.add(indent + label + " = " + value);
                }
                continue;
            }
            if (item instanceof Step.Set set) out.add(indent + slotName(set.slot()) + " = " + value);
            else if (item instanceof Step.Add add) out.add(indent + slotName(add.slot()) + " += " + value);
            else if (item instanceof Step.Scatter sc) out.add(indent + "d" + output + "/d" + sc.element().name() + " += " + value);
        }
    }

    /** A temporary's name that no source name, slot or earlier temporary has. */
    private String fresh() {
        return unused("t", () -> ++temporaries);
    }

    private String slotName(Node slot) {
        return shown.computeIfAbsent(slot.name, n -> unused("g", () -> ++slots));
    }

    /** The first of prefix + next() that no name has, taken. */
    private String unused(String prefix, java.util.function.IntSupplier next) {
        String name;
        do {
            name = prefix + next.getAsInt();
        } while (names.contains(name));
        names.add(name);
        return name;
    }

    private static boolean hasEffects(Step.Loop l) {
        for (Step s : l.body()) {
            if (s instanceof Step.Set || s instanceof Step.Add || s instanceof Step.Scatter) return true;
            if (s instanceof Step.Loop inner && hasEffects(inner)) return true;
        }
        return false;
    }
}
