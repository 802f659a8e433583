package dev.derive.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimplifyTest {
    private final Graph g = new Graph();
    private final Node x = g.variable("x");
    private final Node y = g.variable("y");

    private Node c(double v) {
        return g.constant(v);
    }

    // --- identities ---

    @Test
    void xPlusZeroIsX() {
        assertSame(x, g.add(x, c(0)));
    }

    @Test
    void zeroPlusXIsX() {
        assertSame(x, g.add(c(0), x));
    }

    @Test
    void xMinusZeroIsX() {
        assertSame(x, g.sub(x, c(0)));
    }

    @Test
    void zeroMinusXIsMinusX() {
        assertSame(g.neg(x), g.sub(c(0), x));
    }

    @Test
    void xTimesOneIsX() {
        assertSame(x, g.mul(x, c(1)));
        assertSame(x, g.mul(c(1), x));
    }

    @Test
    void zeroTimesXIsZero() {
        assertTrue(g.mul(c(0), x).isConstant(0));
        assertTrue(g.mul(x, c(0)).isConstant(0));
    }

    @Test
    void xOverOneIsXAndZeroOverXIsZero() {
        assertSame(x, g.div(x, c(1)));
        assertTrue(g.div(c(0), x).isConstant(0));
    }

    @Test
    void doubleNegationIsX() {
        Node minusX = g.neg(x);
        assertEquals(Op.NEG, minusX.op);
        assertSame(x, g.neg(minusX));
    }

    @Test
    void xToTheOneIsX() {
        assertSame(x, g.pow(x, c(1)));
    }

    @Test
    void xToTheZeroIsOne() {
        assertTrue(g.pow(x, c(0)).isConstant(1));
    }

    @Test
    void xMinusXIsZero() {
        Node sum = g.add(x, y);
        assertTrue(g.sub(sum, g.add(x, y)).isConstant(0));
    }

    @Test
    void xPlusXIsTwoX() {
        assertSame(g.mul(c(2), x), g.add(x, x));
    }

    @Test
    void signsMoveOutward() {
        assertSame(g.sub(x, y), g.add(x, g.neg(y)));
        assertSame(g.neg(g.mul(x, y)), g.mul(g.neg(x), y));
        assertSame(g.mul(c(-3), x), g.neg(g.mul(c(3), x)));
        assertSame(g.add(x, c(2)), g.sub(x, c(-2)));
    }

    @Test
    void aConstantFactorMovesToTheFront() {
        Node product = g.mul(x, c(3));
        assertSame(c(3), product.a);
        assertSame(x, product.b);
    }

    @Test
    void powerOfTwoFactorsCombineAndOthersDoNot() {
        assertSame(x, g.mul(c(0.5), g.mul(c(2), x)));
        assertSame(g.mul(c(6), x), g.mul(c(2), g.mul(c(3), x)));
        Node notCombined = g.mul(c(3), g.mul(c(5), x));
        assertEquals(Op.MUL, notCombined.b.op, "3*(5*x) rounds differently from 15*x");
    }

    @Test
    void aPowerOfTwoFactorJoinsTheOtherFactorsConstant() {
        assertSame(g.mul(x, g.mul(c(-400), y)), g.mul(g.mul(c(2), x), g.mul(c(-200), y)));
        assertSame(g.mul(y, g.mul(c(-400), x)), g.mul(g.mul(c(-200), x), g.mul(c(2), y)), "either side");
        Node odd = g.mul(g.mul(c(3), x), g.mul(c(5), y));
        assertEquals(Op.MUL, odd.a.op, "(3*x)*(5*y) rounds differently from x*(15*y)");
        assertEquals(Op.MUL, g.mul(g.mul(c(2), x), g.mul(c(1e308), y)).a.op, "2*1e308 is infinite");
        // the same bits as (2*x)*(-200*y), at random points across the range of exponents
        Node fused = g.mul(g.mul(c(2), x), g.mul(c(-200), y));
        java.util.Random r = new java.util.Random(5);
        for (int k = 0; k < 10_000; k++) {
            double vx = r.nextGaussian() * Math.pow(10, r.nextInt(200) - 100);
            double vy = r.nextGaussian() * Math.pow(10, r.nextInt(200) - 100);
            double expected = (2 * vx) * (-200 * vy);
            double got = Interpreter.evaluate(g, List.of(fused), Map.of("x", vx, "y", vy))[0];
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got), vx + ", " + vy);
        }
    }

    @Test
    void factorsCombineOnlyWhenTheirProductIsExactAndFinite() {
        Node overflow = g.mul(c(2), g.mul(c(1e308), x));
        assertEquals(Op.MUL, overflow.b.op, "2*1e308 is infinite");
        assertEquals(2e8, Interpreter.evaluate(g, List.of(overflow), Map.of("x", 1e-300))[0], 1e-6);
        Node underflow = g.mul(c(0.5), g.mul(c(Double.MIN_VALUE), x));
        assertEquals(Op.MUL, underflow.b.op, "0.5*4.9e-324 rounds to 0");
        assertEquals(0.5 * (Double.MIN_VALUE * 1e300),
                Interpreter.evaluate(g, List.of(underflow), Map.of("x", 1e300))[0]);
        assertSame(g.mul(c(0.5), x), g.mul(c(0.25), g.mul(c(2), x)), "0.25*2 is exact");
        assertSame(g.mul(c(2e-308), x), g.mul(c(2), g.mul(c(1e-308), x)), "2*1e-308 is a normal number");
    }

    // --- constant folding ---

    @Test
    void constantArithmeticIsFolded() {
        assertTrue(g.add(c(2), c(3)).isConstant(5));
        assertTrue(g.pow(c(2), c(10)).isConstant(1024));
        assertTrue(g.div(c(1), c(0)).isConstant(Double.POSITIVE_INFINITY));
        assertTrue(g.neg(c(2)).isConstant(-2));
    }

    @Test
    void constantFunctionCallsAreFolded() {
        assertTrue(g.apply(Op.SIN, c(0)).isConstant(0));
        assertTrue(g.apply(Op.ATAN2, c(1), c(1)).isConstant(Math.atan2(1, 1)));
        assertTrue(g.apply(Op.RELU, c(-4)).isConstant(0));
    }

    @Test
    void constantSubexpressionsFoldWhileParsing() {
        Program program = ProgramParser.parse("x*(2*3 + sqrt(16)) - 2^3^2");
        Node value = program.value();
        assertEquals(Op.SUB, value.op);
        assertTrue(value.b.isConstant(512));
        assertTrue(value.a.a.isConstant(10), "10*x expected, got " + value.a.a);
    }

    // --- hash-consing ---

    @Test
    void theSameOperationOnTheSameArgumentsIsOneNode() {
        int before = g.size();
        Node first = g.mul(x, y);
        Node second = g.mul(x, y);
        assertSame(first, second);
        assertEquals(before + 1, g.size());
    }

    @Test
    void argumentOrderMatters() {
        assertNotSame(g.mul(x, y), g.mul(y, x));
    }

    @Test
    void variablesAndConstantsAreInterned() {
        assertSame(x, g.variable("x"));
        assertSame(c(2.5), c(2.5));
        assertSame(c(Double.NaN), c(0.0 / 0.0));
        assertNotSame(c(0.0), c(-0.0));
    }

    @Test
    void aRepeatedSubexpressionInTheSourceIsOneNode() {
        Program program = ProgramParser.parse("sin(x*y) + cos(x*y)*exp(sin(x*y))");
        Node value = program.value();
        Node sin = value.a;
        Node product = value.b;
        assertSame(sin.a, product.a.a, "x*y");
        assertSame(sin, product.b.a, "sin(x*y)");
        assertEquals(8, program.graph().size(), "x, y, x*y, sin, cos, exp, product, sum");
    }

    @Test
    void internTableGrowsWithoutLosingNodes() {
        List<Node> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) made.add(g.add(x, c(i + 1)));
        for (int i = 0; i < 10_000; i++) assertSame(made.get(i), g.add(x, c(i + 1)));
    }

    // --- rewrites keep IEEE values ---

    /**
     * Every rewrite gives the value of the operation as written, bit for bit but for the sign
     * of a zero, except where the documented finite-only identities do not hold.
     */
    @Test
    void rewritesKeepTheValueOfTheOperationAsWritten() {
        Random random = new Random(42);
        List<Node> shapes = shapes();
        for (int trial = 0; trial < 20; trial++) {
            Map<String, Double> point = Map.of("x", nonZero(random), "y", nonZero(random));
            double[] values = Interpreter.evaluate(g, shapes, point);
            for (Op op : List.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.POW, Op.NEG)) {
                for (int i = 0; i < shapes.size(); i++) {
                    for (int j = 0; j < (op.arity == 1 ? 1 : shapes.size()); j++) {
                        Node a = shapes.get(i);
                        Node b = op.arity == 1 ? null : shapes.get(j);
                        double va = values[i];
                        double vb = op.arity == 1 ? 0 : values[j];
                        if (documentedException(op, a, b, va, vb)) continue;
                        double expected = op.apply(va, vb);
                        Node made = g.apply(op, a, b);
                        double actual = Interpreter.evaluate(g, List.of(made), point)[0];
                        assertTrue(sameBits(expected, actual) || (expected == 0 && actual == 0),
                                () -> op + "(" + a + " " + a.op + ", " + b + ") at " + point
                                        + ": " + actual + " instead of " + expected);
                    }
                }
            }
        }
    }

    private static boolean sameBits(double a, double b) {
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    /** 0*x and x-x are 0 only for finite x, and 0/x only for nonzero x, as documented. */
    private static boolean documentedException(Op op, Node a, Node b, double va, double vb) {
        return switch (op) {
            case MUL -> (isZero(a) && !Double.isFinite(vb)) || (isZero(b) && !Double.isFinite(va));
            case SUB -> a == b && !Double.isFinite(va);
            case DIV -> a.isConstant(0) && (vb == 0 || !Double.isFinite(vb));
            default -> false;
        };
    }

    /** 0 or -0: 0*x = 0 holds for both, for finite x. */
    private static boolean isZero(Node n) {
        return n.isConstant() && n.value == 0;
    }

    private List<Node> shapes() {
        List<Node> shapes = new ArrayList<>(List.of(x, y, g.neg(x), g.mul(x, y), g.neg(g.mul(x, y)),
                g.div(x, y), g.sub(x, y), g.pow(x, y)));
        for (double v : new double[] {0, 1, -1, 2, -2, 0.5, 3, -3, 0.1, 1e300, -0.0}) {
            shapes.add(c(v));
            shapes.add(g.mul(c(v), x));
        }
        return shapes;
    }

    private static double nonZero(Random random) {
        double magnitude = Math.pow(10, -2 + 4 * random.nextDouble());
        return random.nextBoolean() ? magnitude : -magnitude;
    }
}
