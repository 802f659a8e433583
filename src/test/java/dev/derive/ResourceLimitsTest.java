package dev.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * derive under limits, each in a JVM of its own: a memory limit that a 2 GB parser stack would
 * break, and a full metaspace, which must surface as itself, not as a derive bug.
 */
class ResourceLimitsTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aSmallFormulaRunsUnderAVirtualMemoryLimit() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -v 2500000; exec '" + java + "' -Xmx256m -XX:CompressedClassSpaceSize=64m"
                + " -XX:ReservedCodeCacheSize=64m -cp '" + classPath() + "'"
                + " dev.derive.cli.Main --at x=2,y=3 'x*y'";
        Result r = run(List.of("bash", "-c", command));
        assertEquals(0, r.code, r.output);
        assertTrue(r.output.contains("f = 6"), r.output);
    }

    @Test
    void aFullMetaspaceIsAnOutOfMemoryError() throws Exception {
        Result r = run(javaCommand("-XX:MaxMetaspaceSize=24m", MetaspaceFiller.class.getName()));
        assertTrue(r.output.contains("OutOfMemoryError") && !r.output.contains("IllegalStateException"), r.output);
    }

    /** Compiles gradients and keeps them until the metaspace is full; prints what was thrown. */
    static final class MetaspaceFiller {
        public static void main(String[] args) {
            List<Object> kept = new ArrayList<>();
            try {
                for (int i = 0; i < 1_000_000; i++) kept.add(Derive.gradient("x*y + sin(x*" + i + ")"));
                System.out.println("metaspace never filled");
            } catch (Throwable e) {
                System.out.println(e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    private static List<String> javaCommand(String option, String mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, option, "-cp", classPath(), mainClass);
    }

    /** This JVM's classes, main and test, for a child JVM: the tests run with derive on the module path. */
    private static String classPath() {
        String modules = System.getProperty("jdk.module.path");
        String classes = System.getProperty("java.class.path");
        return modules == null || modules.isEmpty() ? classes : modules + java.io.File.pathSeparator + classes;
    }

    private record Result(int code, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), output);
    }
}
