package dev.derive.codegen;

import dev.derive.graph.Node;
import dev.derive.graph.Op;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The bytecode of each operation: with the operands already on the stack, leaves the node's
 * value there. Each case matches {@link Op#apply}, which the reference interpreter uses.
 */
final class NodeCode {
    private static final Type MATH = Type.getType(Math.class);
    private static final Type OP = Type.getType(Op.class);
    private static final Method UNARY = Method.getMethod("double f(double)");
    private static final Method BINARY = Method.getMethod("double f(double, double)");

    private NodeCode() {}

    /** Whether {@code n} is a^2, which needs only its base on the stack. */
    static boolean isSquare(Node n) {
        return n.op == Op.POW && n.b.isConstant(2);
    }

    /** Stack: operands (only the base for {@link #isSquare}) → value. */
    static void apply(GeneratorAdapter m, Node n) {
        switch (n.op) {
            case CONST, VAR -> throw new IllegalArgumentException("leaves are loaded, not applied");
            case ADD -> m.math(GeneratorAdapter.ADD, Type.DOUBLE_TYPE);
            case SUB -> m.math(GeneratorAdapter.SUB, Type.DOUBLE_TYPE);
            case MUL -> m.math(GeneratorAdapter.MUL, Type.DOUBLE_TYPE);
            case DIV -> m.math(GeneratorAdapter.DIV, Type.DOUBLE_TYPE);
            case NEG -> m.math(GeneratorAdapter.NEG, Type.DOUBLE_TYPE);
            case POW -> pow(m, n);
            case EXP, LOG, SIN, COS, TAN, SQRT, TANH, SINH, COSH, ASIN, ACOS, ATAN, ABS, LOG1P,
                 EXPM1 -> math(m, n.op.functionName, 1);
            case SIGN -> math(m, "signum", 1);
            case MAX, MIN, ATAN2, HYPOT -> math(m, n.op.functionName, 2);
            case SIGMOID -> m.invokeStatic(OP, new Method("sigmoid", UNARY.getDescriptor()));
            case RELU -> m.invokeStatic(OP, new Method("relu", UNARY.getDescriptor()));
        }
    }

    /** Stack: a, b → a^b, or a → a*a for a square, as in {@link Op#pow}. */
    private static void pow(GeneratorAdapter m, Node n) {
        if (isSquare(n)) {
            m.dup2();
            m.math(GeneratorAdapter.MUL, Type.DOUBLE_TYPE);
        } else {
            m.invokeStatic(OP, new Method("pow", BINARY.getDescriptor()));
        }
    }

    private static void math(GeneratorAdapter m, String name, int arity) {
        String descriptor = (arity == 1 ? UNARY : BINARY).getDescriptor();
        m.invokeStatic(MATH, new Method(name, descriptor));
    }
}
