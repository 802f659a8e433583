package dev.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Forward mode on models ({@link Model#tangent}): the directional derivative equals the
 * gradient dotted with the direction, and agrees with central differences along it; the
 * tangent model's gradient is the Hessian times the direction (extended Rosenbrock's, whose
 * Hessian is tridiagonal, written out by hand); compiled code equals the interpreter.
 */
class TangentTest {
    static final List<String> MODELS = List.of(
            "sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
            "sum(i = 0 .. n-1, log1p(exp(-y[i]*(x[i]*a + b)))) / n",
            "prod(i = 0 .. n-1, x[i] - 0.5) + max(i = 0 .. n-1, x[i]*a) - min(i = 0 .. n-1, x[i])",
            "logsumexp(i = 0 .. n-1, x[i]*a) + sum(i = 0 .. n-1, x[i]/sum(j = 0 .. n-1, x[j]^2 + b))",
            "sum(i = 0 .. n-1, if(i > 0, x[i-1]*x[i], a*x[i])) + sum(i = 0 .. n-1, sum(j = 0 .. i, x[i]*x[j]*b))");

    @Test
    void directionalDerivativesAreTheGradientAlongTheDirection() {
        Random r = new Random(9);
        for (String source : MODELS) {
            Model model = Model.parse(source);
            List<String> inputs = new java.util.ArrayList<>(List.of("x"));
            inputs.addAll(model.scalars());
            boolean hasA = inputs.contains("a");
            boolean hasB = inputs.contains("b");
            for (int n : new int[] {1, 7, 2500}) {
                double[] x = r.doubles(n, 0.2, 1.4).toArray();
                double[] y = r.doubles(n, -1, 1).toArray();
                double[] v = r.doubles(n, -1, 1).toArray();
                double a = 0.3 + r.nextDouble();
                double b = 0.2 + r.nextDouble();
                double va = r.nextDouble() - 0.5;
                double vb = r.nextDouble() - 0.5;
                CompiledModel f = model.compile(inputs, Model.Tuning.standard());
                Bindings at = f.bind().array("x", x);
                if (model.arrays().contains("y")) at.array("y", y);
                if (hasA) at.scalar("a", a);
                if (hasB) at.scalar("b", b);
                CompiledModel.Gradient g = f.newGradient(at);
                f.valueAndGradient(at, g);
                double along = 0;
                for (int k = 0; k < n; k++) along += g.array("x")[k] * v[k];
                if (hasA) along += g.scalar("a") * va;
                if (hasB) along += g.scalar("b") * vb;

                Model tangent = model.tangent(inputs.toArray(String[]::new));
                CompiledModel t = tangent.compile(List.of(), Model.Tuning.standard());
                Bindings tb = t.bind().array("x", x).array(tangent.direction("x"), v);
                if (model.arrays().contains("y")) tb.array("y", y);
                if (hasA) tb.scalar("a", a).scalar(tangent.direction("a"), va);
                if (hasB) tb.scalar("b", b).scalar(tangent.direction("b"), vb);
                double jvp = t.value(tb);
                String what = source + ", n = " + n;
                assertEquals(along, jvp, 1e-9 * Math.max(1, Math.abs(along)), what);
                assertEquals(Double.doubleToLongBits(t.interpretValue(tb)), Double.doubleToLongBits(jvp), what);
            }
        }
    }

    @Test
    void theTangentsGradientIsTheHessianTimesTheDirection() {
        Model rosenbrock = Model.parse(MODELS.get(0));
        CompiledModel hv = rosenbrock.tangent("x").compile("x");
        Random r = new Random(3);
        int n = 1000;
        double[] x = r.doubles(n, -1.5, 1.5).toArray();
        double[] v = r.doubles(n, -1, 1).toArray();
        Bindings b = hv.bind().array("x", x).array("dx", v);
        CompiledModel.Gradient g = hv.newGradient(b);
        hv.valueAndGradient(b, g);
        for (int k = 0; k < n; k++) {
            // the tridiagonal Hessian of sum 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2, row k, times v
            double diagonal = k < n - 1 ? 1200 * x[k] * x[k] - 400 * x[k + 1] + 2 : 0;
            if (k > 0) diagonal += 200;
            double hvk = diagonal * v[k];
            if (k < n - 1) hvk += -400 * x[k] * v[k + 1];
            if (k > 0) hvk += -400 * x[k - 1] * v[k - 1];
            assertEquals(hvk, g.array("x")[k], 1e-9 * Math.max(1, Math.abs(hvk)), "(Hv)" + k);
        }
        ModelTest.agreesWithInterpreter(hv, b);
    }

    @Test
    void directionsAreNamedApart() {
        Model m = Model.parse("sum(i = 0 .. n-1, x[i]*dx[i]) + a*da");
        Model t = m.tangent("x", "a");
        assertEquals("dx1", t.direction("x"));
        assertEquals("da1", t.direction("a"));
        assertTrue(t.arrays().contains("dx1") && t.scalars().contains("da1"), t.arrays() + " " + t.scalars());
        assertThrows(IllegalArgumentException.class, () -> m.tangent("n"));
        assertThrows(IllegalArgumentException.class, () -> m.tangent("x", "x"));
    }
}
