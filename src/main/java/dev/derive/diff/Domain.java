package dev.derive.diff;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.Arrays;

/**
 * Where a function is undefined, so are its partial derivatives: wherever the value is NaN
 * (log(x) at x = -1, sqrt(x) at x = -4), every partial is NaN, though a derivative's formula
 * may have a number there (log's 1/x is -1). Compiled gradients and the command's values apply
 * this rule; a derivative printed as a program is its formula, valid where the function is.
 */
public final class Domain {
    private Domain() {}

    /** Makes every partial NaN where {@code value} is; returns {@code value}. */
    public static double restrict(double value, double[] partials) {
        if (value != value) Arrays.fill(partials, value);
        return value;
    }

    /** The partial as a node that is NaN where {@code value} is: if(value != value, value, partial). */
    public static Node restrict(Graph g, Node value, Node partial) {
        return g.select(g.apply(Op.NE, value, value), value, partial);
    }
}
