package dev.derive.indexed;

import dev.derive.graph.Affine;
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
 * sums on its own, and the gradient elements they add to in place. An array is added to in
 * place ({@code inPlace}) when every scatter of the loop into it is in the body itself and at
 * {@code i + c} ({@code df/dx[i + 1] += ...}, where neighbouring iterations meet): each element
 * then gets its contributions in the order of the iterations, chunk after chunk, as if the
 * loop were not cut at all. A loop that scatters by its variable in any other way
 * ({@code dx[2*i]}, or in an inner loop) runs as one chunk, in turn.
 *
 * @param inputs the values the body reads that are computed before the loop, by id
 * @param slots the adjoints summed over the iterations into slots of the top level
 * @param arrays the gradient arrays the body adds into at elements that do not move with the
 *     loop, each chunk in arrays of its own
 * @param inPlace the gradient arrays the body adds into at {@code i + c}, in place
 */
public record Chunking(Step.Loop loop, List<Node> inputs, List<Node> slots, List<String> arrays, List<String> inPlace) {

    /** How {@code loop}, a step of the top level, runs in chunks, or null if it runs in turn. */
    public static Chunking of(Step.Loop loop) {
        Walk w = new Walk();
        w.loop(loop);
        List<String> arrays = new ArrayList<>();
        List<String> inPlace = new ArrayList<>();
        for (Indexing.Element e : w.scattered) {
            if (!Planner.usesVariable(e, loop.variable())) {
                if (!arrays.contains(e.array())) arrays.add(e.array());
            } else if (offsets(loop, e.array()) == null) {
                return null;
            } else if (!inPlace.contains(e.array())) {
                inPlace.add(e.array());
            }
        }
        for (String a : inPlace) if (arrays.contains(a)) return null;
        Set<Node> slots = new LinkedHashSet<>(w.added);
        slots.removeAll(w.set);
        for (Node slot : slots) if (w.used.contains(slot)) return null;
        Set<Node> inputs = new LinkedHashSet<>(w.used);
        inputs.removeAll(w.defined);
        inputs.removeAll(slots);
        return new Chunking(loop, byId(inputs), byId(slots), arrays, inPlace);
    }

    /**
     * The c of each of the loop's scatters into {@code array}'s gradient, in the body's order, if
     * each is a step of the body itself (none in an inner loop) at {@code i + c} of a 1-D array
     * (i the loop's variable); otherwise null. A guarded scatter (its element read only in a
     * branch of an if) adds where its element is in range, so it is in place too.
     */
    public static List<Long> offsets(Step.Loop l, String array) {
        List<Long> offsets = new ArrayList<>();
        for (Step s : l.body()) {
            if (s instanceof Step.Loop inner && scatters(inner, array)) return null;
            if (!(s instanceof Step.Scatter sc) || !sc.element().array().equals(array)) continue;
            if (sc.element().indexes().size() != 1) return null;
            Affine index = sc.element().indexes().get(0);
            if (index.terms().size() != 1 || index.coefficient(l.variable()) != 1) return null;
            offsets.add(index.constant());
        }
        return offsets;
    }

    /** Whether the step scatters into {@code array}'s gradient, itself or in a loop. */
    static boolean scatters(Step s, String array) {
        if (s instanceof Step.Scatter sc) return sc.element().array().equals(array);
        if (s instanceof Step.Loop l) for (Step t : l.body()) if (scatters(t, array)) return true;
        return false;
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
