package dev.derive.bench;

import java.util.List;

/** Which method runs on which problem, and why not where it does not. */
public final class Plan {
    private Plan() {}

    /** The benchmark methods, in table order. */
    public static final List<String> METHODS = List.of(
            "value_derive", "value_hand", "value_interpreter", "value_exp4j",
            "gradient_derive", "gradient_hand", "gradient_hipparchus", "gradient_fd", "gradient_interpreter");

    /** Why {@code method} is not run on {@code problem}, or null if it is. */
    public static String notRun(String method, Problem problem) {
        int n = problem.size();
        switch (method) {
            case "gradient_hipparchus":
                if (n >= 100_000) {
                    return String.format("forward mode carries all %,d partials through every operation: O(n^2),"
                            + " about %.0e flops and %.0f GB of allocation per gradient", n, 6.0 * n * n,
                            6.0 * n * n * 8 / 1e9);
                }
                return null;
            case "gradient_fd":
                if (n >= 100_000) {
                    return String.format("2n = %,d evaluations of an O(n) function per gradient: O(n^2)", 2 * n);
                }
                return null;
            case "value_exp4j":
                if (n >= 1_000_000) {
                    return "exp4j binds all 1,000,000 variables by name on every call; not attempted at this size";
                }
                return null;
            default:
                return null;
        }
    }
}
