package dev.derive;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The operations of each test function's Jacobian, with the function's, divided by the
 * function's alone: built by forward mode, by reverse mode, and as derive ships it (auto). Not
 * a unit test; run it by hand:
 * {@code java -cp target/derive.jar:target/test-classes dev.derive.JacobianCounts}
 */
public final class JacobianCounts {
    private JacobianCounts() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> functions = new LinkedHashMap<>();
        functions.put("seed e = (a+b)*(b+1)", "c = a + b; d = b + 1; e = c*d");
        functions.put("sigmoid neuron", "1/(1 + exp(-(w0*x0 + w1*x1 + w2)))");
        functions.put("2-3-1 tanh network loss (samples/mlp.derive)", Files.readString(Path.of("samples/mlp.derive")));
        functions.put("product of 20", IntStream.range(0, 20).mapToObj(i -> "x" + i).collect(Collectors.joining("*")));
        functions.put("two outputs, two inputs", "c = a + b; d = b + 1; c*d, c/d");
        functions.put("tall: 1 input, 6 outputs", "u = sin(x)*cos(x)\nu, u^2, exp(u), u/2, sqrt(u^2 + 1), tanh(u)");
        functions.put("3 outputs of a 4-input layer", "h1 = tanh(a + 2*b - c)\nh2 = tanh(b - d + a*c)\n"
                + "h1 + h2, h1*h2, h1 - 3*h2");
        functions.put("Rosenbrock residuals, n = 100 (198 outputs)", "x0*0\n" + IntStream.range(0, 99)
                .mapToObj(i -> "10*(x" + (i + 1) + " - x" + i + "^2), 1 - x" + i).collect(Collectors.joining(", ")));
        System.out.println("| function | outputs × inputs | function ops | forward / function | reverse / function | derive ships |");
        System.out.println("|---|---|---:|---:|---:|---|");
        for (Map.Entry<String, String> f : functions.entrySet()) {
            Formula formula = Formula.parse(f.getValue());
            int m = formula.outputs().size();
            int n = formula.variables().size();
            int forward = Formula.parse(f.getValue()).derivatives(null, Mode.FORWARD).operations()[1];
            int reverse = Formula.parse(f.getValue()).derivatives(null, Mode.REVERSE).operations()[1];
            Derivatives auto = formula.derivatives();
            int[] ops = auto.operations();
            System.out.printf("| %s | %d × %d | %d | %.2f | %.2f | %s, %.2f |%n", f.getKey(), m, n, ops[0],
                    forward / (double) ops[0], reverse / (double) ops[0], auto.mode().name().toLowerCase(),
                    ops[1] / (double) ops[0]);
        }
    }
}
