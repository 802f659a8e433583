package examples;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import java.util.Arrays;
import java.util.Random;

/**
 * A Gaussian mixture fitted by gradient descent on its negative log-likelihood, written with
 * logsumexp: each sample's likelihood is a sum over K components of weight × density, whose log
 * is a logsumexp of log-weight − (t − mu)²/2; the log-weights are normalized by a logsumexp of
 * their own (the softmax of a). derive compiles the loss once, for any number of samples and
 * components, and its gradient with respect to a and mu drives Adam. The data are 1500 samples
 * from three unit Gaussians at −3, 0 and 4, in proportions 1 : 2 : 3.
 *
 * <pre>samples/run GaussianMixture</pre>
 */
public class GaussianMixture {
    static final String LOSS = "-sum(i = 0 .. m-1, logsumexp(k = 0 .. K-1,"
            + " a[k] - logsumexp(j = 0 .. K-1, a[j]) - (t[i] - mu[k])^2/2)) / m";

    public static void main(String[] args) {
        fit(new Random(5), 1500, 3, 400);
    }

    /** The losses before and after, the means found (in increasing order) and the weights. */
    public record Result(double first, double last, double[] means, double[] weights) {}

    public static Result fit(Random random, int m, int components, int steps) {
        double[] centres = {-3, 0, 4};
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            int k = i % 6 == 0 ? 0 : i % 6 < 3 ? 1 : 2;   // proportions 1 : 2 : 3
            t[i] = centres[k] + random.nextGaussian();
        }
        double[] a = new double[components];
        double[] mu = new double[components];
        for (int k = 0; k < components; k++) mu[k] = -1 + 2.0 * k / Math.max(1, components - 1);
        CompiledModel loss = Model.parse(LOSS).compile("a", "mu");
        Bindings data = loss.bind().array("t", t).array("a", a).array("mu", mu);
        CompiledModel.Gradient gradient = loss.newGradient(data);
        System.out.printf("%d samples, %d components: the loss is %s%n", m, components, LOSS);
        Adam adam = new Adam(2 * components, 0.05);
        double[] parameters = new double[2 * components];
        double[] g = new double[2 * components];
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step <= steps; step++) {
            last = loss.valueAndGradient(data, gradient);
            if (step == 0) first = last;
            if (step % 100 == 0) System.out.printf("step %3d: loss %.6f, means %s%n", step, last, Arrays.toString(mu));
            System.arraycopy(a, 0, parameters, 0, components);
            System.arraycopy(mu, 0, parameters, components, components);
            System.arraycopy(gradient.array("a"), 0, g, 0, components);
            System.arraycopy(gradient.array("mu"), 0, g, components, components);
            adam.step(parameters, g);
            System.arraycopy(parameters, 0, a, 0, components);   // a and mu are bound: updated in place
            System.arraycopy(parameters, components, mu, 0, components);
        }
        double top = Arrays.stream(a).max().orElse(0);
        double total = Arrays.stream(a).map(v -> Math.exp(v - top)).sum();
        Integer[] order = new Integer[components];
        for (int k = 0; k < components; k++) order[k] = k;
        Arrays.sort(order, (x, y) -> Double.compare(mu[x], mu[y]));
        double[] means = new double[components];
        double[] weights = new double[components];
        for (int k = 0; k < components; k++) {
            means[k] = mu[order[k]];
            weights[k] = Math.exp(a[order[k]] - top) / total;
        }
        System.out.printf("means %s, weights %s (the data's: -3, 0, 4 and 1/6, 1/3, 1/2)%n", Arrays.toString(means),
                Arrays.toString(weights));
        return new Result(first, last, means, weights);
    }

    /** Adam, as in RadialBasisFit (each sample is one file): steps scaled by running moments of the gradient. */
    static final class Adam {
        private final double[] mean;
        private final double[] square;
        private final double rate;
        private int steps;

        Adam(int n, double rate) {
            mean = new double[n];
            square = new double[n];
            this.rate = rate;
        }

        void step(double[] x, double[] g) {
            steps++;
            double meanScale = 1 / (1 - Math.pow(0.9, steps));
            double squareScale = 1 / (1 - Math.pow(0.999, steps));
            for (int k = 0; k < x.length; k++) {
                mean[k] = 0.9 * mean[k] + 0.1 * g[k];
                square[k] = 0.999 * square[k] + 0.001 * g[k] * g[k];
                x[k] -= rate * mean[k] * meanScale / (Math.sqrt(square[k] * squareScale) + 1e-8);
            }
        }
    }
}
