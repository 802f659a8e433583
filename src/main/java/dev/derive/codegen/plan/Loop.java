package dev.derive.codegen.plan;

import dev.derive.graph.Node;
import java.util.List;

/**
 * A run of the schedule that repeats itself: {@code count} consecutive blocks of
 * {@code period} nodes, where block {@code j} is block 0 with its inputs shifted by a fixed
 * stride per block. It is emitted as a counted loop over one block instead of as
 * {@code count} copies, so the code stays small however long the run is.
 *
 * <p>{@code args[t][k]} says where argument {@code k} of the template's node {@code t} comes
 * from in every block. Running the loop performs exactly the operations of the straight-line
 * code, in the same order, so its results are bit-identical.
 *
 * @param start the schedule position of block 0
 * @param nodes the schedule, to find block {@code j}'s node {@code t} at
 *     {@code start + j*period + t}
 */
public record Loop(int start, int period, int count, Arg[][] args, List<Node> nodes) {

    /** The node at offset {@code t} of block {@code j}. */
    public Node node(int j, int t) {
        return nodes.get(start + j * period + t);
    }

    /** The values the loop reads from before it: fixed ones, and carried ones' initial values. */
    public java.util.List<Node> outsideValues() {
        java.util.List<Node> values = new java.util.ArrayList<>();
        for (Arg[] template : args) {
            for (Arg arg : template) {
                if (arg instanceof Fixed f && !f.node().isLeaf()) values.add(f.node());
                if (arg instanceof Carried c && c.initial() != null && !c.initial().isLeaf()) values.add(c.initial());
            }
        }
        return values;
    }

    /** The index of the loop covering schedule position {@code p}, or -1; {@code loops} in order. */
    static int covering(java.util.List<Loop> loops, int p) {
        int lo = 0;
        int hi = loops.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Loop loop = loops.get(mid);
            if (p < loop.start()) hi = mid - 1;
            else if (p >= loop.end()) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    /** The schedule position just after the last block. */
    public int end() {
        return start + count * period;
    }

    /** Where a template node's argument comes from. */
    public sealed interface Arg permits Fixed, Indexed, Local, Carried, Recomputed, Taped, Table {}

    /** The same node in every block: a constant, or a value computed before the loop. */
    public record Fixed(Node node) implements Arg {}

    /**
     * A constant that differs from block to block, such as the data of a loss summed over rows:
     * {@code values[j]} in block {@code j}, read from a table the generated code is given.
     */
    public record Table(double[] values) implements Arg {
        /**
         * The constants of blocks {@code 0..blocks-1} (from {@code known}, a constant or a table
         * of them), then {@code next}.
         */
        static Table extended(Arg known, int blocks, double next) {
            double[] values;
            if (known instanceof Table t) {
                values = t.values.length > blocks ? t.values : java.util.Arrays.copyOf(t.values, 2 * blocks + 1);
            } else {
                values = new double[2 * blocks + 1];
                java.util.Arrays.fill(values, 0, blocks, ((Fixed) known).node().value);
            }
            values[blocks] = next;
            return new Table(values);
        }

        /** This table cut to its first {@code blocks} values. */
        Table first(int blocks) {
            return new Table(java.util.Arrays.copyOf(values, blocks));
        }
    }

    /** Input {@code base + stride*j} in block {@code j}. */
    public record Indexed(int base, int stride) implements Arg {}

    /** The node at {@code offset} in the same block. */
    public record Local(int offset) implements Arg {}

    /** The node at {@code offset} in the previous block; in block 0, {@code initial}. */
    public record Carried(int offset, Node initial) implements Arg {}

    /**
     * A small expression of inputs and constants computed outside the loop, recomputed in each
     * block instead of being stored: {@code root} in block 0, with its k-th input (in
     * {@link Recompute#inputs} order) shifted by {@code strides[k]} per block.
     */
    public record Recomputed(Node root, int[] strides) implements Arg {}

    /**
     * The node at {@code offset} of block {@code block + step*j} of an earlier loop (the index
     * {@code loop} in the list of loops), which that loop stores on its tape in the scratch array.
     */
    public record Taped(int loop, int offset, int block, int step) implements Arg {}
}
