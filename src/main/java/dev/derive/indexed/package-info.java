/**
 * Programs with arrays and indexed sums: which loop each node of the graph runs in
 * ({@link dev.derive.indexed.Scopes}), the loops that compute a value ({@link dev.derive.indexed.Planner})
 * and its gradient ({@link dev.derive.indexed.Backprop}) as {@link dev.derive.indexed.Step}s, their
 * reference interpreter ({@link dev.derive.indexed.Runner}), the sizes that follow from the
 * data ({@link dev.derive.indexed.Shapes}), forward mode ({@link dev.derive.indexed.Tangents}), and
 * the partials that can be nonzero for every size ({@link dev.derive.indexed.Interactions}), written
 * out and coloured for given sizes ({@link dev.derive.indexed.SparsePattern}). Loops stay loops: nothing here grows with the sizes.
 */
package dev.derive.indexed;
