package dev.derive.indexed;

import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The nodes a node is made from, walked without recursion (a model's graph may be deep). */
final class Cones {
    private Cones() {}

    /** The nodes {@code root} is made from, sums' bodies included, each after what it is made from (by id). */
    static List<Node> withBodies(Indexing indexing, Node root) {
        List<Node> sorted = walk(root, (n, next) -> {
            Indexing.Reduction r = n.op == Op.VAR ? indexing.reductions().get(n.name) : null;
            if (r != null) next.accept(r.body());
        });
        sorted.sort(Comparator.comparingInt(n -> n.id));
        return sorted;
    }

    /** The nodes {@code root} is made from, stopping at sums (whose bodies are theirs), root first. */
    static List<Node> upToSums(Node root) {
        return walk(root, (n, next) -> {});
    }

    /** Every node reachable from root through arguments and what {@code more} adds. */
    private static List<Node> walk(Node root, java.util.function.BiConsumer<Node, Consumer<Node>> more) {
        List<Node> nodes = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        Deque<Node> work = new ArrayDeque<>();
        Consumer<Node> visit = m -> {
            if (seen.add(m)) work.push(m);
        };
        visit.accept(root);
        while (!work.isEmpty()) {
            Node n = work.pop();
            nodes.add(n);
            for (int k = 0; k < n.op.arity; k++) visit.accept(n.arg(k));
            more.accept(n, visit);
        }
        return nodes;
    }
}
