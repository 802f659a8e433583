package dev.derive.cli;

import dev.derive.codegen.BytecodeCompiler;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * {@code --bytecode}: the generated classes as ASM's Textifier prints them. A class of its own,
 * so that a run without the option does not load ASM's printing classes.
 */
final class BytecodeListing {
    private BytecodeListing() {}

    static String of(Derivatives d) {
        StringWriter text = new StringWriter();
        for (byte[] file : BytecodeCompiler.classFiles(d.program.graph(), d.program.inputs(), d.program.value(), d.partials)) {
            new ClassReader(file).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        }
        return text.toString();
    }
}
