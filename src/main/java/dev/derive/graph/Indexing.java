package dev.derive.graph;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a program with arrays and indexed sums adds to its graph. Array elements and sums appear
 * in the graph as variables with names of their own ({@code x[i + 1]}, {@code sum#12}), so
 * everything that works on graphs (hash-consing, simplification, reverse mode) works on the
 * expressions around them; this says what those variables stand for.
 *
 * @param arrays each array input's rank (1 for {@code x[i]}, 2 for {@code X[i,j]}), in order of first use
 * @param elements what each element variable reads, by its name
 * @param reductions what each sum or product variable computes, by its name
 * @param loopVariables the names that are some sum's loop variable
 * @param sizes the names used in ranges' bounds: integers given at call time
 */
public record Indexing(Map<String, Integer> arrays, Map<String, Element> elements, Map<String, Reduction> reductions,
                       Set<String> loopVariables, Set<String> sizes) {

    /** {@code array[indexes]}, written at line and column. */
    public record Element(String array, List<Affine> indexes, int line, int column) {
        /** As the language writes it: {@code x[i + 1]}, {@code X[i, j]}. */
        public static String name(String array, List<Affine> indexes) {
            StringBuilder s = new StringBuilder(array).append('[');
            for (int k = 0; k < indexes.size(); k++) s.append(k == 0 ? "" : ", ").append(indexes.get(k));
            return s.append(']').toString();
        }

        public String name() {
            return name(array, indexes);
        }

        // equals and hashCode written out (the same as a record's): the generated ones link through
        // method handles on first use, tens of milliseconds in a fresh JVM for a few records
        @Override
        public boolean equals(Object o) {
            return o instanceof Element e && array.equals(e.array) && indexes.equals(e.indexes) && line == e.line
                    && column == e.column;
        }

        @Override
        public int hashCode() {
            return ((31 * array.hashCode() + indexes.hashCode()) * 31 + line) * 31 + column;
        }
    }

    public enum Kind {
        SUM("sum"), PROD("prod"), MAX("max"), MIN("min");

        public final String word;

        Kind(String word) {
            this.word = word;
        }

        public static Kind of(String word) {
            for (Kind k : values()) if (k.word.equals(word)) return k;
            return null;
        }
    }

    /** {@code kind(variable = lo .. hi, body)}, bounds inclusive, written at line and column. */
    public record Reduction(Kind kind, String variable, Affine lo, Affine hi, Node body, int line, int column) {
        /** The variable that stands for it in the graph; equal reductions share one. */
        public String name() {
            return kind.word + "(" + variable + " = " + lo + " .. " + hi + ", #" + body.id + ")";
        }
    }
}
