package examples;

import dev.derive.CompiledGradient;
import dev.derive.Derive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Logistic regression by gradient descent: Iris versicolor against Iris virginica from their
 * four measurements. The loss over the whole data set is one formula, compiled once with its
 * gradient.
 *
 * <pre>samples/run LogisticRegression</pre>
 */
public class LogisticRegression {
    /** The loss after each epoch, and the final share of rows classified right. */
    public record Result(double[] losses, double accuracy) {}

    public static void main(String[] args) throws IOException {
        train(Path.of("samples/data/iris.csv"), 100, 1.0);
    }

    public static Result train(Path csv, int epochs, double learningRate) throws IOException {
        // Rows of four features x and a label y: -1 for versicolor, +1 for virginica.
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {   // after the header
            String[] cells = line.split(",");
            if (cells[4].equals("setosa")) continue;
            x.add(new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1]),
                    Double.parseDouble(cells[2]), Double.parseDouble(cells[3])});
            y.add(cells[4].equals("virginica") ? 1 : -1);
        }
        standardize(x);

        // The mean over the rows of log(1 + exp(-y*(w.x + b))), written out as text.
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            double[] r = x.get(i);
            String z = "w1*" + r[0] + " + w2*" + r[1] + " + w3*" + r[2] + " + w4*" + r[3] + " + b";
            terms.add("log1p(exp(" + (y.get(i) > 0 ? "-" : "") + "(" + z + ")))");
        }
        String loss = "(" + String.join("\n + ", terms) + ") / " + x.size();
        CompiledGradient f = Derive.gradient(loss);
        System.out.println("loss over " + x.size() + " rows, variables " + f.variables());

        double[] w = new double[5];   // w1..w4 and b, in the order they appear in the loss
        double[] gradient = new double[5];
        double[] losses = new double[epochs];
        double accuracy = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            losses[epoch - 1] = f.valueAndGradient(w, gradient);
            accuracy = accuracy(w, x, y);
            if (epoch % 10 == 0 || epoch == 1) {
                String bar = "#".repeat(20 * epoch / epochs) + ".".repeat(20 - 20 * epoch / epochs);
                System.out.printf("epoch %3d/%d [%s] loss %.4f  accuracy %.1f%%%n",
                        epoch, epochs, bar, losses[epoch - 1], 100 * accuracy);
            }
            for (int j = 0; j < w.length; j++) w[j] -= learningRate * gradient[j];
        }
        System.out.printf("w = %.3f %.3f %.3f %.3f, b = %.3f%n", w[0], w[1], w[2], w[3], w[4]);
        return new Result(losses, accuracy);
    }

    /** The share of rows classified right: virginica where w.x + b > 0, versicolor elsewhere. */
    static double accuracy(double[] w, List<double[]> x, List<Integer> y) {
        int right = 0;
        for (int i = 0; i < x.size(); i++) {
            double[] r = x.get(i);
            double z = w[0] * r[0] + w[1] * r[1] + w[2] * r[2] + w[3] * r[3] + w[4];
            if ((z > 0 ? 1 : -1) == y.get(i)) right++;
        }
        return (double) right / x.size();
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
