package dev.derive.indexed;

import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A loop at the top level whose iterations can run in chunks, on several threads
 * ({@link Order}): the iterations share nothing but the adjoints they add to, which each chunk
 * sums on its own. A loop whose body adds into a gradient at an index that moves with the loop
 * ({@code dx[i + 1] += ...}, where neighbouring iterations meet) runs as one chunk, in turn.
 *
 * @param inputs the values the body reads that are computed before the loop, by id
 * @param slots the adjoints summed over the iterations into slots of the top level
 * @param arrays the gradient arrays the body adds into
 */
public record Chunking(Step.Loop loop, List<Node> inputs, List<Node> slots, List<String> arrays) {

    /** How {@code loop}, a step of the top level, runs in chunks, or null if it runs in turn. */
    public static Chunking of(Step.Loop loop) {
        Walk w = new Walk();
        w.loop(loop);
        for (Indexing.Element e : w.scattered) {
            if (Planner.usesVariable(e, loop.variable())) return null;
        }
        Set<Node> slots = new LinkedHashSet<>(w.added);
        slots.removeAll(w.set);
        for (Node slot : slots) if (w.used.contains(slot)) return null;
        Set<Node> inputs = new LinkedHashSet<>(w.used);
        inputs.removeAll(w.defined);
        inputs.removeAll(slots);
        List<String> arrays = new ArrayList<>();
        for (Indexing.Element e : w.scattered) if (!arrays.contains(e.array())) arrays.add(e.array());
        return new Chunking(loop, byId(inputs), byId(slots), arrays);
    }

    /** The values {@code loop}'s steps read that are computed before it, by id. */
    public static List<Node> inputs(Step.Loop loop) {
        Walk w = new Walk();
        w.loop(loop);
        Set<Node> inputs = new LinkedHashSet<>(w.used);
        inputs.removeAll(w.defined);
        inputs.removeAll(w.added);
        return byId(inputs);
    }

    private static List<Node> byId(Set<Node> nodes) {
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingInt(n -> n.id));
        return sorted;
    }

    /** What a loop's steps, and those of the loops in it, read, give values to, and add into. */
    private static final class Walk {
        final Set<Node> used = new LinkedHashSet<>();
        final Set<Node> defined = new LinkedHashSet<>();
        final Set<Node> added = new LinkedHashSet<>();
        final Set<Node> set = new LinkedHashSet<>();
        final List<Indexing.Element> scattered = new ArrayList<>();

        void loop(Step.Loop l) {
            if (l.reduces()) {
                defined.add(l.total());
                used.add(l.term());
            }
            for (Step s : l.body()) step(s);
        }

        void step(Step s) {
            Step.reads(s, used::add);
            if (s instanceof Step.Compute c) {
                defined.add(c.node());
            } else if (s instanceof Step.Loop inner) {
                loop(inner);
            } else if (s instanceof Step.Scatter sc) {
                scattered.add(sc.element());
            } else if (s instanceof Step.Set st) {
                set.add(st.slot());
                defined.add(st.slot());
            } else if (s instanceof Step.Add add) {
                added.add(add.slot());
            }
        }
    }
}
