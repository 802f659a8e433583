package dev.derive.codegen.emit;

import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.function.Consumer;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.GeneratorAdapter;
import org.objectweb.asm.commons.Method;

/**
 * The bytecode of each operation: with the operands already on the stack, leaves the node's
 * value there. Each case matches {@link Op#apply}, which the reference interpreter uses; where
 * that is one of {@link Op}'s own static methods, the code calls it. The switch is exhaustive,
 * so an operation added to {@link Op} without a case here does not compile.
 */
public final class NodeEmitter {
    private static final Type MATH = Type.getType(Math.class);
    private static final Type OP = Type.getType(Op.class);
    private static final String UNARY = "(D)D";
    private static final String BINARY = "(DD)D";
    private static final String TERNARY = "(DDD)D";

    private NodeEmitter() {}

    /**
     * The number of operands {@link #apply} takes from the stack: the arguments, but only the
     * base of a square.
     */
    public static int operands(Node n) {
        return n.isSquare() ? 1 : n.op.arity;
    }

    /** Stack: the first {@link #operands} arguments → value. */
    public static void apply(GeneratorAdapter m, Node n) {
        Consumer<GeneratorAdapter> code = switch (n.op) {
            case CONST, VAR -> throw new IllegalArgumentException("leaves are loaded, not applied");
            case ADD -> arithmetic(GeneratorAdapter.ADD);
            case SUB -> arithmetic(GeneratorAdapter.SUB);
            case MUL -> arithmetic(GeneratorAdapter.MUL);
            case DIV -> arithmetic(GeneratorAdapter.DIV);
            case NEG -> arithmetic(GeneratorAdapter.NEG);
            case POW -> n.isSquare() ? NodeEmitter::square : call(OP, "pow", BINARY);
            case EXP, LOG, SIN, COS, TAN, TANH, SINH, COSH, ASIN, ACOS, ATAN, ABS, LOG1P, EXPM1 ->
                    call(MATH, n.op.functionName, UNARY);
            case SQRT -> call(OP, "sqrt", UNARY);
            case SIGN -> call(MATH, "signum", UNARY);
            case MAX, MIN, ATAN2, HYPOT -> call(MATH, n.op.functionName, BINARY);
            case SIGMOID -> call(OP, "sigmoid", UNARY);
            case RELU -> call(OP, "relu", UNARY);
            case LT -> call(OP, "lt", BINARY);
            case LE -> call(OP, "le", BINARY);
            case GT -> call(OP, "gt", BINARY);
            case GE -> call(OP, "ge", BINARY);
            case EQ -> call(OP, "eq", BINARY);
            case NE -> call(OP, "ne", BINARY);
            case IF -> call(OP, "select", TERNARY);
        };
        code.accept(m);
    }

    /** Stack: a → a*a, as {@link Op#pow} computes a square. */
    private static void square(GeneratorAdapter m) {
        m.dup2();
        m.math(GeneratorAdapter.MUL, Type.DOUBLE_TYPE);
    }

    private static Consumer<GeneratorAdapter> arithmetic(int operation) {
        return m -> m.math(operation, Type.DOUBLE_TYPE);
    }

    private static Consumer<GeneratorAdapter> call(Type owner, String name, String descriptor) {
        return m -> m.invokeStatic(owner, new Method(name, descriptor));
    }
}
