package dev.derive.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole suite: the one-off metrics of every problem (each in a fresh JVM, which also checks
 * every method against the hand-written Java), then JMH for every method on every problem it
 * can run on, then {@code BENCHMARKS.md}. Started by {@code bench/run}.
 * Usage: {@code RunAll --quick|--full --jar JAR --out FILE --results DIR --command TEXT}
 */
public final class RunAll {
    private RunAll() {}

    public static void main(String[] args) throws Exception {
        boolean quick = true;
        String jar = null, out = "BENCHMARKS.md", results = "target", command = "bench/run";
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--full" -> quick = false;
                case "--jar" -> jar = args[++i];
                case "--out" -> out = args[++i];
                case "--results" -> results = args[++i];
                case "--command" -> command = args[++i];
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>(quick ? Problems.QUICK : Problems.ALL);
        if (only != null) problems.retainAll(List.of(only.split(",")));
        Files.createDirectories(Path.of(results));

        Map<String, Map<String, String>> metrics = new LinkedHashMap<>();
        for (String name : problems) {
            System.out.println("# metrics and checks: " + name);
            metrics.put(name, metrics(jar, Metrics.class.getName(), name));
        }

        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>(); // method -> problem -> {score, error}
        for (String method : Plan.METHODS) {
            List<String> feasible = new ArrayList<>();
            for (String name : problems) {
                if (Plan.notRun(method, Problems.byName(name)) == null) feasible.add(name);
            }
            scores.put(method, measure(Bench.class, method, feasible, quick, results));
        }
        List<String> jacobians = quick ? SecondOrderProblems.JACOBIANS_QUICK : SecondOrderProblems.JACOBIANS;
        List<String> hessians = quick ? SecondOrderProblems.HESSIANS_QUICK : SecondOrderProblems.HESSIANS;
        Map<String, Map<String, double[]>> secondScores = new LinkedHashMap<>();
        if (only == null) {
            for (String method : DerivativeBench.METHODS) {
                List<String> feasible = new ArrayList<>();
                for (String name : method.startsWith("jacobian") ? jacobians : hessians) {
                    if (DerivativeBench.notRun(method, name) == null) feasible.add(name);
                }
                secondScores.put(method, measure(DerivativeBench.class, method, feasible, quick, results));
            }
        }
        List<String> models = quick ? ModelBench.QUICK : ModelBench.PROBLEMS;
        Map<String, Map<String, double[]>> modelScores = new LinkedHashMap<>();
        Map<String, String> modelMetrics = null;
        if (only == null) {
            System.out.println("# compile times of models with sums");
            modelMetrics = metrics(jar, ModelMetrics.class.getName(), null);
            for (String method : ModelBench.METHODS) {
                modelScores.put(method, measure(ModelBench.class, method, models, quick, results));
            }
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        String md = Report.markdown(quick, command, problems, metrics, scores, minutes, quick ? QUICK_SETTINGS : FULL_SETTINGS,
                SecondOrderReport.markdown(jacobians, hessians, secondScores)
                        + (only == null ? ModelReport.markdown(models, modelScores, modelMetrics) : ""));
        Files.writeString(Path.of(out), md, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "# wrote %s (%.1f minutes)%n", out, minutes);
    }

    /** JMH's score and error for each problem {@code method} of {@code benchmark} ran on, by problem. */
    static Map<String, double[]> measure(Class<?> benchmark, String method, List<String> problems, boolean quick,
                                         String results) {
        Map<String, double[]> byProblem = new LinkedHashMap<>();
        if (problems.isEmpty()) return byProblem;
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\." + method + "$")
                .param("problem", problems.toArray(String[]::new))
                .jvmArgs("-Xmx4g")
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON)
                .result(Path.of(results, "jmh-" + benchmark.getSimpleName() + "-" + method + ".json").toString());
        if (quick) {
            o.forks(1).warmupIterations(2).warmupTime(TimeValue.milliseconds(400))
             .measurementIterations(3).measurementTime(TimeValue.milliseconds(400));
        } else {
            o.forks(1).warmupIterations(5).warmupTime(TimeValue.seconds(1))
             .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> runs;
        try {
            runs = new Runner(o.build()).run();
        } catch (RunnerException e) {
            System.err.println("JMH failed for " + method + ": " + e);
            return byProblem;
        }
        for (RunResult r : runs) {
            byProblem.put(r.getParams().getParam("problem"), new double[] {
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }
        return byProblem;
    }

    static final String QUICK_SETTINGS = "quick: 1 fork, 2 warm-up iterations x 0.4 s, 3 measured x 0.4 s";
    static final String FULL_SETTINGS = "full: 1 fork, 5 warm-up iterations x 1 s, 5 measured x 1 s";

    /** Runs {@link Metrics} for one problem in a fresh JVM; stops the run if it fails. */
    static Map<String, String> metrics(String jar, String main, String name) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx4g", "-cp", jar, main));
        if (name != null) command.add(name);
        Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0) values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if (!proc.waitFor(1, TimeUnit.HOURS) || proc.exitValue() != 0) {
            System.err.print(all);
            throw new IllegalStateException("metrics or checks failed for " + name + "; stopping");
        }
        System.out.print(all);
        return values;
    }

    /** nproc, the CPU model, the JDK. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        String memory = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    memory = ", " + Math.round(kb / 1e6) + " GB RAM";
                    break;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpu + memory
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")";
    }

    static String date() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }
}
