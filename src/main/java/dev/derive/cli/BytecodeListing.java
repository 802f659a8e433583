package dev.derive.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * {@code --bytecode}: the generated classes as ASM's Textifier prints them. A class of its own,
 * so that a run without the option does not load ASM's printing classes.
 */
final class BytecodeListing {
    private BytecodeListing() {}

    static String of(List<byte[]> classFiles) {
        StringWriter text = new StringWriter();
        for (byte[] file : classFiles) {
            new ClassReader(file).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        }
        return text.toString();
    }
}
