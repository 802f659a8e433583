package dev.derive.graph;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/** Whether two graphs are the same graph: what printing and parsing back must keep. */
public final class Structure {
    private Structure() {}

    /**
     * Walks both graphs together, iteratively: each node of {@code expected} must correspond to
     * exactly one node of {@code actual} with the same operation, constant bits and name.
     */
    public static void assertSame(Node expected, Node actual, String context) {
        Map<Node, Node> partner = new IdentityHashMap<>();
        Map<Node, Node> reverse = new IdentityHashMap<>();
        Deque<Node[]> work = new ArrayDeque<>();
        work.push(new Node[] {expected, actual});
        while (!work.isEmpty()) {
            Node[] pair = work.pop();
            Node e = pair[0];
            Node a = pair[1];
            Node known = partner.putIfAbsent(e, a);
            Node knownReverse = reverse.putIfAbsent(a, e);
            if (known != null || knownReverse != null) {
                if (known != a || knownReverse != e) fail(context + ": sharing differs at " + e);
                continue;
            }
            if (e.op != a.op || Double.doubleToLongBits(e.value) != Double.doubleToLongBits(a.value)
                    || !Objects.equals(e.name, a.name)) {
                fail(context + ": expected " + e + " but found " + a);
            }
            for (int i = 0; i < e.op.arity; i++) {
                work.push(new Node[] {e.arg(i), a.arg(i)});
            }
        }
    }
}
