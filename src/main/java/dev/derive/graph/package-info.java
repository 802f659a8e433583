/**
 * The static computation graph every stage works on: immutable {@link dev.derive.graph.Node}s
 * interned by a {@link dev.derive.graph.Graph} (one per distinct subexpression), simplified as
 * they are made ({@link dev.derive.graph.Simplify}); {@link dev.derive.graph.Op}, the one
 * definition of what each operation computes; the reference {@link dev.derive.graph.Interpreter};
 * and the {@link dev.derive.graph.Printer} back to source text. Ids are a topological order, so
 * every pass here is a loop over ids, never a recursion over the graph. Depends on nothing else
 * of derive.
 */
package dev.derive.graph;
