package dev.derive.indexed;

import dev.derive.graph.Affine;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import java.util.List;
import java.util.Objects;

/**
 * One step of a program of loops over a graph's nodes: what {@link Runner} interprets and the
 * code generator compiles. Every node is given a value by one step of the scope it runs in,
 * once per iteration there, and keeps it until that step runs again.
 */
public sealed interface Step {
    /**
     * Gives {@code reader} each value {@code step} reads where it is (an inner loop's steps are
     * steps of their own): a computation's arguments, a scatter's, set's or add's value, a
     * check's conditions, a sum's or product's term (which its body may not compute: a term
     * the same in every iteration, {@code sum(i = 1 .. n-2, 1.75)}, is computed outside).
     */
    static void reads(Step step, java.util.function.Consumer<Node> reader) {
        if (step instanceof Compute c) {
            for (int k = 0; k < c.node().op.arity; k++) reader.accept(c.node().arg(k));
        } else if (step instanceof Scatter sc) {
            reader.accept(sc.value());
        } else if (step instanceof Set set) {
            reader.accept(set.value());
        } else if (step instanceof Add add) {
            reader.accept(add.value());
        } else if (step instanceof Check check) {
            for (Guards.Branch b : check.path()) reader.accept(b.condition());
        } else if (step instanceof Loop loop && loop.reduces()) {
            reader.accept(loop.term());
        }
    }

    /**
     * Gives {@code node} its value: an operation from its arguments' values, a constant, a
     * scalar input, a size, a loop variable's current value, or an array element's.
     */
    record Compute(Node node) implements Step {
        // equals and hashCode written out for start-up, as Loop's
        @Override
        public boolean equals(Object o) {
            return o instanceof Compute c && node.equals(c.node);
        }

        @Override
        public int hashCode() {
            return node.hashCode();
        }
    }

    /**
     * {@code for variable = lo .. hi} (inclusive; none if hi < lo): the body, once per value.
     * With a {@code total}, the loop is a sum or product: {@code term}'s values over the
     * iterations are combined in derive's order ({@link Order}) and become {@code total}'s value.
     *
     * @param reads the elements the body reads or scatters into whose indexes depend on the
     *     variable: their ranges are checked once, before the loop runs
     */
    record Loop(String variable, Affine lo, Affine hi, List<Step> body, Indexing.Kind kind, Node total, Node term,
                List<Indexing.Element> reads) implements Step {
        public boolean reduces() {
            return total != null;
        }

        // equals and hashCode written out (the same as a record's): the generated ones link through
        // method handles on first use, tens of milliseconds in a fresh JVM for a few records
        @Override
        public boolean equals(Object o) {
            return o instanceof Loop l && variable.equals(l.variable) && lo.equals(l.lo) && hi.equals(l.hi)
                    && body.equals(l.body) && kind == l.kind && Objects.equals(total, l.total)
                    && Objects.equals(term, l.term) && reads.equals(l.reads);
        }

        @Override
        public int hashCode() {
            int h = variable.hashCode();
            h = 31 * h + lo.hashCode();
            h = 31 * h + hi.hashCode();
            h = 31 * h + body.hashCode();
            h = 31 * h + Objects.hashCode(kind);
            h = 31 * h + Objects.hashCode(total);
            h = 31 * h + Objects.hashCode(term);
            return 31 * h + reads.hashCode();
        }
    }

    /**
     * Throws if {@code element} is out of range where every branch of {@code path} is taken:
     * the check of an element read only in a branch of an if ({@link Guards}).
     */
    record Check(Indexing.Element element, List<Guards.Branch> path) implements Step {
        // equals and hashCode written out for start-up, as Loop's
        @Override
        public boolean equals(Object other) {
            return other instanceof Check o && element.equals(o.element) && path.equals(o.path);
        }

        @Override
        public int hashCode() {
            return 31 * element.hashCode() + path.hashCode();
        }
    }

    /**
     * {@code d/d array[index] += value}: an element's adjoint added into the array's gradient
     * (for an element read only in a branch, only where it is in range). With {@code first}, the
     * element's first value: {@code d/d array[index] = 0 + value}, whatever the array held, which
     * is the same number without reading it ({@link FirstWrites}).
     */
    record Scatter(Indexing.Element element, Node value, boolean first) implements Step {
        public Scatter(Indexing.Element element, Node value) {
            this(element, value, false);
        }

        // equals and hashCode written out for start-up, as Loop's
        @Override
        public boolean equals(Object o) {
            return o instanceof Scatter s && element.equals(s.element) && value.equals(s.value) && first == s.first;
        }

        @Override
        public int hashCode() {
            return (31 * element.hashCode() + value.hashCode()) * 31 + Boolean.hashCode(first);
        }
    }

    /**
     * Sets every element of {@code array}'s gradient to 0 but those at {@code lo .. hi} (all of
     * them where hi < lo), which a loop after it gives their first values ({@link FirstWrites}).
     */
    record Clear(String array, Affine lo, Affine hi) implements Step {
        // equals and hashCode written out for start-up, as Loop's
        @Override
        public boolean equals(Object other) {
            return other instanceof Clear o && array.equals(o.array) && lo.equals(o.lo) && hi.equals(o.hi);
        }

        @Override
        public int hashCode() {
            return (31 * array.hashCode() + lo.hashCode()) * 31 + hi.hashCode();
        }
    }

    /** {@code slot = value}, where slot is a variable of the graph standing for an adjoint. */
    record Set(Node slot, Node value) implements Step {
        // equals and hashCode written out for start-up, as Loop's
        @Override
        public boolean equals(Object other) {
            return other instanceof Set o && slot.equals(o.slot) && value.equals(o.value);
        }

        @Override
        public int hashCode() {
            return 31 * slot.hashCode() + value.hashCode();
        }
    }

    /** {@code slot += value}: an adjoint summed over the iterations of the loops this step is in. */
    record Add(Node slot, Node value) implements Step {
        // equals and hashCode written out for start-up, as Loop's
        @Override
        public boolean equals(Object other) {
            return other instanceof Add o && slot.equals(o.slot) && value.equals(o.value);
        }

        @Override
        public int hashCode() {
            return 31 * slot.hashCode() + value.hashCode();
        }
    }
}
