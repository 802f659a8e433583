package dev.derive.indexed;

import dev.derive.graph.Affine;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The Hessian's lower triangle for given sizes: the pairs {@link Interactions} finds, written
 * out as (row, column) positions in the inputs laid end to end, and a colouring of the columns
 * such that no two columns of one colour have an entry in the same row. One Hessian-vector
 * product per colour then gives every entry: with v the columns of colour k, (H·v)[r] is
 * H[r, c] for the one column c of colour k with an entry in row r. A band of width w takes
 * 2w + 1 colours whatever its length (3 for extended Rosenbrock).
 */
public final class SparsePattern {
    /** Where an input starts among all of them, and its shape (a scalar is 1 × 1). */
    public record Place(int offset, long rows, long columns, int rank) {}

    private final int size;
    private final int[] rows;
    private final int[] columns;
    private final int[] colour;
    private final int colours;

    private SparsePattern(int size, int[] rows, int[] columns, long maxColouringWork, int coloured) {
        this.size = size;
        this.rows = rows;
        this.columns = columns;
        this.colour = new int[size];
        this.colours = colourColumns(maxColouringWork, coloured);
    }

    /** At most this many entries are listed (800 MB of codes while they are sorted). */
    static final long MAX_ENTRIES = 100_000_000;
    /** Greedy colouring looks at each pair of columns sharing a row; beyond this many, each column has its own colour. */
    static final long MAX_COLOURING_WORK = 50_000_000;

    /**
     * @param places each differentiated input's place, by name
     * @param sizes each size's value
     * @throws IllegalArgumentException if the families list more than {@link #MAX_ENTRIES} entries
     */
    public static SparsePattern of(Collection<Interactions.Family> families, Map<String, Place> places, int size,
                                   ToLongFunction<String> sizes) {
        return of(families, places, size, sizes, MAX_ENTRIES, MAX_COLOURING_WORK, size);
    }

    /**
     * A Jacobian's pattern: families pairing an output's element (placed at {@code outputs} and
     * after) with an input's (placed before it). Entries are (output, input) and only the input
     * columns are coloured, no two of one colour with an entry in the same output row, so one
     * Jacobian-vector product per colour gives every entry.
     */
    public static SparsePattern jacobian(Collection<Interactions.Family> families, Map<String, Place> places, int size,
                                         int outputs, ToLongFunction<String> sizes) {
        return of(families, places, size, sizes, MAX_ENTRIES, MAX_COLOURING_WORK, outputs);
    }

    static SparsePattern of(Collection<Interactions.Family> families, Map<String, Place> places, int size,
                            ToLongFunction<String> sizes, long maxEntries, long maxColouringWork) {
        return of(families, places, size, sizes, maxEntries, maxColouringWork, size);
    }

    private static SparsePattern of(Collection<Interactions.Family> families, Map<String, Place> places, int size,
                                    ToLongFunction<String> sizes, long maxEntries, long maxColouringWork, int coloured) {
        Codes codes = new Codes(maxEntries);
        for (Interactions.Family f : families) new Walk(f, places, sizes, codes).run();
        long[] sorted = Arrays.copyOf(codes.codes, codes.count);
        Arrays.sort(sorted);
        int unique = 0;
        for (int k = 0; k < sorted.length; k++) if (k == 0 || sorted[k] != sorted[k - 1]) sorted[unique++] = sorted[k];
        int[] rows = new int[unique];
        int[] columns = new int[unique];
        for (int k = 0; k < unique; k++) {
            rows[k] = (int) (sorted[k] >>> 32);
            columns[k] = (int) sorted[k];
        }
        return new SparsePattern(size, rows, columns, maxColouringWork, coloured);
    }

    /** The number of inputs: the Hessian is size × size. */
    public int size() {
        return size;
    }

    /** Each entry's row, in row order (then column order); row ≥ column. */
    public int[] rows() {
        return rows;
    }

    /** Each entry's column. */
    public int[] columns() {
        return columns;
    }

    /** The number of colours, and so of Hessian-vector products an evaluation takes. */
    public int colours() {
        return colours;
    }

    /** Column c's colour, 0 .. colours() − 1, or −1 if the column has no entries. */
    public int colour(int column) {
        return colour[column];
    }

    /**
     * Greedy distance-2 colouring: a column takes the least colour no column sharing a row with
     * it has; an empty one none. Where the rows are so full that this would look at more than
     * {@code maxWork} pairs of columns (a dense Hessian: n³ of them), each column has a colour of
     * its own, which is what greedy colouring gives a dense Hessian anyway. Only the columns
     * before {@code coloured} are coloured (a Jacobian's inputs; a Hessian's are all).
     */
    private int colourColumns(long maxWork, int coloured) {
        int[] start = new int[size + 1];
        for (int k = 0; k < rows.length; k++) {
            start[columns[k] + 1]++;
            if (rows[k] != columns[k]) start[rows[k] + 1]++;
        }
        for (int c = 0; c < size; c++) start[c + 1] += start[c];
        int[] at = Arrays.copyOf(start, size);
        int[] touching = new int[start[size]];
        for (int k = 0; k < rows.length; k++) {
            touching[at[columns[k]]++] = rows[k];
            if (rows[k] != columns[k]) touching[at[rows[k]]++] = columns[k];
        }
        // symmetric: the rows column c has entries in are the columns row c has entries in
        Arrays.fill(colour, -1);
        long work = 0;
        for (int r = coloured == size ? 0 : coloured; r < size; r++) {
            work += (long) (start[r + 1] - start[r]) * (start[r + 1] - start[r]);
        }
        if (work > maxWork) {
            int count = 0;
            for (int c = 0; c < coloured; c++) if (start[c] < start[c + 1]) colour[c] = count++;
            return count;
        }
        int[] taken = new int[size + 1];
        Arrays.fill(taken, -1);
        int count = 0;
        for (int c = 0; c < coloured; c++) {
            if (start[c] == start[c + 1]) continue;
            for (int k = start[c]; k < start[c + 1]; k++) {
                int r = touching[k];
                for (int m = start[r]; m < start[r + 1]; m++) {
                    int other = touching[m];
                    if (other != c && colour[other] >= 0) taken[colour[other]] = c;
                }
            }
            int free = 0;
            while (taken[free] == c) free++;
            colour[c] = free;
            count = Math.max(count, free + 1);
        }
        return count;
    }

