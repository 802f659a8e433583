package dev.derive.codegen.runtime;

import java.util.Arrays;

/** Clears a gradient array around the elements a loop assigns first (dev.derive.indexed.FirstWrites). */
public final class Clearing {
    private Clearing() {}

    /** Sets {@code a}'s elements to 0 but those at lo .. hi (all of them where hi < lo). */
    public static void allBut(double[] a, long lo, long hi) {
        if (hi < lo) {
            Arrays.fill(a, 0);
            return;
        }
        int from = (int) Math.max(0, Math.min(lo, a.length));
        int to = (int) Math.max(0, Math.min(hi + 1, a.length));
        Arrays.fill(a, 0, from, 0);
        Arrays.fill(a, Math.max(from, to), a.length, 0);
    }
}
