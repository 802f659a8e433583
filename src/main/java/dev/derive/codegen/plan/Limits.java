package dev.derive.codegen.plan;

/**
 * The sizes the code generator keeps to, in one place. HotSpot does not JIT-compile a method of
 * more than 8000 bytes of bytecode and cannot load one of more than 64 KB, and a class holds at
 * most 65,535 constant-pool entries; each operation costs a method about 10 to 20 bytes.
 */
public final class Limits {
    private Limits() {}

    /** The most nodes a function may have to be compiled as one class, every value in a local. */
    public static final int SINGLE_CLASS_NODES = 200;

    /**
     * The most operations one generated method performs, counting those it recomputes: a few
     * KB of bytecode, far below the JIT's 8000 bytes. A loop's body is bounded the same way.
     */
    public static final int NODES_PER_METHOD = 150;

    /** Methods to a generated class, so its constant pool stays far below 65,535 entries. */
    public static final int METHODS_PER_CLASS = 50;

    /**
     * The most operations an expression may have to be recomputed where it is used rather than
     * stored ({@link Recompute}). A recomputation is charged this many operations wherever it
     * happens, and as the expression has no more nodes than this, it is also the deepest a
     * recomputation recurses.
     */
    public static final int RECOMPUTED_OPERATIONS = 10;

    /** The longest block a loop repeats, in nodes. */
    public static final int MAX_PERIOD = 100;

    /** The fewest blocks, and the fewest nodes in all, that are worth a loop. */
    public static final int MIN_BLOCKS = 4;
    public static final int MIN_LOOP_NODES = 64;
}
