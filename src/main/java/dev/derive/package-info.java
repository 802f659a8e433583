/**
 * The public API: text in, compiled code and derivatives out. {@link dev.derive.Derive} compiles
 * a source in one call; {@link dev.derive.Formula} (a parsed source) and
 * {@link dev.derive.Derivatives} (its partials with respect to chosen inputs) give every step
 * the {@code derive} command takes: the printed listing, each partial as a program, the
 * compiled value and gradient, the class files, the reference interpreter. Compiled objects
 * implement {@link dev.derive.CompiledFunction} and {@link dev.derive.CompiledGradient}; bad
 * source is a {@link dev.derive.DeriveException} with a line and column. This is the one
 * package the module exports; it uses every stage of the pipeline below it.
 */
package dev.derive;
