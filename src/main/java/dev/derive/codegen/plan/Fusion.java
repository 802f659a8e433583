package dev.derive.codegen.plan;

import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether two live loops can run as one, and how the straight-line nodes between them are
 * split: those that do not depend on the first loop move before it, the rest stay after.
 *
 * <p>The second loop may then not read anything the first computes: neither its tape nor a
 * value computed from it. Their bodies together, and that of the longer one again for the
 * blocks only it has, must fit one method.
 *
 * @param before the nodes between the loops to compute before the fused loop
 * @param after those to compute after it
 */
public record Fusion(List<Node> before, List<Node> after) {

    /** The fusion of loops {@code a} and {@code b} (the next live one), or null if they cannot fuse. */
    public static Fusion of(LoopPlan loopPlan, int a, int b, List<Node> schedule) {
        Loop first = loopPlan.loops().get(a);
        Loop second = loopPlan.loops().get(b);
        int sizes = LoopFinder.bodySize(first.args()) + LoopFinder.bodySize(second.args());
        int tail = LoopFinder.bodySize((first.count() > second.count() ? first : second).args());
        if (sizes + tail > Limits.NODES_PER_METHOD) return null;
        List<Node> before = new ArrayList<>();
        List<Node> after = new ArrayList<>();
        Map<Node, Boolean> dependent = new IdentityHashMap<>();
        for (Node n : schedule.subList(first.end(), second.start())) {
            if (loopPlan.loopOf(n.id) >= 0) continue;
            boolean depends = false;
            for (int k = 0; k < n.op.arity; k++) depends |= dependsOn(n.arg(k), a, loopPlan, dependent);
            dependent.put(n, depends);
            (depends ? after : before).add(n);
        }
        for (Loop.Arg[] template : second.args()) {
            for (Loop.Arg arg : template) {
                if (arg instanceof Loop.Taped t && t.loop() == a) return null;
            }
        }
        for (Node n : second.outsideValues()) {
            if (dependsOn(n, a, loopPlan, dependent)) return null;
        }
        return new Fusion(before, after);
    }

    /**
     * Whether {@code n} needs loop {@code a} to have run: it is one of its nodes that is not
     * recomputed, or a node between the loops computed from one.
     */
    private static boolean dependsOn(Node n, int a, LoopPlan loopPlan, Map<Node, Boolean> dependent) {
        if (n.isLeaf()) return false;
        if (loopPlan.loopOf(n.id) == a) return !loopPlan.recomputed(n);
        return dependent.getOrDefault(n, false);
    }
}
