package dev.derive.cli;

import dev.derive.DeriveException;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import dev.derive.parse.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "derive",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        description = {
            "Prints a formula's partial derivatives, computed symbolically in reverse mode.",
            "",
            "SOURCE is an expression or a program of statements separated by newlines or ';'",
            "(for example \"c = a + b; d = b + 1; c * d\"). Every name the source does not",
            "assign is an input variable."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "64:wrong usage (bad option, missing or bad --at binding)",
            "65:the source is not a valid program",
            "66:the source file cannot be read",
            "70:internal error"})
final class DeriveCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "SOURCE",
            description = "The formula or program; '-' reads standard input.")
    private String source;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the source from FILE.")
    private Path file;

    @Option(names = "--wrt", split = ",", paramLabel = "NAME",
            description = "Differentiate with respect to these variables only (default: all).")
    private List<String> wrt;

    /** Split by {@link Point}: commas inside parentheses belong to the value (x=atan2(1,2),y=3). */
    @Option(names = "--at", paramLabel = "NAME=VALUE[,NAME=VALUE...]",
            description = "Also print the value and every partial at this point.")
    private List<String> at;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Option(names = "--bytecode",
            description = "Print the JVM classes generated for the function and its gradient.")
    private boolean bytecode;

    /** The source as error messages show it. */
    private String shownText = "";
    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;

    DeriveCommand(InputStream in, PrintWriter out, PrintWriter err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            if (bytecode && (json || at != null)) {
                throw new UsageException("--bytecode prints the generated classes as text; it cannot be"
                        + " combined with " + (json ? "--json" : "--at"));
            }
            String text = readSource();
            Program program = ProgramParser.parse(text);
            program.warnings().forEach(w -> err.println("derive: warning: " + w));
            Derivatives derivatives = new Derivatives(program, variables(program));
            if (bytecode) {
                out.print(derivatives.bytecode());
                return ExitCode.OK;
            }
            Point point = at == null ? null : point(program);
            double[] values = point == null ? null : derivatives.evaluate(point.values());
            out.print(json ? JsonReport.format(derivatives, values)
                           : TextReport.format(derivatives, values, point));
            return ExitCode.OK;
        } catch (DeriveException e) {
            err.println(ErrorReport.format(e, shownText));
            return ExitCode.DATA;
        } catch (UsageException e) {
            err.println("derive: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (NoSuchFileException e) {
            err.println("derive: cannot read " + e.getFile() + ": "
                    + (e.getReason() != null ? e.getReason() : "no such file"));
            return ExitCode.NO_INPUT;
        } catch (IOException e) {
            err.println("derive: cannot read the source: " + e.getMessage());
            return ExitCode.NO_INPUT;
        } catch (OutOfMemoryError e) {
            err.println("derive: " + outOfMemory(e));
            return ExitCode.INTERNAL;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("derive: internal error: " + e);
            if (System.getenv("DERIVE_DEBUG") != null) e.printStackTrace(err);
            return ExitCode.INTERNAL;
        }
    }

    /** What ran out, and the setting that gives more of it. */
    static String outOfMemory(OutOfMemoryError e) {
        String what = String.valueOf(e.getMessage());
        if (what.contains("Metaspace") || what.contains("class space")) {
            return "out of memory for generated classes (" + what + "); raise it with"
                    + " JAVA_OPTS=-XX:MaxMetaspaceSize=...";
        }
        if (what.contains("native thread")) {
            return "out of memory: Java could not start a thread (" + what + ")";
        }
        if (what.contains("Java heap") || what.contains("GC overhead") || what.contains("array size")) {
            return "out of memory (" + what + "); give Java a larger heap, e.g. JAVA_OPTS=-Xmx8g";
        }
        return "out of memory (" + what + ")";
    }

    /**
     * The source text, decoded and normalized ({@link SourceText}); {@link #shownText} is set
     * first, so that an error in the text, even bytes that are not UTF-8, is shown in it.
     */
    private String readSource() throws IOException {
        if ((source == null) == (file == null)) {
            throw new UsageException(source == null
                    ? "no SOURCE given: pass a formula, '-' for standard input, or -f FILE"
                    : "give either SOURCE or -f FILE, not both");
        }
        if (file == null && !source.equals("-")) {
            shownText = SourceText.normalize(source);
            return shownText;
        }
        byte[] bytes;
        if (file == null) {
            bytes = in.readAllBytes();
        } else if (file.toString().isEmpty()) {
            throw new UsageException("-f: the file name is empty");
        } else if (Files.isDirectory(file)) {
            throw new NoSuchFileException(file.toString(), null, "it is a directory");
        } else {
            bytes = Files.readAllBytes(file);
        }
        shownText = SourceText.decodeLossily(bytes);
        return SourceText.decode(bytes);
    }

    private List<Node> variables(Program program) {
        if (wrt == null) return program.inputs();
        Map<String, Node> inputs = Derivatives.byName(program.inputs());
        Set<Node> chosen = new LinkedHashSet<>();
        for (String name : wrt) {
            Node v = inputs.get(name.trim());
            if (v == null) {
                throw new UsageException("--wrt: '" + name.trim() + "' is not an input variable of"
                        + " the source" + known(program));
            }
            if (!chosen.add(v)) {
                throw new UsageException("--wrt: '" + name.trim() + "' is given more than once");
            }
        }
        return List.copyOf(chosen);
    }

    private static String known(Program program) {
        List<String> names = new ArrayList<>();
        for (Node v : program.inputs()) {
            if (names.size() == 10) {
                names.add("...");
                break;
            }
            names.add(v.name);
        }
        return names.isEmpty() ? " (it has none)" : " (" + String.join(", ", names) + ")";
    }

    private Point point(Program program) {
        Point point = Point.parse(at);
        Map<String, Node> inputs = Derivatives.byName(program.inputs());
        for (String name : point.values().keySet()) {
            if (!inputs.containsKey(name)) {
                err.println("derive: warning: --at gives a value for '" + name
                        + "', which is not a variable of the source; it is ignored");
            }
        }
        for (String name : inputs.keySet()) {
            if (!point.values().containsKey(name)) {
                throw new UsageException("--at gives no value for the variable '" + name + "'");
            }
        }
        return point;
    }
}
