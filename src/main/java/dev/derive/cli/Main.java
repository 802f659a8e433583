package dev.derive.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code derive} command's entry point. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs {@code derive} with the given arguments and streams; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        DeriveCommand command = new DeriveCommand(in, out, err);
        CommandLine line = new CommandLine(command)
                .setOut(out)
                .setErr(err)
                .setUnmatchedOptionsArePositionalParams(true)
                .setParameterExceptionHandler((e, arguments) -> {
                    err.println("derive: " + e.getMessage());
                    err.println("Try 'derive --help' for more information.");
                    return ExitCode.USAGE;
                });
        String unknown = unknownLongOption(line, args);
        if (unknown != null) {
            err.println("derive: unknown option '" + unknown + "'");
            err.println("Try 'derive --help' for more information.");
            return ExitCode.USAGE;
        }
        int code = line.execute(args);
        out.flush();
        return code;
    }

    /**
     * The first argument before "--" that looks like a long option but is none. Unmatched
     * arguments are otherwise taken as the formula, so that {@code derive "-x^2"} works; a
     * misspelled {@code --jsn} must not become one.
     */
    private static String unknownLongOption(CommandLine line, String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) return null;
            if (!arg.startsWith("--") || arg.length() == 2) continue;
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!line.getCommandSpec().optionsMap().containsKey(name)) return arg;
        }
        return null;
    }
}
