package dev.derive.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line, parsed against one table of options ({@link Option}), which also writes
 * the help. Written by hand rather than with an argument library: starting one took longer than
 * starting the JVM itself, and the command is run once per formula.
 *
 * <p>Options come as {@code --name value}, {@code --name=value}, {@code -f value} or
 * {@code -fvalue}; {@code --} ends them. Any other argument is the source, also one that starts
 * with {@code -} ({@code derive "-x^2"}), but an unknown {@code --name} is an error, so that a
 * misspelled option is not taken for a formula.
 */
final class Arguments {
    /** The options: long name, short name (or null), the value's label (null for a flag), help. */
    enum Option {
        FILE("--file", "-f", "FILE", "Read the source from FILE."),
        WRT("--wrt", null, "NAME[,NAME...]", "Differentiate with respect to these variables only (default: all)."),
        AT("--at", null, "NAME=VALUE[,...]", "Also print the value and every partial at this point; a value may be"
                + " one constant expression (x=pi/4, x=max(1,min(2,3)))."),
        MODE("--mode", null, "MODE", "How to build the derivatives: reverse (one sweep per output), forward"
                + " (one per input), or auto (the default: whichever needs fewer operations). For a model with"
                + " sums, forward prints the directional derivative along dx, db, ... as a model of its own."),
        HESSIAN("--hessian", null, null, "Also print the second partial derivatives: each output's Hessian,"
                + " each pair of variables once. For a model with sums, which entries can be nonzero for every"
                + " size, and with --data their numbers (sparse: one Hessian-vector product per colour)."),
        SPARSITY("--sparsity", null, null, "Print which partials (and with --hessian, second partials) are not"
                + " zero everywhere, instead of their formulas; for a model with sums, as families of elements"
                + " such as x[i + 1], x[i] for i = 0 .. n - 2."),
        EXPLAIN("--explain", null, null, "Print the computational graph in Graphviz DOT, each edge labelled with"
                + " its local derivative (with --at, values and adjoints too), and what each mode costs on it;"
                + " for a model with sums, each loop's body once, for every size."),
        DATA("--data", null, "NAME=FILE", "Bind array NAME of a model with sums to the numbers in FILE: one row per"
                + " line, numbers separated by commas or spaces, an optional header line (a 1-D array may also be"
                + " one number per line). Repeat for each array."),
        SIZE("--size", null, "NAME=N[,...]", "Give sizes of a model with sums, rather than having them follow from"
                + " the arrays' lengths."),
        THREADS("--threads", null, "N|all", "Run a model's loops (over data rows, or over the elements of"
                + " an array) on up to N threads (all: one per core). The numbers are the same bits as on one thread."),
        JSON("--json", null, null, "Print one JSON object instead of text."),
        BYTECODE("--bytecode", null, null, "Print the JVM classes generated for the function and its gradient (for several outputs, the outputs and their Jacobian)."),
        HELP("--help", "-h", null, "Show this help and exit."),
        VERSION("--version", "-V", null, "Print the version and exit.");

        final String name;
        final String shortName;
        final String label;
        final String help;

        Option(String name, String shortName, String label, String help) {
            this.name = name;
            this.shortName = shortName;
            this.label = label;
            this.help = help;
        }

        boolean takesValue() {
            return label != null;
        }

        static Option named(String name) {
            for (Option o : values()) {
                if (o.name.equals(name) || name.equals(o.shortName)) return o;
            }
            return null;
        }
    }

    String source;
    String file;
    List<String> wrt;
    List<String> at;
    List<String> data;
    List<String> sizes;
    Integer threads;
    String mode;
    boolean json;
    boolean hessian;
    boolean sparsity;
    boolean explain;
    boolean bytecode;
    boolean help;
    boolean version;