    /** A growing array of (row << 32 | column) codes, at most {@code limit} of them. */
    private static final class Codes {
        final long limit;
        long[] codes = new long[64];
        int count;

        Codes(long limit) {
            this.limit = Math.min(limit, Integer.MAX_VALUE - 8L);
        }

        void add(long row, long column) {
            long r = Math.max(row, column);
            long c = Math.min(row, column);
            if (count == codes.length) {
                if (count >= limit) {
                    throw new IllegalArgumentException("the Hessian has more than " + String.format("%,d", limit)
                            + " entries that can be nonzero at these sizes, too many to list: use Hessian-vector"
                            + " products (Model.tangent, or --mode forward) instead");
                }
                codes = Arrays.copyOf(codes, (int) Math.min(limit, 2L * count));
            }
            codes[count++] = r << 32 | c;
        }
    }

    /** One family's pairs, its ranges' variables counted outer first. */
    private static final class Walk {
        private final Place first;
        private final Place second;
        private final Linear[] firstIndex;
        private final Linear[] secondIndex;
        private final Linear[] lo;
        private final Linear[] hi;
        private final boolean[] used;
        private final long[] at;
        private final Codes codes;

        Walk(Interactions.Family f, Map<String, Place> places, ToLongFunction<String> sizes, Codes codes) {
            this.first = places.get(f.first().input());
            this.second = places.get(f.second().input());
            int depth = f.ranges().size();
            this.firstIndex = linear(f.first().indexes(), depth, sizes);
            this.secondIndex = linear(f.second().indexes(), depth, sizes);
            this.lo = new Linear[depth];
            this.hi = new Linear[depth];
            this.used = new boolean[depth];
            for (int k = 0; k < depth; k++) {
                lo[k] = new Linear(f.ranges().get(k).lo(), depth, sizes);
                hi[k] = new Linear(f.ranges().get(k).hi(), depth, sizes);
            }
            for (Linear[] index : new Linear[][] {firstIndex, secondIndex}) for (Linear l : index) l.mark(used);
            for (int k = 0; k < depth; k++) {
                lo[k].mark(used);
                hi[k].mark(used);
            }
            this.at = new long[depth];
            this.codes = codes;
        }

        void run() {
            walk(0);
        }

        // depth is the number of ranges in one family: a property of the text, not of the sizes
        private void walk(int level) {
            if (level == at.length) {
                long r = position(first, firstIndex);
                long c = position(second, secondIndex);
                if (r >= 0 && c >= 0) codes.add(r, c);
                return;
            }
            long from = lo[level].value(at);
            long to = hi[level].value(at);
            if (!used[level]) {
                if (from <= to) walk(level + 1);
                return;
            }
            for (long v = from; v <= to; v++) {
                at[level] = v;
                walk(level + 1);
            }
        }

        /** The element's position among all inputs, or −1 where it is out of range (a branch not taken reads none). */
        private long position(Place p, Linear[] index) {
            if (p.rank() == 0) return p.offset();
            long i = index[0].value(at);
            if (i < 0 || i >= p.rows()) return -1;
            if (p.rank() == 1) return p.offset() + i;
            long j = index[1].value(at);
            if (j < 0 || j >= p.columns()) return -1;
            return p.offset() + i * p.columns() + j;
        }

        private static Linear[] linear(List<Affine> indexes, int depth, ToLongFunction<String> sizes) {
            Linear[] all = new Linear[indexes.size()];
            for (int k = 0; k < all.length; k++) all[k] = new Linear(indexes.get(k), depth, sizes);
            return all;
        }
    }

    /** An affine index with the sizes' values put in: a constant plus multiples of the ranges' variables. */
    private static final class Linear {
        private final long constant;
        private final long[] coefficient;

        Linear(Affine a, int depth, ToLongFunction<String> sizes) {
            long c = a.constant();
            this.coefficient = new long[depth];
            for (Map.Entry<String, Long> t : a.terms().entrySet()) {
                String name = t.getKey();
                if (name.startsWith("#")) coefficient[Integer.parseInt(name.substring(1))] = t.getValue();
                else c += t.getValue() * sizes.applyAsLong(name);
            }
            this.constant = c;
        }

        void mark(boolean[] used) {
            for (int k = 0; k < coefficient.length; k++) if (coefficient[k] != 0) used[k] = true;
        }

        long value(long[] at) {
            long v = constant;
            for (int k = 0; k < coefficient.length; k++) v += coefficient[k] * at[k];
            return v;
        }
    }
}
