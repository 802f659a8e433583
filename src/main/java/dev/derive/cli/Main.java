package dev.derive.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

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
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (UsageException e) {
            err.println("derive: " + e.getMessage());
            err.println("Try 'derive --help' for more information.");
            return ExitCode.USAGE;
        }
        if (arguments.help) {
            out.print(Arguments.usage());
        } else if (arguments.version) {
            out.println(Arguments.version());
        } else {
            int code = new DeriveCommand(arguments, in, out, err).call();
            out.flush();
            return code;
        }
        out.flush();
        return ExitCode.OK;
    }
}
