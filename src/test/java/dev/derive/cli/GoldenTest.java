package dev.derive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden files in {@code test-expressions/}: each {@code NAME.derive} is run through the
 * command, and everything it prints must equal {@code NAME.expected}. A first line
 * {@code # args: ...} passes options. With {@code -Dgolden.update=true} the expected files are
 * rewritten instead, to be reviewed as a diff. Line endings are compared as \n.
 */
class GoldenTest {
    private static final Path CASES = Path.of("test-expressions");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<Path> inputs;
        try (Stream<Path> files = Files.list(CASES)) {
            inputs = files.filter(f -> f.toString().endsWith(".derive")).sorted().toList();
        }
        assertTrue(inputs.size() >= 60, "only " + inputs.size() + " golden cases found");
        return inputs.stream().map(input -> DynamicTest.dynamicTest(
                input.getFileName().toString(), () -> check(input)));
    }

    private static void check(Path input) throws IOException {
        String actual = run(input);
        Path expectedFile = Path.of(input.toString().replaceFirst("\\.derive$", ".expected"));
        if (UPDATE) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(expectedFile), "missing " + expectedFile + "; run with -Dgolden.update=true");
        String expected = new String(Files.readAllBytes(expectedFile), StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertEquals(expected, actual, () -> input + ": " + firstDifference(expected, actual));
    }

    /** The first line where the two texts differ, as a one-line diff. */
    static String firstDifference(String expected, String actual) {
        String[] want = expected.split("\n", -1);
        String[] got = actual.split("\n", -1);
        int i = 0;
        while (i < want.length && i < got.length && want[i].equals(got[i])) i++;
        return "first difference at line " + (i + 1) + "\n- " + (i < want.length ? want[i] : "<end>")
                + "\n+ " + (i < got.length ? got[i] : "<end>") + "\n";
    }

    /** Standard output, then standard error and the exit code when there are any. */
    static String run(Path input) throws IOException {
        // read leniently: some cases are not valid UTF-8 on purpose
        List<String> args = new ArrayList<>(options(new String(Files.readAllBytes(input), StandardCharsets.UTF_8)));
        args.add("-f");
        args.add(input.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err));
        StringBuilder all = new StringBuilder(out.toString());
        if (!err.toString().isEmpty()) all.append("--- stderr\n").append(err);
        if (code != 0) all.append("--- exit ").append(code).append('\n');
        return all.toString().replace("\r\n", "\n");
    }

    private static List<String> options(String source) {
        String first = source.lines().findFirst().orElse("");
        if (!first.startsWith("# args:")) return List.of();
        String options = first.substring("# args:".length()).trim();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }
}
