package dev.derive.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers for {@code --data}: one row per line, separated by commas, semicolons, tabs or
 * spaces. A first line that is not all numbers is a header and is skipped, as are empty lines
 * and lines starting with '#'. Every row has the same count.
 */
final class DataFile {
    private DataFile() {}

    /** The rows of numbers in {@code file}. */
    static double[][] read(String name) throws IOException {
        Path file = Path.of(name);
        if (Files.isDirectory(file)) throw new NoSuchFileException(name, null, "it is a directory");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<double[]> rows = new ArrayList<>();
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] fields = line.split("[,;\\s]+");
            double[] row = new double[fields.length];
            for (int k = 0; k < fields.length; k++) {
                try {
                    row[k] = Double.parseDouble(fields[k]);
                } catch (NumberFormatException e) {
                    if (rows.isEmpty() && !anyNumber(fields)) {
                        row = null; // the header
                        break;
                    }
                    throw error(name, lines.get(l), l + 1, column(lines.get(l), fields[k]),
                            "'" + fields[k] + "' is not a number.");
                }
            }
            if (row == null) continue;
            if (!rows.isEmpty() && row.length != rows.get(0).length) {
                throw error(name, lines.get(l), l + 1, 1, "this row has " + row.length + " numbers, the first "
                        + rows.get(0).length + "; every row has the same count.");
            }
            rows.add(row);
        }
        return rows.toArray(double[][]::new);
    }

    /** A located error in a data file, shown as a source error is: the line, and a caret under the spot. */
    private static ModelCommand.BadData error(String file, String line, int number, int column, String message) {
        String shown = dev.derive.parse.SourceText.visible(line);
        return new ModelCommand.BadData(file + ", line " + number + ", column " + column + ": " + message + "\n  "
                + shown + "\n  " + " ".repeat(Math.max(0, column - 1)) + "^");
    }

    private static boolean anyNumber(String[] fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f);
                return true;
            } catch (NumberFormatException e) {
                // a name
            }
        }
        return false;
    }

    private static int column(String line, String field) {
        return Math.max(1, line.indexOf(field) + 1);
    }

    /** All the numbers, row after row: a 1-D array written one per line, or in one row. */
    static double[] flat(double[][] rows) {
        int count = 0;
        for (double[] row : rows) count += row.length;
        double[] all = new double[count];
        int k = 0;
        for (double[] row : rows) {
            System.arraycopy(row, 0, all, k, row.length);
            k += row.length;
        }
        return all;
    }
}
