/**
 * Programs with arrays and indexed sums: which loop each node of the graph runs in
 * ({@link dev.derive.indexed.Scopes}), the loops that compute a value ({@link dev.derive.indexed.Planner})
 * and its gradient ({@link dev.derive.indexed.Backprop}) as {@link dev.derive.indexed.Step}s, their
 * reference interpreter ({@link dev.derive.indexed.Runner}), and the sizes that follow from the
 * data ({@link dev.derive.indexed.Shapes}). Loops stay loops: nothing here grows with the sizes.
 */
package dev.derive.indexed;
