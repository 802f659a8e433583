package dev.derive.cli;

import dev.derive.DeriveException;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

    /** Commas inside parentheses belong to the value: --at x=atan2(1,2),y=3. */
    @Option(names = "--at", split = ",(?![^(]*\\))", splitSynopsisLabel = ",", paramLabel = "NAME=VALUE",
            description = "Also print the value and every partial at this point.")
    private List<String> at;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Option(names = "--bytecode",
            description = "Print the JVM classes generated for the function and its gradient.")
    private boolean bytecode;

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
        String text = null;
        try {
            text = readSource();
            Program program = ProgramParser.parse(text);
            program.warnings().forEach(w -> err.println("derive: warning: " + w));
            Derivatives derivatives = new Derivatives(program, variables(program));
            if (bytecode) {
                out.print(derivatives.bytecode());
                return ExitCode.OK;
            }
            double[] values = at == null ? null : derivatives.evaluate(point(program));
            out.print(json ? JsonReport.format(derivatives, values)
                           : TextReport.format(derivatives, values, at));
            return ExitCode.OK;
        } catch (DeriveException e) {
            err.println(ErrorReport.format(e, text));
            return ExitCode.DATA;
        } catch (UsageException e) {
            err.println("derive: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (NoSuchFileException e) {
            err.println("derive: cannot read " + e.getFile() + ": no such file");
            return ExitCode.NO_INPUT;
        } catch (IOException e) {
            err.println("derive: cannot read the source: " + e.getMessage());
            return ExitCode.NO_INPUT;
        } catch (OutOfMemoryError e) {
            err.println("derive: out of memory; give Java a larger heap, e.g. JAVA_OPTS=-Xmx8g");
            return ExitCode.INTERNAL;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("derive: internal error: " + e);
            if (System.getenv("DERIVE_DEBUG") != null) e.printStackTrace(err);
            return ExitCode.INTERNAL;
        }
    }

    private String readSource() throws IOException {
        if ((source == null) == (file == null)) {
            throw new UsageException(source == null
                    ? "no SOURCE given: pass a formula, '-' for standard input, or -f FILE"
                    : "give either SOURCE or -f FILE, not both");
        }
        if (file != null) return Files.readString(file, StandardCharsets.UTF_8);
        if (source.equals("-")) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return source;
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

    private Map<String, Double> point(Program program) {
        Map<String, Double> point = Point.parse(at);
        Map<String, Node> inputs = Derivatives.byName(program.inputs());
        for (String name : point.keySet()) {
            if (!inputs.containsKey(name)) {
                err.println("derive: warning: --at gives a value for '" + name
                        + "', which is not a variable of the source; it is ignored");
            }
        }
        for (String name : inputs.keySet()) {
            if (!point.containsKey(name)) {
                throw new UsageException("--at gives no value for the variable '" + name + "'");
            }
        }
        return point;
    }
}
