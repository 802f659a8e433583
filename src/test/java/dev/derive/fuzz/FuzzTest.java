package dev.derive.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.derive.DeriveException;
import dev.derive.RandomExpressions;
import dev.derive.cli.Main;
import dev.derive.codegen.Agreement;
import dev.derive.codegen.RepeatedPrograms;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Node;
import dev.derive.graph.Printer;
import dev.derive.graph.Structure;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import dev.derive.parse.SourceText;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two fuzzers, each run for a few seconds ({@code -Dderive.fuzz.seconds}, default 6) from a
 * fixed first seed ({@code -Dderive.fuzz.seed}); case {@code i} is seed {@code first + i}, so a
 * failure names the seed that reproduces it.
 *
 * <ul>
 * <li>Programs from the grammar ({@link ProgramText}), the property tests' random expressions,
 *     and both with characters broken: the parser returns a program or throws
 *     {@link DeriveException}, nothing else; a program's value and gradient, compiled with every
 *     code-generation rewrite on and off, are the interpreter's bits; the value and each
 *     partial, printed as the command prints them, parse back to the same graph; and the
 *     command itself exits 0 with values, or 65 with a located error.
 * <li>Chains and sums of a random block repeated with shifted inputs ({@link
 *     RepeatedPrograms}), which become loops: the same bits with loops, fusion and
 *     recomputation on and off.
 * <li>Bytes: valid programs with bytes flipped, inserted (control characters, broken UTF-8, a
 *     byte-order mark, line ends) or repeated, and bytes at random, through the command from
 *     standard input and through the API: only the documented outcomes.
 * </ul>
 */
class FuzzTest {
    private static final long SECONDS = Long.getLong("derive.fuzz.seconds", 6);
    private static final long FIRST_SEED = Long.getLong("derive.fuzz.seed", 20_261_123);
    /** Graphs larger than this are not compiled four ways: the fuzzers aim at variety, not size. */
    private static final int LARGEST_GRAPH = 3000;
    private static final Pattern LOCATED = Pattern.compile("(?s)error: line \\d+, column \\d+: .+\\n  .*\\n  \\s*\\^\\n?");

    @Test
    void programsFromTheGrammar() {
        Counts counts = new Counts();
        fuzz(seed -> {
            String source = switch ((int) Math.floorMod(seed, 4)) {
                case 0 -> ProgramText.program(seed);
                case 1 -> ProgramText.mutated(seed);
                case 2 -> RandomExpressions.program(seed);
                default -> mutate(RandomExpressions.program(seed), seed);
            };
            checkProgram(source, seed, counts);
        }, counts);
        System.out.println("grammar fuzzer: " + counts);
        assertTrue(counts.valid > counts.cases / 4 && counts.rejected > counts.cases / 20, counts.toString());
    }

    /** Chains and sums of a random block, the shape loops are made of: with loops equals without. */
    @Test
    void repeatedBlocks() {
        Counts counts = new Counts();
        fuzz(seed -> {
            Agreement.check(seed % 2 == 0 ? RepeatedPrograms.chain(seed) : RepeatedPrograms.sum(seed), 2);
            counts.valid++;
        }, counts);
        System.out.println("repeated-block fuzzer: " + counts);
        assertTrue(counts.valid > 20, counts.toString());
    }

    @Test
    void bytes() {
        Counts counts = new Counts();
        fuzz(seed -> checkBytes(bytesFor(seed), seed, counts), counts);
        System.out.println("byte fuzzer: " + counts);
        assertTrue(counts.valid > 0 && counts.rejected > counts.cases / 4, counts.toString());
    }

    /** Runs {@code check} on seeds from the first until the time is up. */
    private static void fuzz(SeedCheck check, Counts counts) {
        long[] current = {FIRST_SEED};
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        assertTimeoutPreemptively(Duration.ofSeconds(SECONDS + 60), () -> {
            while (System.nanoTime() < end) {
                check.run(current[0]);
                counts.cases++;
                current[0]++;
            }
        }, () -> "a case hung: seed " + current[0]);
    }

    private interface SeedCheck {
        void run(long seed);
    }

