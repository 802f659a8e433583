package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.Bindings;

import dev.derive.CompiledModel;
import dev.derive.Model;
import dev.derive.codegen.loops.LoopCompiler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The classes compiled for models verify, and every method is small enough for the JIT; a
 * program too large for one method is split into methods, with the same numbers.
 */
class LoopClassesTest {
    static final List<String> MODELS = List.of(
            "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
            "sum(i = 0 .. m-1, log1p(exp(-y[i] * (sum(j = 0 .. d-1, w[j]*X[i,j]) + b)))) / m",
            "sum(i = 0 .. n-1, x[i] / sum(j = 0 .. n-1, x[j]))",
            "sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]*a)) + prod(k = 1 .. 3, a)",
            "sum(i = 0 .. n-1, if(x[i] > a, sqrt(x[i] - a), tanh(x[i])))",
            // lazy branches: nested ifs, and two ifs on one condition
            "sum(i = 0 .. n-1, if(x[i] > 0, if(x[i] > 1, exp(x[i]), sin(x[i])*a), cos(x[i])) + if(x[i] > 0, log1p(x[i]^2), a))");

    @Test
    void everyClassVerifiesAndFitsTheJit() {
        for (String source : MODELS) {
            Model model = Model.parse(source);
            List<String> wrt = new java.util.ArrayList<>(model.arrays());
            wrt.addAll(model.scalars());
            CompiledModel compiled = model.compile(wrt, Model.Tuning.standard());
            for (byte[] bytes : compiled.classFiles()) {
                StringWriter problems = new StringWriter();
                CheckClassAdapter.verify(new ClassReader(bytes), getClass().getClassLoader(), false, new PrintWriter(problems));
                assertTrue(problems.toString().isEmpty(), source + ":\n" + problems);
                int largest = LoopCompiler.largestMethod(bytes);
                assertTrue(largest <= LoopCompiler.JIT_LIMIT, source + ": a method of " + largest + " bytes");
            }
        }
    }

