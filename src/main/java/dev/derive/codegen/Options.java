package dev.derive.codegen;

/**
 * Switches for the code generator's rewrites, each of which must leave every result
 * bit-identical: tests compile random programs with each one on and off and compare.
 *
 * <p>The defaults are on; the system properties {@code derive.loops}, {@code derive.fusion} and
 * {@code derive.recompute} set to {@code false} turn one off, to rule it out when a result
 * looks wrong.
 *
 * @param loops re-roll repeated runs of the schedule into loops ({@link LoopFinder})
 * @param fusion run a loop side by side with the next one that reads nothing it computes
 *     ({@link Fusion})
 * @param recompute recompute small expressions of inputs where they are used instead of
 *     storing them ({@link Recompute})
 */
public record Options(boolean loops, boolean fusion, boolean recompute) {
    /** Every rewrite on, unless a system property turns it off. */
    public static Options defaults() {
        return new Options(enabled("derive.loops"), enabled("derive.fusion"), enabled("derive.recompute"));
    }

    /** Straight-line code only: no loops, so nothing to fuse or recompute. */
    public static Options straightLine() {
        return new Options(false, false, false);
    }

    private static boolean enabled(String property) {
        return !"false".equalsIgnoreCase(System.getProperty(property));
    }
}