    private static void checkProgram(String source, long seed, Counts counts) {
        String context = "seed " + seed + ": [" + source + "]";
        Program program;
        try {
            program = ProgramParser.parse(source);
        } catch (DeriveException e) {
            counts.rejected++;
            assertTrue(e.line() >= 1 && e.column() >= 1 && !e.getMessage().isEmpty(), context);
            expectExit(source.getBytes(StandardCharsets.UTF_8), 65, context);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(context + ": the parser threw " + e, e);
        }
        counts.valid++;
        if (program.graph().size() > LARGEST_GRAPH) return;
        Agreement.check(source, 2);
        List<Node> lines = new ArrayList<>(List.of(program.value()));
        lines.addAll(ReverseMode.gradient(program.graph(), program.value(), program.inputs()));
        Printer printer = program.printer();
        for (Node node : lines) {
            String text = String.join("\n", printer.print(List.of(new Printer.Line(null, node, false))));
            Structure.assertSame(node, ProgramParser.parse(text).value(), context + " printed as [" + text + "]");
        }
        if (seed % 8 == 0) expectExit(source.getBytes(StandardCharsets.UTF_8), 0, context);
    }

    private static void checkBytes(byte[] bytes, long seed, Counts counts) {
        String context = "seed " + seed + ": " + java.util.Arrays.toString(bytes);
        int code = run(bytes, context).code;
        if (code == 0) counts.valid++;
        else counts.rejected++;
        try {
            ProgramParser.parse(SourceText.decode(bytes));
            assertEquals(0, code, context + ": parses, but the command exits " + code);
        } catch (DeriveException e) {
            assertEquals(65, code, context + ": " + e.located());
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(context + ": the API threw " + e, e);
        }
    }

    /** The command on {@code stdin}: the exit code must be {@code expected}, errors located. */
    private static void expectExit(byte[] stdin, int expected, String context) {
        Outcome outcome = run(stdin, context);
        assertEquals(expected, outcome.code, context + ": " + outcome.err);
    }

    private record Outcome(int code, String err) {}

    /** Runs the command on {@code stdin}; fails unless it exits 0, or 65 with a located error. */
    private static Outcome run(byte[] stdin, String context) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"--json", "-"}, new ByteArrayInputStream(stdin),
                new PrintWriter(out), new PrintWriter(err));
        String errors = err.toString().replaceAll("(?m)^derive: warning: .*\\n", "");
        if (code == 0) {
            assertTrue(out.toString().startsWith("{") && errors.isEmpty(), context + ": " + err);
        } else if (code == 65) {
            assertTrue(LOCATED.matcher(errors).matches(), context + ": not one located error: " + err);
        } else {
            fail(context + ": exit " + code + ": " + err);
        }
        return new Outcome(code, err.toString());
    }

    /** Valid programs with bytes broken, and random bytes. */
    private static byte[] bytesFor(long seed) {
        Random random = new Random(seed);
        if (random.nextInt(8) == 0) {
            byte[] noise = new byte[random.nextInt(40)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] valid = ProgramText.program(seed).getBytes(StandardCharsets.UTF_8);
        List<Byte> bytes = new ArrayList<>();
        for (byte b : valid) bytes.add(b);
        int edits = random.nextInt(4);
        byte[] interesting = {0, 0x1b, 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xe2, (byte) 0xff,
            (byte) 0xef, '\r', '\n', '(', ')', '-', '^', ';', '='};
        for (int i = 0; i < edits && !bytes.isEmpty(); i++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(4)) {
                case 0 -> bytes.set(at, (byte) (bytes.get(at) ^ (1 << random.nextInt(8))));
                case 1 -> bytes.add(at, interesting[random.nextInt(interesting.length)]);
                case 2 -> bytes.remove(at);
                default -> {
                    int from = random.nextInt(bytes.size());
                    List<Byte> chunk = new ArrayList<>(bytes.subList(from, Math.min(bytes.size(), from + 3)));
                    for (int r = random.nextInt(50); r > 0; r--) bytes.addAll(at, chunk);
                }
            }
        }
        if (random.nextInt(10) == 0) {
            bytes.add(0, (byte) 0xbf);
            bytes.add(0, (byte) 0xbb);
            bytes.add(0, (byte) 0xef);
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) out[i] = bytes.get(i);
        return out;
    }

    /** {@code text} with one or two characters deleted or inserted. */
    private static String mutate(String text, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(text);
        for (int i = 1 + random.nextInt(2); i > 0 && s.length() > 0; i--) {
            int at = random.nextInt(s.length());
            if (random.nextBoolean()) s.deleteCharAt(at);
            else s.insert(at, "()+-*/^,;x1.\n".charAt(random.nextInt(13)));
        }
        return s.toString();
    }

    private static final class Counts {
        long cases;
        long valid;
        long rejected;

        @Override
        public String toString() {
            return cases + " cases in " + SECONDS + " s from seed " + FIRST_SEED + ": " + valid + " valid, "
                    + rejected + " rejected with a located error";
        }
    }
}
