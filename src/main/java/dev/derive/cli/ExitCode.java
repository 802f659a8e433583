package dev.derive.cli;

/** The BSD sysexits codes the command uses. */
final class ExitCode {
    static final int OK = 0;
    /** The command was used wrongly: bad options or bindings. */
    static final int USAGE = 64;
    /** The source is not a valid program. */
    static final int DATA = 65;
    /** The source file cannot be read. */
    static final int NO_INPUT = 66;
    /** A bug in derive itself. */
    static final int INTERNAL = 70;

    private ExitCode() {}
}
