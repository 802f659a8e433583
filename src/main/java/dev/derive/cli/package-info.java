/**
 * The {@code derive} command: {@link dev.derive.cli.Arguments} (a table of options, which also
 * writes --help), {@link dev.derive.cli.DeriveCommand} (read, parse, differentiate, print),
 * text and JSON reports, located error reports with a caret, and exit codes. It uses the public
 * API in {@code dev.derive}, and beside it only how {@code parse} reads source bytes and shows
 * characters ({@code SourceText}) and how {@code graph} writes a number.
 */
package dev.derive.cli;
