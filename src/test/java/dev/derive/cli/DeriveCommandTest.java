package dev.derive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the golden files cannot say: arguments with line breaks, standard input, file names. */
class DeriveCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new ByteArrayInputStream(stdin), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(new byte[0], args);
    }

    @Test
    void aLineBreakInAnAtValueIsAUsageError() {
        Run r = run("--at", "x=1\n2", "x");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("one constant expression, not '1\\n2'"), r.err());
    }

    @Test
    void aFileAndStandardInputGiveTheSameAnswerForTheSameBytes() throws IOException {
        byte[][] cases = {
            {'x', ' ', '+', (byte) 0xFF, ' ', '2'},
            {'a', '=', '1', '\r', 'a', '*', '*', '*', '2'},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', '*', 'y'},
            {'x', ' ', (byte) 0xE2, (byte) 0x82},
            {'x', '+', 0, '2'},
        };
        for (byte[] bytes : cases) {
            Path file = dir.resolve("source.derive");
            Files.write(file, bytes);
            Run fromFile = run("-f", file.toString());
            Run fromStdin = run(bytes, "-");
            assertEquals(fromFile, fromStdin);
            assertTrue(fromFile.code() == ExitCode.OK || fromFile.code() == ExitCode.DATA, fromFile.toString());
        }
    }

    @Test
    void anEmptyFileNameIsAUsageErrorAndADirectoryCannotBeRead() {
        Run empty = run("-f", "");
        assertEquals(ExitCode.USAGE, empty.code());
        assertEquals("derive: -f: the file name is empty\n", empty.err());
        Run directory = run("-f", dir.toString());
        assertEquals(ExitCode.NO_INPUT, directory.code());
        assertTrue(directory.err().contains("it is a directory"), directory.err());
    }

    @Test
    void bytecodeCombinesWithNeitherJsonNorAt() {
        assertEquals(ExitCode.USAGE, run("--bytecode", "--json", "x").code());
        assertEquals(ExitCode.USAGE, run("--bytecode", "--at", "x=1", "x").code());
        assertEquals(ExitCode.OK, run("--bytecode", "x").code());
    }

    @Test
    void outOfMemoryNamesWhatRanOut() {
        assertTrue(DeriveCommand.outOfMemory(new OutOfMemoryError("Java heap space")).contains("-Xmx"));
        assertTrue(DeriveCommand.outOfMemory(new OutOfMemoryError("Metaspace")).contains("MaxMetaspaceSize"));
        String thread = DeriveCommand.outOfMemory(new OutOfMemoryError(
                "unable to create native thread: possibly out of memory or process/resource limits reached"));
        assertTrue(thread.contains("could not start a thread") && !thread.contains("-Xmx"), thread);
    }
}
