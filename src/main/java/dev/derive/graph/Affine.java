package dev.derive.graph;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * An index or a range bound: an integer constant plus integer multiples of names (loop
 * variables and sizes), such as {@code i + 1}, {@code 2*i} or {@code n - 2}. Being affine, its
 * least and greatest values over a range of a loop variable are at the range's ends, which is
 * what lets a loop's array accesses be checked once, before it runs.
 *
 * @param terms each name's coefficient, none of them 0, by name
 */
public record Affine(long constant, Map<String, Long> terms) {
    public Affine {
        terms = Collections.unmodifiableMap(new TreeMap<>(terms));
    }

    // equals and hashCode written out (the same as a record's): the generated ones link through
    // method handles on first use, tens of milliseconds in a fresh JVM for a few records
    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && constant == a.constant && terms.equals(a.terms);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(constant) + terms.hashCode();
    }

    public static Affine of(long constant) {
        return new Affine(constant, Map.of());
    }

    public static Affine name(String name) {
        return new Affine(0, Map.of(name, 1L));
    }

    public Affine plus(Affine other) {
        Map<String, Long> sum = new TreeMap<>(terms);
        for (Map.Entry<String, Long> t : other.terms.entrySet()) {
            long c = Math.addExact(sum.getOrDefault(t.getKey(), 0L), t.getValue());
            if (c == 0) sum.remove(t.getKey());
            else sum.put(t.getKey(), c);
        }
        return new Affine(Math.addExact(constant, other.constant), sum);
    }

    public Affine times(long factor) {
        if (factor == 0) return of(0);
        Map<String, Long> product = new TreeMap<>();
        for (Map.Entry<String, Long> t : terms.entrySet()) product.put(t.getKey(), Math.multiplyExact(t.getValue(), factor));
        return new Affine(Math.multiplyExact(constant, factor), product);
    }

    public Affine minus(Affine other) {
        return plus(other.times(-1));
    }

    public boolean isConstant() {
        return terms.isEmpty();
    }

    /** The coefficient of {@code name}, 0 if it does not occur. */
    public long coefficient(String name) {
        return terms.getOrDefault(name, 0L);
    }

    public Set<String> names() {
        return terms.keySet();
    }

    /** The value with each name's value given by {@code values}. */
    public long evaluate(ToLongFunction<String> values) {
        long v = constant;
        for (Map.Entry<String, Long> t : terms.entrySet()) v += t.getValue() * values.applyAsLong(t.getKey());
        return v;
    }

    /** This with {@code name} replaced by {@code value}. */
    public Affine with(String name, Affine value) {
        long c = coefficient(name);
        if (c == 0) return this;
        Map<String, Long> rest = new TreeMap<>(terms);
        rest.remove(name);
        return new Affine(constant, rest).plus(value.times(c));
    }

    /** As written in the language: {@code i + 1}, {@code 2*i - j}, {@code n - 2}, {@code 0}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> t : terms.entrySet()) {
            long c = t.getValue();
            if (s.length() == 0) {
                if (c < 0) s.append('-');
            } else {
                s.append(c < 0 ? " - " : " + ");
            }
            long magnitude = Math.abs(c);
            if (magnitude != 1) s.append(magnitude).append('*');
            s.append(t.getKey());
        }
        if (s.length() == 0) return Long.toString(constant);
        if (constant != 0) s.append(constant < 0 ? " - " : " + ").append(Math.abs(constant));
        return s.toString();
    }

    /**
     * The affine form of an expression built in a graph, or null if it is not one: integer
     * constants, names, sums, differences, negations and products where one side is constant.
     */
    public static Affine of(Node n) {
        return switch (n.op) {
            case CONST -> n.value == Math.rint(n.value) && Math.abs(n.value) < 0x1p53 ? of((long) n.value) : null;
            case VAR -> name(n.name);
            case ADD, SUB -> {
                Affine a = of(n.a);
                Affine b = of(n.b);
                yield a == null || b == null ? null : n.op == Op.ADD ? a.plus(b) : a.minus(b);
            }
            case NEG -> {
                Affine a = of(n.a);
                yield a == null ? null : a.times(-1);
            }
            case MUL -> {
                Affine a = of(n.a);
                Affine b = of(n.b);
                if (a == null || b == null) yield null;
                if (a.isConstant()) yield b.times(a.constant);
                yield b.isConstant() ? a.times(b.constant) : null;
            }
            default -> null;
        };
    }
}
