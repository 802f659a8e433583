package dev.derive.parse;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed program: its graph, its input variables in order of first appearance, the node of
 * its value (the last statement), and the names it assigns.
 *
 * @param valueName the name the last statement assigns, or null if it is a bare expression
 * @param assigned each assigned name and its node, in the order of assignment
 * @param names every name the source uses (inputs and assigned names), for avoiding clashes
 * @param warnings located messages about legal but suspicious source, such as a bare
 *     expression before the last statement, whose value nothing uses
 */
public record Program(Graph graph, List<Node> inputs, Node value, String valueName,
                      Map<String, Node> assigned, Set<String> names, List<String> warnings) {

    /** A printer for this program's nodes: it calls them by the names the program gave them. */
    public Printer printer() {
        Map<Node, String> preferred = new HashMap<>();
        for (Map.Entry<String, Node> assignment : assigned.entrySet()) {
            preferred.putIfAbsent(assignment.getValue(), assignment.getKey());
        }
        return new Printer(names, preferred);
    }
}
