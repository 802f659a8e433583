package examples;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Logistic regression by gradient descent on Fisher's Iris data. The loss is a model with
 * sums over the rows and the features, compiled once; the data is bound at each call, so the
 * same compiled loss learns versicolor against virginica, then setosa against versicolor.
 *
 * <pre>samples/run LogisticRegression</pre>
 */
public class LogisticRegression {
    /** The mean over the rows of log(1 + exp(-y*(w.x + b))); X (m×d) and y are data. */
    public static final String LOSS = "sum(i = 0 .. m-1, log1p(exp(-y[i]*(sum(j = 0 .. d-1, w[j]*X[i,j]) + b)))) / m";

    /** The loss after each epoch, and the final share of rows classified right. */
    public record Result(double[] losses, double accuracy) {}

    public static void main(String[] args) throws IOException {
        CompiledModel loss = Model.parse(LOSS).compile("w", "b");
        System.out.println("compiled once: " + LOSS + ", with respect to " + loss.wrt());
        train(loss, Path.of("samples/data/iris.csv"), "versicolor", "virginica", 100, 1.0);
        train(loss, Path.of("samples/data/iris.csv"), "setosa", "versicolor", 20, 1.0);
    }

    /** Learns to tell {@code positive} rows from {@code negative} ones, with the compiled loss. */
    public static Result train(CompiledModel loss, Path csv, String negative, String positive, int epochs,
                               double learningRate) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {   // after the header
            String[] cells = line.split(",");
            if (!cells[4].equals(negative) && !cells[4].equals(positive)) continue;
            rows.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1]),
                    Double.parseDouble(cells[2]), Double.parseDouble(cells[3])});
            labels.add(cells[4].equals(positive) ? 1.0 : -1.0);
        }
        standardize(rows);
        double[][] X = rows.toArray(double[][]::new);
        double[] y = labels.stream().mapToDouble(Double::doubleValue).toArray();
        double[] w = new double[X[0].length];
        double b = 0;
        Bindings data = loss.bind().matrix("X", X).array("y", y).array("w", w).scalar("b", b);
        CompiledModel.Gradient gradient = loss.newGradient(data);
        System.out.printf("%s against %s: %d rows, m = %d, d = %d%n", positive, negative, X.length,
                loss.size(data, "m"), loss.size(data, "d"));
        double[] losses = new double[epochs];
        double accuracy = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            losses[epoch - 1] = loss.valueAndGradient(data, gradient);
            accuracy = accuracy(w, b, X, y);
            if (epoch % 10 == 0 || epoch == 1) {
                String bar = "#".repeat(20 * epoch / epochs) + ".".repeat(20 - 20 * epoch / epochs);
                System.out.printf("epoch %3d/%d [%s] loss %.4f  accuracy %.1f%%%n",
                        epoch, epochs, bar, losses[epoch - 1], 100 * accuracy);
            }
            for (int j = 0; j < w.length; j++) w[j] -= learningRate * gradient.array("w")[j];  // w is bound: updated in place
            b -= learningRate * gradient.scalar("b");
            data.scalar("b", b);
        }
        System.out.printf("w = %.3f %.3f %.3f %.3f, b = %.3f%n", w[0], w[1], w[2], w[3], b);
        return new Result(losses, accuracy);
    }

    /** The share of rows classified right: positive where w.x + b > 0. */
    static double accuracy(double[] w, double b, double[][] X, double[] y) {
        int right = 0;
        for (int i = 0; i < X.length; i++) {
            double z = b;
            for (int j = 0; j < w.length; j++) z += w[j] * X[i][j];
            if ((z > 0 ? 1 : -1) == y[i]) right++;
        }
        return (double) right / X.length;
    }

    /** Scales each column to mean 0 and standard deviation 1, so one learning rate suits all. */
    static void standardize(List<double[]> x) {
        for (int j = 0; j < 4; j++) {
            double sum = 0, squares = 0;
            for (double[] r : x) sum += r[j];
            double mean = sum / x.size();
            for (double[] r : x) squares += (r[j] - mean) * (r[j] - mean);
            double sd = Math.sqrt(squares / x.size());
            for (double[] r : x) r[j] = (r[j] - mean) / sd;
        }
    }
}
