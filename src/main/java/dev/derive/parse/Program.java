package dev.derive.parse;

import dev.derive.graph.Graph;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed program: its graph, its input variables in order of first appearance, the nodes of
 * its outputs (the last statement's values: one, or several listed with commas), and the names
 * it assigns.
 *
 * @param outputs the last statement's values, in order
 * @param outputNames for each output, the assigned name it is listed by ({@code y1, y2}), or null
 * @param valueName the name the last statement assigns, or null if it is a bare expression
 * @param assigned each assigned name and its node, in the order of assignment
 * @param names every name the source uses (inputs and assigned names), for avoiding clashes
 * @param warnings located messages about legal but suspicious source, such as a bare
 *     expression before the last statement, whose value nothing uses
 * @param indexing what its arrays and sums are, or null for a program of scalars; then
 *     {@code inputs} are the scalar inputs alone (not the sizes)
 * @param definition the array definition that is the program's output, or null
 */
public record Program(Graph graph, List<Node> inputs, List<Node> outputs, List<String> outputNames,
                      String valueName, Map<String, Node> assigned, Set<String> names, List<String> warnings,
                      Indexing indexing, Definition definition) {

    /**
     * An array definition, {@code r[k = 0 .. n-2] = x[k+1] - x[k]^2}: an array output, one
     * element per value of its indexes, each from 0 to its last. Its value node is
     * {@code sum(k = 0 .. n-2, r[k] * body)}, with r an array input of its own: the gradient of
     * that with respect to r is the array, and its second partials across r and another input are
     * the Jacobian, so what compiles a scalar model's derivatives computes an array's too.
     *
     * @param array the name it defines
     * @param indexes the index variables, one per dimension
     * @param lasts each index's last value, in sizes
     * @param body the element's value, in the index variables
     */
    public record Definition(String array, List<String> indexes, List<dev.derive.graph.Affine> lasts, Node body,
                             int line, int column) {
        public int rank() {
            return indexes.size();
        }
    }


    /** The first output: the program's value, when it has one. */
    public Node value() {
        return outputs.get(0);
    }

    /** A printer for this program's nodes: it calls them by the names the program gave them. */
    public Printer printer() {
        Map<Node, String> preferred = new HashMap<>();
        for (Map.Entry<String, Node> assignment : assigned.entrySet()) {
            preferred.putIfAbsent(assignment.getValue(), assignment.getKey());
        }
        return new Printer(names, preferred);
    }
}
