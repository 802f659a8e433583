package examples;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import java.util.Random;

/**
 * A least-squares fit with sums inside sums: y ≈ Σ_k c[k]·exp(-g·(t - mu[k])²), a curve made
 * of K bumps whose heights c and centres mu are both learned, over m noisy samples of
 * sin(t)·exp(-t/4). The loss sums over the data of a sum over the bumps; derive compiles it
 * once, and its gradient with respect to the arrays c and mu drives Adam.
 *
 * <pre>samples/run RadialBasisFit</pre>
 */
public class RadialBasisFit {
    static final String LOSS =
            "sum(i = 0 .. m-1, (sum(k = 0 .. K-1, c[k]*exp(-g*(t[i] - mu[k])^2)) - y[i])^2) / m";

    public static void main(String[] args) {
        fit(new Random(5), 400, 8, 1500);
    }

    /** The losses before and after, and the root-mean-square error against the noiseless curve. */
    public record Result(double first, double last, double rmsError) {}

    public static Result fit(Random random, int m, int bumps, int steps) {
        double[] t = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            t[i] = 10.0 * i / (m - 1);
            y[i] = curve(t[i]) + 0.05 * random.nextGaussian();
        }
        double[] c = new double[bumps];
        double[] mu = new double[bumps];
        for (int k = 0; k < bumps; k++) mu[k] = 10.0 * (k + 0.5) / bumps;
        CompiledModel loss = Model.parse(LOSS).compile("c", "mu");
        Bindings data = loss.bind().array("t", t).array("y", y).array("c", c).array("mu", mu).scalar("g", 0.5);
        CompiledModel.Gradient gradient = loss.newGradient(data);
        System.out.printf("%d samples, %d bumps: the loss is %s, with respect to %s%n", m, bumps, LOSS, loss.wrt());
        Adam adam = new Adam(2 * bumps, 0.05);
        double first = Double.NaN;
        double last = Double.NaN;
        double[] parameters = new double[2 * bumps];
        double[] g = new double[2 * bumps];
        for (int step = 0; step <= steps; step++) {
            last = loss.valueAndGradient(data, gradient);
            if (step == 0) first = last;
            if (step % 250 == 0) System.out.printf("step %4d: loss %.6f%n", step, last);
            System.arraycopy(c, 0, parameters, 0, bumps);
            System.arraycopy(mu, 0, parameters, bumps, bumps);
            System.arraycopy(gradient.array("c"), 0, g, 0, bumps);
            System.arraycopy(gradient.array("mu"), 0, g, bumps, bumps);
            adam.step(parameters, g);
            System.arraycopy(parameters, 0, c, 0, bumps);   // c and mu are bound: updated in place
            System.arraycopy(parameters, bumps, mu, 0, bumps);
        }
        double squares = 0;
        for (int i = 0; i < m; i++) {
            double fitted = 0;
            for (int k = 0; k < bumps; k++) fitted += c[k] * Math.exp(-0.5 * (t[i] - mu[k]) * (t[i] - mu[k]));
            squares += (fitted - curve(t[i])) * (fitted - curve(t[i]));
        }
        double rms = Math.sqrt(squares / m);
        System.out.printf("rms error against the noiseless curve: %.4f (the noise is 0.05)%n", rms);
        return new Result(first, last, rms);
    }

    static double curve(double t) {
        return Math.sin(t) * Math.exp(-t / 4);
    }

    /** Adam: gradient descent with running means of the gradient and its square. */
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
            for (int k = 0; k < x.length; k++) {
                mean[k] = 0.9 * mean[k] + 0.1 * g[k];
                square[k] = 0.999 * square[k] + 0.001 * g[k] * g[k];
                double m = mean[k] / (1 - Math.pow(0.9, steps));
                double v = square[k] / (1 - Math.pow(0.999, steps));
                x[k] -= rate * m / (Math.sqrt(v) + 1e-8);
            }
        }
    }
}