    /** @throws UsageException for an unknown option, a missing value, or two sources */
    static Arguments parse(String[] args) {
        Arguments parsed = new Arguments();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!optionsEnded && arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            Option option = optionsEnded ? null : optionIn(arg);
            if (option == null) {
                parsed.setSource(arg);
                continue;
            }
            String value = null;
            if (option.takesValue()) {
                value = attachedValue(arg, option);
                if (value == null) {
                    if (i + 1 == args.length) {
                        throw new UsageException("option '" + option.name + "' needs a value (" + option.label + ")");
                    }
                    value = args[++i];
                }
            } else if (arg.contains("=")) {
                throw new UsageException("option '" + option.name + "' takes no value");
            }
            parsed.set(option, value);
        }
        return parsed;
    }

    /** The option {@code arg} names, or null if it is the source; an unknown --name is an error. */
    private static Option optionIn(String arg) {
        if (arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            Option option = Option.named(name);
            if (option == null) throw new UsageException("unknown option '" + name + "'");
            return option;
        }
        if (arg.length() >= 2 && arg.charAt(0) == '-') {
            Option option = Option.named(arg.substring(0, 2));
            // -f takes its value attached (-fFILE); -h and -V stand alone, else "-hx" is a formula
            if (option != null && (option.takesValue() || arg.length() == 2)) return option;
        }
        return null;
    }

    /** The value in {@code --name=value} or {@code -fvalue}, or null if it is the next argument. */
    private static String attachedValue(String arg, Option option) {
        if (arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            return eq < 0 ? null : arg.substring(eq + 1);
        }
        if (arg.length() == 2) return null;
        return arg.charAt(2) == '=' ? arg.substring(3) : arg.substring(2);
    }

    private void set(Option option, String value) {
        switch (option) {
            case FILE -> {
                if (file != null) throw new UsageException("option '--file' is given more than once");
                file = value;
            }
            case WRT -> {
                if (wrt == null) wrt = new ArrayList<>();
                for (String name : value.split(",", -1)) wrt.add(name.trim());
            }
            case AT -> {
                if (at == null) at = new ArrayList<>();
                at.add(value);
            }
            case DATA -> {
                if (data == null) data = new ArrayList<>();
                data.add(value);
            }
            case SIZE -> {
                if (sizes == null) sizes = new ArrayList<>();
                sizes.addAll(Point.splitAtTopLevelCommas(value));
            }
            case THREADS -> {
                if (threads != null) throw new UsageException("option '--threads' is given more than once");
                threads = threads(value);
            }
            case MODE -> {
                if (mode != null) throw new UsageException("option '--mode' is given more than once");
                mode = value;
            }
            case HESSIAN -> hessian = true;
            case SPARSITY -> sparsity = true;
            case EXPLAIN -> explain = true;
            case JSON -> json = true;
            case BYTECODE -> bytecode = true;
            case HELP -> help = true;
            case VERSION -> version = true;
        }
    }

    private static int threads(String value) {
        String v = value.trim();
        if (v.equals("all")) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new UsageException("--threads: expected a number of threads (1 or more) or 'all', got '" + value + "'");
    }

    private void setSource(String arg) {
        if (source != null) {
            String hint = source.startsWith("-") ? " ('" + source + "' was read as a formula; is it a misspelled option?)" : "";
            throw new UsageException("more than one SOURCE: '" + source + "' and '" + arg + "'" + hint);
        }
        source = arg;
    }

    /** The --help text, written from the table of options. */
    static String usage() {
        StringBuilder s = new StringBuilder();
        s.append("Usage: derive [options] SOURCE\n");
        s.append("       derive [options] -f FILE\n");
        s.append("Prints a formula's partial derivatives, computed symbolically in reverse mode.\n\n");
        s.append("SOURCE is an expression or a program of statements separated by newlines or ';'\n");
        s.append("(for example \"c = a + b; d = b + 1; c * d\"); '-' reads it from standard input.\n");
        s.append("Every name the source does not assign is an input variable. A SOURCE that starts\n");
        s.append("with '-' is a formula (\"-x^2\"); '--' ends the options.\n\nOptions:\n");
        for (Option o : Option.values()) {
            String names = (o.shortName != null ? o.shortName + ", " : "    ") + o.name
                    + (o.takesValue() ? " " + o.label : "");
            s.append("  ").append(names);
            if (names.length() > 24) s.append('\n').append(" ".repeat(28));
            else s.append(" ".repeat(26 - names.length()));
            s.append(wrapped(o.help, 28, 80)).append('\n');
        }
        s.append("\nExit codes:\n");
        s.append("  0    success\n");
        s.append("  64   wrong usage (bad option, missing or bad --at binding)\n");
        s.append("  65   the source is not a valid program\n");
        s.append("  66   the source file cannot be read\n");
        s.append("  70   internal error\n");
        return s.toString();
    }

    /** {@code text} broken at spaces into lines of at most {@code width}, those after the first indented. */
    private static String wrapped(String text, int indent, int width) {
        StringBuilder out = new StringBuilder();
        int column = indent;
        for (String word : text.split(" ")) {
            if (column > indent && column + 1 + word.length() > width) {
                out.append('\n').append(" ".repeat(indent));
                column = indent;
            } else if (column > indent) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }

    /** The version, from the jar's manifest, so it is written in one place: the pom. */
    static String version() {
        String version = Arguments.class.getPackage().getImplementationVersion();
        return "derive " + (version != null ? version : "(development build)");
    }
}
