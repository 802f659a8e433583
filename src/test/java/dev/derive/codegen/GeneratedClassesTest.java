package dev.derive.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.diff.ReverseMode;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import dev.derive.codegen.emit.SplitClassEmitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.CodeSizeEvaluator;
import org.objectweb.asm.util.CheckClassAdapter;

/** Every generated class is read back with ASM: it verifies, and no method is too big to JIT. */
class GeneratedClassesTest {
    /** HotSpot does not JIT-compile methods of more bytecode than this (DontCompileHugeMethods). */
    private static final int JIT_LIMIT = 8000;

    static Stream<String> sources() {
        return Stream.concat(Sources.structured(), Stream.of(
                "1/(1 + exp(-(w0*x0 + w1*x1 + w2)))",
                "x",
                "2",
                "max(x, y) + min(x, y) + abs(x) + relu(y) + sign(x) + sigmoid(y) + atan2(y, x) + hypot(x, y)",
                Sources.rosenbrock(3000),
                Sources.product(10_000),
                Sources.nested("sin", 10_000),
                Sources.sumOfSquares(20_000)));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void everyClassVerifiesAndEveryMethodCanBeJitCompiled(String source) {
        verify(source);
    }

    /** The large sources above are in fact split: classes for the value and for the gradient. */
    @Test
    void aLargeFunctionIsSplitIntoClassesOfMethods() {
        for (String source : List.of(Sources.rosenbrock(3000), Sources.product(10_000), Sources.nested("sin", 10_000))) {
            Program p = ProgramParser.parse(source);
            List<Node> partials = ReverseMode.gradient(p.graph(), p.value(), p.inputs());
            List<byte[]> classes = BytecodeCompiler.classFiles(p.graph(), p.inputs(), p.value(), partials);
            assertTrue(classes.size() >= 2, source.substring(0, 40) + ": " + classes.size() + " class");
            for (byte[] bytes : classes) {
                assertTrue(new ClassReader(bytes).getClassName().equals(SplitClassEmitter.NAME));
            }
        }
    }

    /** Every class generated for {@code source}'s gradient verifies, every method under the JIT's limit. */
    static void verify(String source) {
        Program p = ProgramParser.parse(source);
        List<Node> partials = ReverseMode.gradient(p.graph(), p.value(), p.inputs());
        List<byte[]> classes = BytecodeCompiler.classFiles(p.graph(), p.inputs(), p.value(), partials);
        assertTrue(!classes.isEmpty());
        for (byte[] bytes : classes) {
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), false, new PrintWriter(problems));
            assertEquals("", problems.toString(), "verification");
            int largest = largestMethod(bytes);
            assertTrue(largest < JIT_LIMIT, "a method of " + largest + " bytes");
        }
    }

    /** The largest method's bytecode size, in bytes. */
    static int largestMethod(byte[] bytes) {
        int[] largest = {0};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                                             String signature, String[] exceptions) {
                return new CodeSizeEvaluator(null) {
                    @Override
                    public void visitEnd() {
                        largest[0] = Math.max(largest[0], getMaxSize());
                    }
                };
            }
        }, 0);
        return largest[0];
    }
}
