package dev.derive.cli;

import dev.derive.CompiledWeightedHessian;
import dev.derive.DeriveException;
import dev.derive.Derivatives;
import dev.derive.Formula;
import dev.derive.Mode;
import dev.derive.Model;
import dev.derive.parse.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** One run of the command: reads the source, differentiates it, and prints what was asked. */
final class DeriveCommand {
    private final Arguments args;
    /** The source as error messages show it. */
    private String shownText = "";
    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;

    DeriveCommand(Arguments args, InputStream in, PrintWriter out, PrintWriter err) {
        this.args = args;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs the command; returns the exit code. */
    int call() {
        String source = args.source;
        List<String> at = args.at;
        boolean json = args.json;
        boolean bytecode = args.bytecode;
        try (Progress progress = Progress.on(err)) {
            if (bytecode && (json || at != null)) {
                throw new UsageException("--bytecode prints the generated classes as text; it cannot be"
                        + " combined with " + (json ? "--json" : "--at"));
            }
            progress.phase("reading");
            String text = readSource(source, args.file);
            progress.phase("parsing");
            if (looksIndexed(text)) {
                List<Model> models = Model.parseAll(text);
                if (models.get(0).indexed()) {
                    for (String warning : models.get(0).warnings()) err.println("derive: warning: " + warning);
                    progress.phase("compiling");
                    String report = ModelCommand.run(models, args);
                    progress.close();
                    out.print(report);
                    return ExitCode.OK;
                }
            }
            if (args.data != null || args.sizes != null) {
                throw new UsageException((args.data != null ? "--data" : "--size") + " binds the arrays and sizes of a"
                        + " model with sums; this source has none");
            }
            if (args.threads != null) {
                throw new UsageException("--threads runs the loops of a model with sums; this source has none");
            }
            Formula formula = Formula.parse(text);
            for (String warning : formula.warnings()) err.println("derive: warning: " + warning);
            progress.phase("differentiating");
            Derivatives derivatives = derivatives(formula, args.wrt, mode(args.mode));
            if (bytecode) {
                progress.phase("generating classes");
                String listing = BytecodeListing.of(derivatives.classFiles());
                progress.close();
                out.print(listing);
                return ExitCode.OK;
            }
            if (args.explain) {
                if (json) throw new UsageException("--explain prints Graphviz DOT; it cannot be combined with --json");
                String dot = derivatives.explain(at == null ? null : inputs(derivatives, point(formula, at)));
                progress.close();
                out.print(dot);
                return ExitCode.OK;
            }
            if (args.sparsity) {
                if (at != null) throw new UsageException("--sparsity prints structure, not values; it cannot be combined with --at");
                String report = json ? SparsityReport.json(derivatives, args.hessian) : SparsityReport.text(derivatives, args.hessian);
                progress.close();
                out.print(report);
                return ExitCode.OK;
            }
            Point point = at == null ? null : point(formula, at);
            progress.phase("compiling");
            double[] values = point == null ? null : evaluate(derivatives, point);
            double[][] hessians = point == null || !args.hessian ? null : hessians(derivatives, point);
            progress.phase("printing");
            String report = json ? JsonReport.format(derivatives, values, hessians)
                                 : TextReport.format(derivatives, args.hessian, values, hessians, point);
            progress.close();
            out.print(report);
            return ExitCode.OK;
        } catch (DeriveException e) {
            err.println(ErrorReport.format(e, shownText));
            return ExitCode.DATA;
        } catch (UsageException e) {
            err.println("derive: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (ModelCommand.BadData e) {
            err.println("derive: " + e.getMessage());
            return ExitCode.DATA;
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

    /**
     * Whether the text may use arrays or sums: a '[', or a '(' then a name then a single '='
     * (a range's head). A cheap look, without a regular expression, before the text is parsed as
     * one or the other.
     */
    static boolean looksIndexed(String text) {
        if (text.indexOf('[') >= 0) return true;
        for (int p = text.indexOf('('); p >= 0; p = text.indexOf('(', p + 1)) {
            int k = p + 1;
            while (k < text.length() && Character.isWhitespace(text.charAt(k))) k++;
            int name = k;
            while (k < text.length() && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) k++;
            if (k == name) continue;
            while (k < text.length() && Character.isWhitespace(text.charAt(k))) k++;
            if (k < text.length() && text.charAt(k) == '=' && (k + 1 == text.length() || text.charAt(k + 1) != '=')) {
                return true;
            }
        }
        return false;
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
    private String readSource(String source, String fileName) throws IOException {
        if ((source == null) == (fileName == null)) {
            throw new UsageException(source == null
                    ? "no SOURCE given: pass a formula, '-' for standard input, or -f FILE"
                    : "give either SOURCE or -f FILE, not both");
        }
        if (fileName == null && !source.equals("-")) {
            shownText = SourceText.normalize(source);
            return shownText;
        }
        byte[] bytes = fileName == null ? in.readAllBytes() : Files.readAllBytes(file(fileName));
        shownText = SourceText.decodeLossily(bytes);
        return SourceText.decode(bytes);
    }

    /** The file to read the source from: a usage error if the name is none, 66 if it is a directory. */
    private static Path file(String name) throws NoSuchFileException {
        if (name.isEmpty()) throw new UsageException("-f: the file name is empty");
        Path file;
        try {
            file = Path.of(name);
        } catch (InvalidPathException e) {
            throw new UsageException("-f: '" + SourceText.visible(name) + "' is not a file name (" + e.getReason() + ")");
        }
        if (Files.isDirectory(file)) throw new NoSuchFileException(name, null, "it is a directory");
        return file;
    }

    private static Derivatives derivatives(Formula formula, List<String> wrt, Mode mode) {
        try {
            return formula.derivatives(wrt, mode);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--wrt: " + e.getMessage());
        }
    }

    private static Mode mode(String name) {
        if (name == null) return Mode.AUTO;
        return switch (name) {
            case "forward" -> Mode.FORWARD;
            case "reverse" -> Mode.REVERSE;
            case "auto" -> Mode.AUTO;
            default -> throw new UsageException("--mode: expected forward, reverse or auto, got '" + name + "'");
        };
    }

    /**
     * The outputs, then each output's partials, at {@code point}: one call of the compiled
     * gradient, or of the compiled Jacobian for several outputs.
     */
    private static double[] evaluate(Derivatives derivatives, Point point) {
        double[] x = inputs(derivatives, point);
        int m = derivatives.outputs().size();
        int n = derivatives.variables().size();
        double[] values = new double[m + m * n];
        double[] partials = new double[m * n];
        if (m == 1) {
            values[0] = derivatives.compile().valueAndGradient(x, partials);
        } else {
            double[] y = new double[m];
            derivatives.compileJacobian().jacobian(x, y, partials);
            System.arraycopy(y, 0, values, 0, m);
        }
        System.arraycopy(partials, 0, values, m, partials.length);
        return values;
    }

    /** The point as the formula's input array. */
    private static double[] inputs(Derivatives derivatives, Point point) {
        List<String> inputs = derivatives.formula().variables();
        double[] x = new double[inputs.size()];
        for (int i = 0; i < x.length; i++) x[i] = point.values().get(inputs.get(i));
        return x;
    }

    /**
     * Each output's Hessian at {@code point}, row-major: the compiled Hessian for one output,
     * the compiled weighted Hessian with one output weighted at a time for several.
     */
    private static double[][] hessians(Derivatives derivatives, Point point) {
        double[] x = inputs(derivatives, point);
        int m = derivatives.outputs().size();
        int n = derivatives.variables().size();
        double[][] hessians = new double[m][n * n];
        if (m == 1) {
            derivatives.compileHessian().hessian(x, new double[n], hessians[0]);
            return hessians;
        }
        CompiledWeightedHessian weighted = derivatives.compileWeightedHessian();
        int[] rows = weighted.sparseRows();
        int[] columns = weighted.sparseColumns();
        double[] nonzeros = new double[rows.length];
        for (int i = 0; i < m; i++) {
            double[] weights = new double[m];
            weights[i] = 1;
            weighted.sparseHessian(x, weights, nonzeros);
            for (int k = 0; k < rows.length; k++) {
                hessians[i][rows[k] * n + columns[k]] = nonzeros[k];
                hessians[i][columns[k] * n + rows[k]] = nonzeros[k];
            }
        }
        return hessians;
    }

    private Point point(Formula formula, List<String> at) {
        Point point = Point.parse(at);
        List<String> inputs = formula.variables();
        for (String name : point.values().keySet()) {
            if (!inputs.contains(name)) {
                err.println("derive: warning: --at gives a value for '" + name
                        + "', which is not a variable of the source; it is ignored");
            }
        }
        for (String name : inputs) {
            if (!point.values().containsKey(name)) {
                throw new UsageException("--at gives no value for the variable '" + name + "'");
            }
        }
        return point;
    }
}
