package examples;

import dev.derive.CompiledJacobian;
import dev.derive.Formula;
import java.util.List;
import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * Hipparchus's Levenberg-Marquardt optimizer fitting a decaying oscillation,
 * y = a*exp(-b*t)*cos(w*t + p) + c, to 60 noisy points. derive compiles the 60 residuals as one
 * program of several outputs, and its compiled Jacobian is the model Hipparchus asks for.
 *
 * <pre>samples/run LevenbergMarquardt</pre>
 */
public class LevenbergMarquardt {
    public static void main(String[] args) {
        fit(new Random(11));
    }

    /** Fits a, b, w, p and c to points made from a = 2, b = 0.3, w = 2.5, p = 0.4, c = 0.5 plus noise. */
    public static double[] fit(Random random) {
        int m = 60;
        StringBuilder residuals = new StringBuilder();
        for (int k = 0; k < m; k++) {
            double t = 0.1 * k;
            double y = 2 * Math.exp(-0.3 * t) * Math.cos(2.5 * t + 0.4) + 0.5 + 0.02 * random.nextGaussian();
            if (k > 0) residuals.append(", ");
            residuals.append("a*exp(-b*").append(t).append(")*cos(w*").append(t).append(" + p) + c - ").append(y);
        }
        CompiledJacobian model = Formula.parse(residuals.toString())
                .derivatives(List.of("a", "b", "w", "p", "c"))
                .compileJacobian();
        double[] y = new double[m];
        double[] jacobian = new double[m * 5];
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(new double[] {1, 0.1, 2, 0, 0})
                .model(point -> {
                    model.jacobian(point.toArray(), y, jacobian);
                    RealMatrix j = new Array2DRowRealMatrix(m, 5);
                    for (int i = 0; i < m; i++) {
                        for (int v = 0; v < 5; v++) j.setEntry(i, v, jacobian[i * 5 + v]);
                    }
                    return new Pair<RealVector, RealMatrix>(new ArrayRealVector(y), j);
                })
                .target(new double[m])
                .maxEvaluations(1000)
                .maxIterations(1000)
                .build();
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
        double[] p = optimum.getPoint().toArray();
        System.out.printf("%d residuals in %s; %d evaluations, %d iterations, rms residual %.4f%n", m,
                model.variables(), optimum.getEvaluations(), optimum.getIterations(), optimum.getRMS());
        System.out.printf("fitted: a = %.3f, b = %.3f, w = %.3f, p = %.3f, c = %.3f  (data made with 2, 0.3, 2.5, 0.4, 0.5)%n",
                p[0], p[1], p[2], p[3], p[4]);
        return p;
    }
}
