package dev.derive.indexed;

import dev.derive.graph.Affine;
import java.util.ArrayList;
import java.util.List;

/**
 * A gradient program that clears its arrays itself, and where it can, lets the loop that first
 * writes an array assign its elements rather than add into zeros. In extended Rosenbrock's
 * gradient loop, {@code df/dx[i + 1]} is first written at iteration i (iterations before wrote
 * lower elements): it becomes {@code df/dx[i + 1] = 0 + ...}, so the array is not cleared
 * beforehand where the loop reaches, and that element is not read. {@code 0 + v} is what the
 * cleared array's {@code +=} computed, bit for bit (−0 included), so results do not change.
 *
 * <p>The loop must be at the top level, the first step to write the array, and scatter into it
 * only directly (not in inner loops, not in a branch of an if), always at {@code i + c}; the
 * element at its largest c is assigned.
 */
public final class FirstWrites {
    private FirstWrites() {}

    /** {@code steps} with a clear for each differentiated array first, and first writes assigned if {@code assign}. */
    public static List<Step> of(Scopes scopes, List<Step> steps, List<String> arrays, boolean assign) {
        List<Step> out = new ArrayList<>();
        List<Step> rest = new ArrayList<>(steps);
        for (String array : arrays) {
            int at = assign ? firstWriter(rest, array) : -1;
            Step.Loop l = at >= 0 && rest.get(at) instanceof Step.Loop loop ? loop : null;
            Long offset = l == null ? null : largestOffset(scopes, l, array);
            if (offset == null) {
                out.add(new Step.Clear(array, Affine.of(0), Affine.of(-1)));
                continue;
            }
            Affine c = Affine.of(offset);
            out.add(new Step.Clear(array, l.lo().plus(c), l.hi().plus(c)));
            rest.set(at, assigning(l, array, offset));
        }
        out.addAll(rest);
        return out;
    }

    /** The index of the first step that scatters into {@code array}, or −1. */
    private static int firstWriter(List<Step> steps, String array) {
        for (int k = 0; k < steps.size(); k++) if (Chunking.scatters(steps.get(k), array)) return k;
        return -1;
    }

    /** The largest c of the loop's scatters into {@code array}, if each is direct, unguarded and at i + c; else null. */
    private static Long largestOffset(Scopes scopes, Step.Loop l, String array) {
        List<Long> offsets = Chunking.offsets(l, array);
        if (offsets == null || offsets.isEmpty()) return null;
        for (Step s : l.body()) {
            if (s instanceof Step.Scatter sc && sc.element().array().equals(array) && scopes.guarded(sc.element())) return null;
        }
        return java.util.Collections.max(offsets);
    }

    /** The loop with its first scatter into array[i + offset] made an assignment. */
    private static Step.Loop assigning(Step.Loop l, String array, long offset) {
        List<Step> body = new ArrayList<>(l.body());
        for (int k = 0; k < body.size(); k++) {
            if (body.get(k) instanceof Step.Scatter sc && sc.element().array().equals(array)
                    && sc.element().indexes().get(0).constant() == offset) {
                body.set(k, new Step.Scatter(sc.element(), sc.value(), true));
                break;
            }
        }
        return new Step.Loop(l.variable(), l.lo(), l.hi(), List.copyOf(body), l.kind(), l.total(), l.term(), l.reads());
    }
}