    @Test
    void aChunkedLoopTakesTheArraysItReadsAndTheGradientsItAddsIntoFirst() {
        // logistic regression: y, w and X read, w's gradient added into; the rest as before
        CompiledModel f = Model.parse(MODELS.get(1)).compile("w", "b");
        List<String> loops = new java.util.ArrayList<>();
        new ClassReader(f.classFiles().get(1)).accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                             String[] exceptions) {
                if (name.startsWith("loop")) loops.add(descriptor);
                return null;
            }
        }, 0);
        assertEquals(List.of("([D[D[D[D[[D[I[I[D[[D[D[DIID[DI)D"), loops);
    }

    /**
     * Logistic regression's gradient adds -(X[i, j]*t) into dw[j] and its negated row factor
     * into db: compiled, each is a subtraction of the operand, the same IEEE operation as
     * adding the negation (the negations are left unused, for the JIT to drop). The numbers
     * are the interpreter's, at signed zeros, infinities and NaN too.
     */
    @Test
    void aNegatedContributionIsSubtracted() {
        CompiledModel f = Model.parse(MODELS.get(1)).compile("w", "b");
        StringWriter listing = new StringWriter();
        new ClassReader(f.classFiles().get(1)).accept(new org.objectweb.asm.util.TraceClassVisitor(new PrintWriter(listing)), 0);
        String loop = listing.toString().substring(listing.toString().indexOf(" loop0("));
        assertTrue(loop.matches("(?s).*DALOAD\\s+DLOAD \\d+\\s+DSUB\\s+DSTORE \\d+\\s+ALOAD \\d+\\s+ICONST_0.*"),
                "dw[j] - X[i, j]*t:\n" + loop);
        double[] specials = {0.0, -0.0, 1.5, -2.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-310};
        java.util.Random r = new java.util.Random(3);
        for (int round = 0; round < 50; round++) {
            int m = 1 + r.nextInt(6);
            int d = 1 + r.nextInt(4);
            double[][] rows = new double[m][d];
            double[] y = new double[m];
            double[] w = new double[d];
            for (int i = 0; i < m; i++) {
                y[i] = specials[r.nextInt(specials.length)];
                for (int j = 0; j < d; j++) rows[i][j] = specials[r.nextInt(specials.length)];
            }
            for (int j = 0; j < d; j++) w[j] = specials[r.nextInt(specials.length)];
            Bindings b = f.bind().matrix("X", rows).array("y", y).array("w", w).scalar("b", specials[r.nextInt(specials.length)]);
            ModelTestSupport.agreesWithInterpreter(f, b);
        }
    }

    @Test
    void programsTooLargeForAMethodAreSplitIntoMethodsTheJitTakes() {
        int terms = 4000;
        StringBuilder flat = new StringBuilder();
        for (int i = 0; i < terms; i++) flat.append(i == 0 ? "" : " + ").append("x[").append(i).append("]*x[").append(i + 1).append(']');
        StringBuilder wide = new StringBuilder("sum(i = 0 .. n-1, 0");
        for (int k = 1; k <= 3000; k++) wide.append(" + sin(x[i]*").append(k).append(')');
        wide.append(')');
        double[] x = new double[terms + 1];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
        for (String source : List.of(flat.toString(), wide.toString())) {
            CompiledModel f = Model.parse(source).compile("x");
            List<byte[]> files = f.classFiles();
            assertEquals(2, files.size(), "compiled, not interpreted");
            for (byte[] bytes : files) {
                StringWriter problems = new StringWriter();
                CheckClassAdapter.verify(new ClassReader(bytes), getClass().getClassLoader(), false, new PrintWriter(problems));
                assertTrue(problems.toString().isEmpty(), problems.toString());
                assertTrue(LoopCompiler.largestMethod(bytes) <= LoopCompiler.JIT_LIMIT, "a method of "
                        + LoopCompiler.largestMethod(bytes) + " bytes");
            }
            Bindings b = f.bind().array("x", source.startsWith("sum") ? java.util.Arrays.copyOf(x, 3) : x);
            CompiledModel.Gradient g = f.newGradient(b);
            double value = f.valueAndGradient(b, g);
            double[] partials = g.array("x").clone();
            CompiledModel.Gradient reference = f.newGradient(b);
            assertEquals(value, f.interpret(b, reference), 0);
            assertTrue(java.util.Arrays.equals(partials, reference.array("x")), "the interpreter's bits");
            assertEquals(f.value(b), value, 0);
            if (!source.startsWith("sum")) {
                // the same sum written with a loop: the same numbers to rounding
                CompiledModel loop = Model.parse("sum(i = 0 .. n-1, x[i]*x[i+1])").compile("x");
                Bindings lb = loop.bind().array("x", x);
                CompiledModel.Gradient lg = loop.newGradient(lb);
                assertEquals(loop.valueAndGradient(lb, lg), value, 1e-9 * Math.abs(value));
                for (int i = 0; i < x.length; i++) assertEquals(lg.array("x")[i], partials[i], 1e-12, "x[" + i + "]");
            }
        }
    }

    /** A program too large for one class (its constants alone) runs on the interpreter: the same numbers, slower. */
    @Test
    void programsTooLargeForAClassAreInterpreted() {
        int terms = 20_000;
        StringBuilder flat = new StringBuilder();
        for (int i = 0; i < terms; i++) flat.append(i == 0 ? "" : " + ").append("x[").append(i).append("]*x[").append(i + 1).append(']');
        CompiledModel f = Model.parse(flat.toString()).compile("x");
        assertEquals(List.of(), f.classFiles(), "interpreted");
        double[] x = new double[terms + 1];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
        Bindings b = f.bind().array("x", x);
        CompiledModel.Gradient g = f.newGradient(b);
        double value = f.valueAndGradient(b, g);
        CompiledModel loop = Model.parse("sum(i = 0 .. n-1, x[i]*x[i+1])").compile("x");
        Bindings lb = loop.bind().array("x", x);
        CompiledModel.Gradient lg = loop.newGradient(lb);
        assertEquals(loop.valueAndGradient(lb, lg), value, 1e-9 * Math.abs(value));
        for (int i = 0; i < x.length; i++) assertEquals(lg.array("x")[i], g.array("x")[i], 1e-12, "x[" + i + "]");
    }

    /**
     * A model of many sums is split into methods, each loop of the top level in a part of its
     * own: the method that calls them keeps a few locals, where it held every loop's code and
     * locals (too large for a method at 800 sums, so interpreted; and ASM's frames grew as the
     * loops squared: 8 s to compile 2,000 sums, out of memory at 5,000).
     */
    @Test
    void manySumsAreSplitWithFewLocalsInAnyMethod() {
        StringBuilder source = new StringBuilder();
        for (int k = 0; k < 800; k++) {
            source.append(k == 0 ? "" : " + ").append("sum(i = 0 .. n-").append(2 + k % 5)
                    .append(", ").append(k + 1).append("*x[i]^2*x[i+1] + if(i > 0, x[i-1], 0))");
        }
        CompiledModel f = Model.parse(source.toString()).compile("x");
        assertEquals(2, f.classFiles().size(), "compiled, not interpreted");
        for (byte[] bytes : f.classFiles()) {
            int[] mostLocals = {0};
            new ClassReader(bytes).accept(new org.objectweb.asm.ClassVisitor(org.objectweb.asm.Opcodes.ASM9) {
                @Override
                public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                                   String[] exceptions) {
                    return new org.objectweb.asm.MethodVisitor(org.objectweb.asm.Opcodes.ASM9) {
                        @Override
                        public void visitMaxs(int maxStack, int maxLocals) {
                            mostLocals[0] = Math.max(mostLocals[0], maxLocals);
                        }
                    };
                }
            }, 0);
            assertTrue(mostLocals[0] < 200, "a method of " + mostLocals[0] + " locals");
            assertTrue(LoopCompiler.largestMethod(bytes) <= LoopCompiler.JIT_LIMIT, "a method of "
                    + LoopCompiler.largestMethod(bytes) + " bytes");
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), getClass().getClassLoader(), false, new PrintWriter(problems));
            assertTrue(problems.toString().isEmpty(), problems.toString());
        }
        double[] x = new double[12];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
        Bindings b = f.bind().array("x", x);
        ModelTestSupport.agreesWithInterpreter(f, b);
    }

    /** Random models compiled split into methods (-Dderive.indexed.split=true) give the bits of one method. */
    @Test
    void splittingChangesNoBits() {
        for (long seed = 0; seed < 20; seed++) {
            java.util.Random r = new java.util.Random(seed);
            String source = ChunkingTest.model(r);
            Model model = Model.parse(source);
            List<String> wrt = List.of("w", "X", "a", "b");
            double[][] rows = new double[1 + r.nextInt(40)][];
            int d = 1 + r.nextInt(3);
            for (int i = 0; i < rows.length; i++) rows[i] = r.doubles(d, -1, 1).toArray();
            double[] y = r.doubles(rows.length, -1, 1).toArray();
            double[] w = r.doubles(d, -1, 1).toArray();
            double[][] results = new double[2][];
            for (int split = 0; split < 2; split++) {
                String before = System.getProperty("derive.indexed.split");
                System.setProperty("derive.indexed.split", Boolean.toString(split == 1));
                try {
                    CompiledModel f = model.compile(wrt, Model.Tuning.standard());
                    Bindings b = f.bind().matrix("X", rows).array("y", y).array("w", w).scalar("a", 0.3).scalar("b", 1.1)
                            .size("m", rows.length).size("d", d);
                    CompiledModel.Gradient g = f.newGradient(b);
                    List<Double> all = new java.util.ArrayList<>(List.of(f.valueAndGradient(b, g), f.value(b), g.scalar("a"),
                            g.scalar("b")));
                    for (double v : g.array("w")) all.add(v);
                    for (double v : g.array("X")) all.add(v);
                    results[split] = all.stream().mapToDouble(Double::doubleValue).toArray();
                } finally {
                    if (before == null) System.clearProperty("derive.indexed.split");
                    else System.setProperty("derive.indexed.split", before);
                }
            }
            assertTrue(java.util.Arrays.equals(results[0], results[1]), "seed " + seed + ": " + source);
        }
    }
}
