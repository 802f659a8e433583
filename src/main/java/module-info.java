/**
 * derive: symbolic differentiation of formulas given as text, compiled to JVM bytecode. The
 * public API is the package {@code dev.derive} alone; the pipeline's stages (parse, graph,
 * diff, codegen) and the command (cli) are internal.
 */
module dev.derive {
    requires org.antlr.antlr4.runtime;
    requires org.objectweb.asm;
    requires org.objectweb.asm.commons;
    requires org.objectweb.asm.util;

    exports dev.derive;
}
