package dev.derive.graph;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The reference interpreter: evaluates nodes of a graph at a point, in double precision, one
 * node at a time in id order. Compiled code is checked against it.
 */
public final class Interpreter {
    private Interpreter() {}

    /**
     * The values of {@code outputs} with every variable bound by {@code point}.
     *
     * @throws IllegalArgumentException if a variable the outputs depend on has no value
     */
    public static double[] evaluate(Graph graph, List<Node> outputs, Map<String, Double> point) {
        BitSet needed = graph.reachable(outputs);
        double[] values = new double[needed.length()];
        for (int id = needed.nextSetBit(0); id >= 0; id = needed.nextSetBit(id + 1)) {
            values[id] = valueOf(graph.node(id), values, point);
        }
        double[] result = new double[outputs.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values[outputs.get(i).id];
        }
        return result;
    }

    private static double valueOf(Node n, double[] values, Map<String, Double> point) {
        return switch (n.op) {
            case CONST -> n.value;
            case VAR -> {
                Double v = point.get(n.name);
                if (v == null) {
                    throw new IllegalArgumentException("no value for variable '" + n.name + "'");
                }
                yield v;
            }
            default -> n.op.apply(values[n.a.id], n.b == null ? 0 : values[n.b.id],
                    n.c == null ? 0 : values[n.c.id]);
        };
    }
}
