package dev.derive;

import dev.derive.indexed.Listing;
import dev.derive.parse.Program;
import java.util.List;

/**
 * A {@link Model} whose value is an array, {@code r[k = 0 .. n-2] = x[k+1] - x[k]^2}, compiled:
 * a loop over its indexes, for any sizes, bound at each call like a number-valued model's.
 * Its length is each index's last value plus one, at the sizes of the call; a 2-D one is
 * row-major. Immutable and thread-safe; bindings are one per thread.
 *
 * <pre>{@code
 * CompiledArray r = Model.parse("r[k = 0 .. n-2] = x[k+1] - x[k]^2").compileArray();
 * double[] residuals = r.value(r.bind().array("x", x));
 * }</pre>
 */
public final class CompiledArray {
    private final Model model;
    private final Program.Definition definition;
    /** The stand-in sum(k, r[k] * body)'s gradient with respect to r: the array ({@link Program.Definition}). */
    private final CompiledModel standIn;

    CompiledArray(Model model, Model.Tuning tuning) {
        this.model = model;
        this.definition = model.program().definition();
        this.standIn = model.compileAny(List.of(definition.array()), List.of(), tuning);
    }

    public Model model() {
        return model;
    }

    /** The array's name. */
    public String name() {
        return definition.array();
    }

    /** Empty bindings for the model's inputs. */
    public Bindings bind() {
        return standIn.bind();
    }

    /**
     * The array at the point bound, a new array of its length (row-major for a 2-D one).
     *
     * @throws IllegalArgumentException if the bindings are incomplete or do not fit the model
     */
    public double[] value(Bindings b) {
        return value(b, null);
    }

    /**
     * The array at the point bound, written into {@code into} if it has the array's length
     * (else into a new array): no allocation of the array's size per call.
     *
     * @return the array written
     */
    public double[] value(Bindings b, double[] into) {
        standIn.resolve(b);
        int[] shape = b.shape(name());
        CompiledModel.Gradient g = standIn.emptyGradient();
        if (into != null && into.length == (long) shape[0] * shape[1]) g.adopt(name(), into);
        standIn.valueAndGradientKept(b, g);
        return g.array(name());
    }

    /** As {@link #value}, by the reference interpreter: slow, and what compiled code is checked against. */
    public double[] interpret(Bindings b) {
        CompiledModel.Gradient g = standIn.newGradient(b);
        standIn.interpretKept(b, g);
        return g.array(name());
    }

    /** Its rows and columns at these bindings (1 column for a 1-D array). */
    public int[] shape(Bindings b) {
        standIn.resolve(b);
        return b.shape(name());
    }

    /** The value size {@code size} has with these bindings: given, or implied by the arrays. */
    public int size(Bindings b, String size) {
        return standIn.size(b, size);
    }

    /** The definition as text: {@code r[k = 0 .. n - 2] = x[k + 1] - x[k]^2}. */
    public String listing() {
        return name() + "[" + String.join(", ", model.outputRanges()) + "] = "
                + Listing.formula(standIn.scopes(), definition.body());
    }

    /** The generated class files of the loop that computes it. */
    public List<byte[]> classFiles() {
        List<byte[]> files = standIn.classFiles();
        return files.size() == 2 ? files.subList(1, 2) : List.of();
    }
}
