package dev.derive.indexed;

import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import java.util.ArrayList;
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
    private final Set<String> taken;
    /** Variable names to replace in printed text: sums by their formulas, slots by short names. */
    private final Map<String, String> shown = new LinkedHashMap<>();
    private int slots;

    private Listing(Scopes scopes, String output, Set<String> taken) {
        this.scopes = scopes;
        this.output = output;
        this.taken = taken;
        Map<Integer, Indexing.Reduction> byId = new TreeMap<>();
        for (Indexing.Reduction r : scopes.indexing().reductions().values()) {
            byId.put(scopes.graph().variable(r.name()).id, r);
        }
        for (Indexing.Reduction r : byId.values()) {
            shown.put(r.name(), r.kind().word + "(" + r.variable() + " = " + r.lo() + " .. " + r.hi() + ", "
                    + text(Printer.expression(r.body())) + ")");
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
        l.render(gradient, "", lines);
        for (Map.Entry<String, Node> p : scalarPartials.entrySet()) {
            if (p.getValue() == null) lines.add("d" + output + "/d" + p.getKey() + " = 0");
        }
        return lines;
    }

    private String text(String printed) {
        String s = printed;
        for (Map.Entry<String, String> e : shown.entrySet()) s = s.replace(e.getKey(), e.getValue());
        return s;
    }

    private void render(List<Step> steps, String indent, List<String> out) {
        List<Printer.Line> lines = new ArrayList<>();
        List<Step> statements = new ArrayList<>();
        for (Step s : steps) {
            Node value = s instanceof Step.Set set ? set.value() : s instanceof Step.Add add ? add.value()
                    : s instanceof Step.Scatter sc ? sc.value() : null;
            if (value != null) {
                lines.add(new Printer.Line(null, value, false));
                statements.add(s);
            } else if (s instanceof Step.Loop l && hasEffects(l)) {
                statements.add(s);
            }
        }
        List<String> printed = lines.isEmpty() ? List.of() : new Printer(taken, Map.of()).print(lines);
        int next = 0;
        for (Step s : statements) {
            if (s instanceof Step.Loop l) {
                out.add(indent + "for " + l.variable() + " = " + l.lo() + " .. " + l.hi() + ":");
                render(l.body(), indent + "    ", out);
                continue;
            }
            while (printed.get(next).matches("^[A-Za-z_][A-Za-z_0-9]* = .*")) out.add(indent + text(printed.get(next++)));
            String value = text(printed.get(next++));
            if (s instanceof Step.Set set) out.add(indent + slotName(set.slot()) + " = " + value);
            else if (s instanceof Step.Add add) out.add(indent + slotName(add.slot()) + " += " + value);
            else if (s instanceof Step.Scatter sc) out.add(indent + "d" + output + "/d" + sc.element().name() + " += " + value);
        }
    }

    private String slotName(Node slot) {
        return shown.computeIfAbsent(slot.name, n -> "g" + (++slots));
    }

    private static boolean hasEffects(Step.Loop l) {
        for (Step s : l.body()) {
            if (s instanceof Step.Set || s instanceof Step.Add || s instanceof Step.Scatter) return true;
            if (s instanceof Step.Loop inner && hasEffects(inner)) return true;
        }
        return false;
    }
}
