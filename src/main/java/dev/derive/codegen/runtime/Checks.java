package dev.derive.codegen.runtime;

/** Argument checks called from generated code, so their messages are written once, here. */
public final class Checks {
    private Checks() {}

    public static void inputs(double[] x, int expected) {
        if (x.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " input value"
                    + (expected == 1 ? "" : "s") + ", one per variable in the order of variables(),"
                    + " but got an array of " + x.length);
        }
    }

    public static void gradient(double[] gradient, int expected) {
        if (gradient.length != expected) {
            throw new IllegalArgumentException("expected a gradient array of length " + expected
                    + ", one per variable, but got one of " + gradient.length);
        }
    }

    /** An array of {@code expected} elements, as {@code meaning} says. */
    public static void length(String name, double[] array, int expected, String meaning) {
        if (array.length != expected) {
            throw new IllegalArgumentException("expected an array '" + name + "' of length " + expected
                    + " (" + meaning + "), but got one of " + array.length);
        }
    }
}
