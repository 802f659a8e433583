package examples;

import dev.derive.CompiledFunction;
import dev.derive.CompiledGradient;
import dev.derive.Derive;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A 2-4-1 neural network with tanh learns XOR. The network is written as scalar formulas,
 * the loss over the four examples is compiled once with its gradient, and plain gradient
 * descent trains it.
 *
 * <pre>samples/run Xor</pre>
 */
public class Xor {
    static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final double[] TARGETS = {0, 1, 1, 0};

    public static void main(String[] args) {
        train(2000, 0.5, new Random(7));
    }

    /** The network's output for inputs x1 and x2 (numbers or names), as text. */
    static String network(String x1, String x2) {
        List<String> hidden = new ArrayList<>();
        for (int j = 1; j <= 4; j++) {
            hidden.add("v" + j + "*tanh(w" + j + "1*" + x1 + " + w" + j + "2*" + x2 + " + b" + j + ")");
        }
        return "sigmoid(" + String.join(" + ", hidden) + " + c)";
    }

    /** Trains the network and returns its outputs for the four inputs. */
    public static double[] train(int steps, double learningRate, Random random) {
        // Cross-entropy: -log(out) where the target is 1, -log(1 - out) where it is 0.
        List<String> terms = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            String out = network(String.valueOf(INPUTS[k][0]), String.valueOf(INPUTS[k][1]));
            terms.add(TARGETS[k] == 1 ? "-log(" + out + ")" : "-log(1 - " + out + ")");
        }
        // Parentheses around the sum, so that its line breaks do not end the statement.
        CompiledGradient loss = Derive.gradient("(" + String.join("\n + ", terms) + ")");
        List<String> parameters = loss.variables();
        System.out.println(parameters.size() + " parameters: " + parameters);

        double[] p = new double[parameters.size()];
        for (int i = 0; i < p.length; i++) p[i] = random.nextGaussian();
        double[] gradient = new double[p.length];
        for (int step = 0; step <= steps; step++) {
            double value = loss.valueAndGradient(p, gradient);
            if (step % 250 == 0) System.out.printf("step %4d  loss %.6f%n", step, value);
            for (int i = 0; i < p.length; i++) p[i] -= learningRate * gradient[i];
        }

        // The trained network as a function of x1 and x2 and the parameters, found by name.
        CompiledFunction net = Derive.function(network("x1", "x2"));
        double[] outputs = new double[4];
        for (int k = 0; k < 4; k++) {
            double[] at = new double[net.variables().size()];
            for (int i = 0; i < at.length; i++) {
                String name = net.variables().get(i);
                at[i] = name.equals("x1") ? INPUTS[k][0]
                        : name.equals("x2") ? INPUTS[k][1]
                        : p[parameters.indexOf(name)];
            }
            outputs[k] = net.value(at);
            System.out.printf("%.0f xor %.0f = %.4f  (want %.0f)%n", INPUTS[k][0], INPUTS[k][1], outputs[k], TARGETS[k]);
        }
        return outputs;
    }
}
