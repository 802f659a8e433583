package dev.derive.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.derive.Bindings;
import dev.derive.CompiledModel;
import dev.derive.Model;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Forward mode ({@link Tangents}) on random models over data rows (ChunkingTest's): the
 * directional derivative equals reverse mode's gradient dotted with the direction, and the
 * compiled tangent model equals the interpreter.
 */
class TangentsTest {

    @Test
    void randomModelsForwardEqualsReverseAlongTheDirection() {
        for (long seed = 0; seed < 40; seed++) {
            Random r = new Random(1000 + seed);
            String source = ChunkingTest.model(r);
            int m = 1 + r.nextInt(seed % 5 == 0 ? 3000 : 30);
            int d = 1 + r.nextInt(4);
            double[][] rows = new double[m][];
            for (int i = 0; i < m; i++) rows[i] = r.doubles(d, -1, 1).toArray();
            double[] y = r.doubles(m, -1, 1).toArray();
            double[] w = r.doubles(d, -1, 1).toArray();
            double[] dw = r.doubles(d, -1, 1).toArray();
            double a = r.nextDouble() - 0.5;
            double b = r.nextDouble() + 0.5;
            double da = r.nextDouble() - 0.5;
            double db = r.nextDouble() - 0.5;
            Model model = Model.parse(source);
            CompiledModel f = model.compile(List.of("w", "a", "b"), Model.Tuning.standard());
            Bindings at = f.bind().matrix("X", rows).array("y", y).array("w", w).scalar("a", a).scalar("b", b)
                    .size("m", m).size("d", d);
            CompiledModel.Gradient g = f.newGradient(at);
            f.valueAndGradient(at, g);
            double along = g.scalar("a") * da + g.scalar("b") * db;
            double scale = Math.abs(g.scalar("a") * da) + Math.abs(g.scalar("b") * db);
            for (int j = 0; j < d; j++) {
                along += g.array("w")[j] * dw[j];
                scale += Math.abs(g.array("w")[j] * dw[j]);
            }
            Model tangent = model.tangent("w", "a", "b");
            CompiledModel t = tangent.compile(List.of(), Model.Tuning.standard());
            Bindings tb = t.bind().matrix("X", rows).array("y", y).array("w", w).scalar("a", a).scalar("b", b)
                    .array(tangent.direction("w"), dw).scalar(tangent.direction("a"), da)
                    .scalar(tangent.direction("b"), db).size("m", m).size("d", d);
            double jvp = t.value(tb);
            String what = "seed " + seed + ", m = " + m + ", d = " + d + ": " + source;
            if (Double.isNaN(along)) continue;
            assertEquals(along, jvp, 1e-10 * Math.max(1, scale), what);
            assertEquals(Double.doubleToLongBits(t.interpretValue(tb)), Double.doubleToLongBits(jvp), what);
        }
    }
}
