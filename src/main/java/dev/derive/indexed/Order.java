package dev.derive.indexed;

import dev.derive.graph.Indexing;

/**
 * The order in which a sum's (or product's) terms are combined, the same in the interpreter
 * and in compiled code. The range is cut into blocks of {@link #BLOCK} iterations. In a block,
 * term k goes to lane k mod 4, each lane adding its terms in turn, and the block's result is
 * (lane0 + lane1) + (lane2 + lane3). The blocks' results are added in turn. Four lanes are four
 * independent chains of additions, which a CPU overlaps (a single chain waits for each addition
 * to finish); chains a quarter as long, and block sums added separately, also make the rounding
 * error grow far more slowly than one long chain's. Blocks are fixed by the range alone, so
 * running blocks on several threads gives the same bits.
 *
 * <p>A loop at the top level whose iterations touch nothing in common but the adjoints they
 * add to ({@link Chunking}) is cut into at most {@link #CHUNKS} chunks of whole blocks, again
 * by the range alone. Each chunk sums its contributions to an adjoint (a slot, or an element of
 * a gradient array at a fixed index) on its own, from -0.0, and the chunks' sums are added to
 * the adjoint in chunk order. A gradient element the loop adds to at {@code i + c} gets its
 * contributions in the order of the iterations, as if the loop were one chunk. The chunks are
 * what run on several threads; as their number and order do not depend on the threads,
 * neither do the results.
 *
 * <p>Lanes start at -0.0 for a sum (x + -0.0 is x, for every x, -0.0 included) and at 1.0 for a
 * product; an empty sum is 0 and an empty product 1. A max starts at -∞ and a min at +∞, which
 * are also their values over an empty range; they combine by {@link Math#max} and
 * {@link Math#min} (NaN if any term is NaN), whose result does not depend on the order.
 */
public final class Order {
    /** Iterations per block. */
    public static final int BLOCK = 1024;
    /** The most chunks a loop is cut into. */
    public static final int CHUNKS = 32;

    private Order() {}

    /** The value a lane starts at. */
    public static double identity(Indexing.Kind kind) {
        return switch (kind) {
            case SUM -> -0.0;
            case PROD -> 1.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
    }

    /** The value of an empty range. */
    public static double empty(Indexing.Kind kind) {
        return kind == Indexing.Kind.SUM ? 0.0 : identity(kind);
    }

    public static double combine(Indexing.Kind kind, double a, double b) {
        return switch (kind) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    /** The number of blocks of a range of {@code count} iterations. */
    public static long blocks(long count) {
        return (count + BLOCK - 1) / BLOCK;
    }

    /** The blocks in each chunk of a range of {@code count} iterations (the last chunk may have fewer). */
    public static long blocksPerChunk(long count) {
        return Math.max(1, (blocks(count) + CHUNKS - 1) / CHUNKS);
    }

    /** The number of chunks of a range of {@code count} iterations. */
    public static int chunks(long count) {
        long per = blocksPerChunk(count);
        return (int) ((blocks(count) + per - 1) / per);
    }

    /** A block's result from its four lanes. */
    public static double lanes(Indexing.Kind kind, double a0, double a1, double a2, double a3) {
        return combine(kind, combine(kind, a0, a1), combine(kind, a2, a3));
    }
}
