/**
 * Stage 1, text to graph: {@link dev.derive.parse.ProgramParser} runs the ANTLR parser
 * (generated from {@code grammar/Derive.g4}) with a {@link dev.derive.parse.GraphBuilder}
 * listening, which makes the graph's nodes as rules are recognized, with no parse tree, and
 * returns a {@link dev.derive.parse.Program}: graph, inputs, value and names. Bad text is a
 * located {@link dev.derive.DeriveException} ({@link dev.derive.parse.SyntaxErrors}). The parser
 * recurses with the nesting of the text, on a stack sized for it ({@link dev.derive.parse.Nesting}).
 * Depends on {@code graph} and ANTLR's runtime only.
 */
package dev.derive.parse;
