package examples;

import dev.derive.Derive;
import java.util.function.DoubleUnaryOperator;

/**
 * Newton's method with derivatives from derive: roots of x^2 - 2 and cos(x) - x, and the
 * minimum of a quartic.
 *
 * <pre>samples/run Newton</pre>
 */
public class Newton {
    public static void main(String[] args) {
        root("x^2 - 2", 1.0);      // sqrt(2) = 1.4142135623730951
        root("cos(x) - x", 1.0);   // the Dottie number, where cos(x) = x
        minimum("x^4 - 3*x^3 + 2", 3.0);
    }

    /** A root of the source's function, by Newton's method from {@code x}. */
    public static double root(String source, double x) {
        DoubleUnaryOperator f = Derive.compile(source);
        DoubleUnaryOperator df = Derive.derivative(source);
        System.out.println("root of " + source + ", from x = " + x);
        for (int step = 1; step <= 50; step++) {
            double change = f.applyAsDouble(x) / df.applyAsDouble(x);
            x -= change;
            System.out.println("  step " + step + ": x = " + x);
            if (Math.abs(change) <= 1e-15 * Math.abs(x)) break;   // as close as doubles get
        }
        System.out.println("  f(x) = " + f.applyAsDouble(x));
        return x;
    }

    /**
     * A minimum of the source's function: Newton's method on its derivative g, with g' from
     * derive too: {@code derivativeSource} gives g as text, which differentiates again. The
     * point where g = 0 is a minimum when g' > 0 there (x = 0, where g' = 0, is not one).
     */
    public static double minimum(String source, double x) {
        DoubleUnaryOperator f = Derive.compile(source);
        String firstDerivative = Derive.derivativeSource(source, "x");
        DoubleUnaryOperator g = Derive.compile(firstDerivative);
        DoubleUnaryOperator dg = Derive.derivative(firstDerivative);
        System.out.println("minimum of " + source + ", from x = " + x + "; f'(x) = " + firstDerivative);
        for (int step = 1; step <= 50; step++) {
            double change = g.applyAsDouble(x) / dg.applyAsDouble(x);
            x -= change;
            System.out.println("  step " + step + ": x = " + x);
            if (Math.abs(change) <= 1e-15 * Math.abs(x)) break;
        }
        System.out.println("  f(x) = " + f.applyAsDouble(x) + ", f'(x) = " + g.applyAsDouble(x)
                + ", f''(x) = " + dg.applyAsDouble(x));
        return x;
    }
}
