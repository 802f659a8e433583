package dev.derive.diff;

import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Jacobian of nodes, stored by rows of its entries that are not the constant 0: a system of
 * n equations in n unknowns, each touching a few, costs memory for its nonzeros, not n².
 */
public final class Partials {
    private final int columnCount;
    private final Node zero;
    private final int[][] columns;
    private final Node[][] nodes;

    private Partials(int columnCount, Node zero, int[][] columns, Node[][] nodes) {
        this.columnCount = columnCount;
        this.zero = zero;
        this.columns = columns;
        this.nodes = nodes;
    }

    public int rows() {
        return columns.length;
    }

    public int columns() {
        return columnCount;
    }

    /** Entry (row, column), the constant 0 where it is structurally zero. */
    public Node get(int row, int column) {
        int k = Arrays.binarySearch(columns[row], column);
        return k >= 0 ? nodes[row][k] : zero;
    }

    /** Row {@code row} in full, zeros included. */
    public List<Node> row(int row) {
        Node[] full = new Node[columnCount];
        Arrays.fill(full, zero);
        for (int k = 0; k < columns[row].length; k++) full[columns[row][k]] = nodes[row][k];
        return Arrays.asList(full);
    }

    /** The columns of row {@code row}'s nonzero entries, increasing. */
    public int[] nonzeroColumns(int row) {
        return columns[row].clone();
    }

    /** Row {@code row}'s nonzero entries, in the order of {@link #nonzeroColumns}. */
    public List<Node> nonzeros(int row) {
        return List.of(nodes[row]);
    }

    /** The number of nonzero entries. */
    public long count() {
        long count = 0;
        for (int[] row : columns) count += row.length;
        return count;
    }

    /** Builds a matrix row by row or column by column; entries may come in any order. */
    static final class Builder {
        private final int columnCount;
        private final Node zero;
        private final List<List<Entry>> rows = new ArrayList<>();

        private record Entry(int column, Node node) {}

        Builder(int rowCount, int columnCount, Node zero) {
            this.columnCount = columnCount;
            this.zero = zero;
            for (int i = 0; i < rowCount; i++) rows.add(new ArrayList<>());
        }

        /** Sets (row, column), once for each; the constant 0 is left out. */
        void set(int row, int column, Node node) {
            if (!node.isConstant(0)) rows.get(row).add(new Entry(column, node));
        }

        Partials build() {
            int[][] columns = new int[rows.size()][];
            Node[][] nodes = new Node[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                List<Entry> row = rows.get(i);
                row.sort((a, b) -> Integer.compare(a.column, b.column));
                columns[i] = row.stream().mapToInt(Entry::column).toArray();
                nodes[i] = row.stream().map(Entry::node).toArray(Node[]::new);
            }
            return new Partials(columnCount, zero, columns, nodes);
        }
    }
}
