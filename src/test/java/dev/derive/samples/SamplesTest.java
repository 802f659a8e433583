package dev.derive.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.CompiledModel;
import dev.derive.Model;
import dev.derive.cli.Main;
import examples.BroydenSystem;
import examples.CurveFit;
import examples.GaussianMixture;
import examples.LevenbergMarquardt;
import examples.LogisticRegression;
import examples.Newton;
import examples.ModelNewton;
import examples.RadialBasisFit;
import examples.SparseNewton;
import examples.Xor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every program in {@code samples/} and checks what it finds. Each {@code .derive} sample
 * carries the command that runs it ({@code # $ ./derive ...}) and, in the comment lines after
 * it, the output that command prints, which must be exact.
 */
class SamplesTest {
    private static final Path SAMPLES = Path.of("samples");

    @TestFactory
    Stream<DynamicTest> deriveFilesPrintWhatTheirCommentsSay() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SAMPLES)) {
            files = list.filter(f -> f.toString().endsWith(".derive")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "only " + files.size() + " .derive samples");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int command = 0;
        while (command < lines.size() && !lines.get(command).startsWith("# $ ./derive ")) command++;
        assertTrue(command < lines.size(), file + " has no '# $ ./derive ...' line");
        String[] args = lines.get(command).substring("# $ ./derive ".length()).trim().split("\\s+");
        StringBuilder expected = new StringBuilder();
        for (int i = command + 1; i < lines.size() && lines.get(i).startsWith("#"); i++) {
            expected.append(lines.get(i).replaceFirst("^# ?", "")).append('\n');
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertEquals("", err.toString());
        assertEquals(expected.toString(), out.toString().replace("\r\n", "\n"), file.toString());
    }

    /** samples/run compiles each sample alone (java's source-file mode), so none may lean on another. */
    @Test
    void eachSampleCompilesOnItsOwn() throws IOException, InterruptedException {
        StringBuilder classpath = new StringBuilder("target/classes");
        for (String property : new String[] {"java.class.path", "jdk.module.path"}) {
            for (String entry : System.getProperty(property, "").split(java.io.File.pathSeparator)) {
                if (entry.contains("hipparchus")) classpath.append(java.io.File.pathSeparator).append(entry);
            }
        }
        List<Path> sources;
        try (Stream<Path> list = Files.list(SAMPLES.resolve("examples"))) {
            sources = list.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        for (Path source : sources) {
            Path out = Files.createTempDirectory("sample");
            Process p = new ProcessBuilder(javac, "-proc:none", "-cp", classpath.toString(), "-d", out.toString(),
                    source.toString()).redirectErrorStream(true).start();
            String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), source + " does not compile on its own:\n" + printed);
        }
    }

    @Test
    void newtonFindsRootsAndMinimum() {
        Ran<double[]> ran = run(() -> new double[] {
                Newton.root("x^2 - 2", 1.0), Newton.root("cos(x) - x", 1.0), Newton.minimum("x^4 - 3*x^3 + 2", 3.0)});
        double[] found = ran.result();
        assertEquals(Math.sqrt(2), found[0], 1e-12);
        assertEquals(Math.cos(found[1]), found[1], 1e-12);   // the Dottie number: cos(x) = x
        assertEquals(0.7390851332151607, found[1], 1e-12);
        assertEquals(2.25, found[2], 1e-12);                 // x^2 (4x - 9) = 0 at x = 9/4
        assertTrue(ran.printed().contains("x = 1.41421356237309"), ran.printed());
    }

    @Test
    void logisticRegressionLearnsIris() {
        CompiledModel loss = Model.parse(LogisticRegression.LOSS).compile("w", "b");
        LogisticRegression.Result result = run(() -> {
            try {
                return LogisticRegression.train(loss, SAMPLES.resolve("data/iris.csv"), "versicolor", "virginica", 100, 1.0);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).result();
        double[] losses = result.losses();
        assertEquals(Math.log(2), losses[0], 1e-12);   // all weights start at zero
        for (int i = 1; i < losses.length; i++) {
            assertTrue(losses[i] < losses[i - 1], "loss rose at epoch " + (i + 1) + ": " + Arrays.toString(losses));
        }
        assertTrue(losses[losses.length - 1] < 0.1, "final loss " + losses[losses.length - 1]);
        assertTrue(result.accuracy() >= 0.95, "accuracy " + result.accuracy());
        // the same compiled loss, other data: setosa and versicolor are linearly separable
        LogisticRegression.Result other = run(() -> {
            try {
                return LogisticRegression.train(loss, SAMPLES.resolve("data/iris.csv"), "setosa", "versicolor", 20, 1.0);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).result();
        assertEquals(1.0, other.accuracy());
    }

    @Test
    void radialBasisFitLearnsTheCurve() {
        RadialBasisFit.Result fit = run(() -> RadialBasisFit.fit(new Random(5), 400, 8, 1500)).result();
        assertTrue(fit.first() > 0.05 && fit.last() < 0.004, fit.toString());
        assertTrue(fit.rmsError() < 0.04, "rms error " + fit.rmsError());
    }

    @Test
    void gaussianMixtureFindsTheComponents() {
        GaussianMixture.Result fit = run(() -> GaussianMixture.fit(new Random(5), 1500, 3, 400)).result();
        assertTrue(fit.last() < fit.first(), fit.toString());
        double[] means = {-3, 0, 4};
        double[] weights = {1 / 6.0, 1 / 3.0, 1 / 2.0};
        for (int k = 0; k < 3; k++) {
            assertEquals(means[k], fit.means()[k], 0.25, "mean " + k + ": " + Arrays.toString(fit.means()));
            assertEquals(weights[k], fit.weights()[k], 0.05, "weight " + k + ": " + Arrays.toString(fit.weights()));
        }
    }

    @Test
    void xorNetworkLearnsXor() {
        double[] outputs = run(() -> Xor.train(2000, 0.5, new Random(7))).result();
        assertTrue(outputs[0] < 0.05 && outputs[3] < 0.05, Arrays.toString(outputs));
        assertTrue(outputs[1] > 0.95 && outputs[2] > 0.95, Arrays.toString(outputs));
    }

    @Test
    void curveFitRecoversParameters() {
        double[] p = run(() -> CurveFit.fit(new Random(42))).result();
        assertEquals(2.5, p[0], 0.05);
        assertEquals(1.3, p[1], 0.05);
        assertEquals(0.5, p[2], 0.05);
    }

    @Test
    void levenbergMarquardtRecoversParameters() {
        Ran<double[]> fit = run(() -> LevenbergMarquardt.fit(new Random(11)));
        double[] made = {2, 0.3, 2.5, 0.4, 0.5};
        for (int i = 0; i < made.length; i++) assertEquals(made[i], fit.result()[i], 0.02, fit.printed());
        assertTrue(fit.printed().contains("60 residuals in [a, b, w, p, c]"), fit.printed());
    }

    @Test
    void sparseNewtonFindsTheMinimalSurface() {
        int m = 16;
        Ran<double[]> film = run(() -> SparseNewton.minimize(m));
        // each unknown couples with itself, its right and lower neighbours and one diagonal one
        int entries = m * m + 2 * m * (m - 1) + (m - 1) * (m - 1);
        assertTrue(film.printed().startsWith(m * m + " unknowns; the Hessian's lower triangle has " + entries + " nonzero"),
                film.printed());
        String[] lines = film.printed().split("\n");
        double gradient = Double.parseDouble(lines[lines.length - 1].replaceAll(".*\\|gradient\\| = ", ""));
        assertTrue(gradient < 1e-12, film.printed());
        assertTrue(lines.length < 30, "Newton should converge in a few steps:\n" + film.printed());
        // The wire x² − y² changes sign when x and y swap, and so does the unique film spanning it.
        double[] u = film.result();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) assertEquals(-u[j * m + i], u[i * m + j], 1e-9, i + ", " + j);
        }
        assertTrue(u[(m - 1) * m] > 0.3 && u[m - 1] < -0.3, Arrays.toString(u));
    }

    @Test
    void modelNewtonConvergesWithTheHessianItsTextImplies() {
        Ran<double[]> run = run(() -> ModelNewton.minimize(1000));
        assertTrue(run.printed().startsWith("the Hessian's entries, for every n: x[2*k + 1], x[2*k + 1] for k = 0 .. m - 1; "
                + "x[2*k + 1], x[2*k] for k = 0 .. m - 1; x[2*k], x[2*k] for k = 0 .. m - 1\n"
                + "n = 1,000: 1,500 entries in the lower triangle, 2 Hessian-vector products each"), run.printed());
        String[] lines = run.printed().split("\n");
        double gradient = Double.parseDouble(lines[lines.length - 1].replaceAll(".*\\|gradient\\| = ", ""));
        assertTrue(gradient < 1e-9, run.printed());
        assertTrue(lines.length < 40, "Newton should converge in a few dozen steps:\n" + run.printed());
        for (double x : run.result()) assertEquals(1, x, 1e-9);
    }

    @Test
    void broydenSystemSolvesWithTheJacobianItsTextImplies() {
        Ran<double[]> run = run(() -> BroydenSystem.solve(1000));
        assertTrue(run.printed().startsWith("the Jacobian's entries, for every n: r[k], x[k + 1] for k = 0 .. n - 1; "
                + "r[k], x[k - 1] for k = 0 .. n - 1; r[k], x[k] for k = 0 .. n - 1\n"
                + "n = 1,000: 2,998 entries, 3 Jacobian-vector products each"), run.printed());
        String[] lines = run.printed().split("\n");
        double residual = Double.parseDouble(lines[lines.length - 1].replaceAll(".*\\|r\\| = ", ""));
        assertTrue(residual < 1e-10, run.printed());
        assertTrue(lines.length < 12, "Newton should converge in a few steps:\n" + run.printed());
        double[] x = run.result();
        for (int k = 0; k < x.length; k++) {
            double r = (3 - 2 * x[k]) * x[k] - (k >= 1 ? x[k - 1] : 0) - 2 * (k + 1 < x.length ? x[k + 1] : 0) + 1;
            assertEquals(0, r, 1e-12, "r[" + k + "], by hand");
        }
    }

    record Ran<T>(T result, String printed) {}

    /** What the sample returns, and what it prints instead of printing it. */
    private static <T> Ran<T> run(Supplier<T> sample) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            T result = sample.get();
            return new Ran<>(result, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
    }
}
