package dev.derive;

/** Which way derivatives are built: a reverse sweep per output, a forward sweep per input, or the cheaper. */
public enum Mode {
    /** One forward (tangent) sweep per input: a column of the Jacobian each. */
    FORWARD,
    /** One reverse (adjoint) sweep per output: a row of the Jacobian each; for one output, the gradient at once. */
    REVERSE,
    /** Whichever needs fewer operations, counted on the graph (ties go to reverse). */
    AUTO
}
