package dev.derive.graph;

import java.util.HashMap;
import java.util.Map;

/**
 * The operations a node can perform, with their meaning in double precision.
 *
 * <p>{@link #apply} is the single definition of what each operation computes: constant folding
 * and the reference interpreter both call it, and generated code must agree with it.
 */
public enum Op {
    CONST(0, null),
    VAR(0, null),
    ADD(2, null),
    SUB(2, null),
    MUL(2, null),
    DIV(2, null),
    NEG(1, null),
    POW(2, "pow"),
    EXP(1, "exp"),
    LOG(1, "log"),
    SIN(1, "sin"),
    COS(1, "cos"),
    TAN(1, "tan"),
    SQRT(1, "sqrt"),
    TANH(1, "tanh"),
    SINH(1, "sinh"),
    COSH(1, "cosh"),
    ASIN(1, "asin"),
    ACOS(1, "acos"),
    ATAN(1, "atan"),
    ABS(1, "abs"),
    SIGMOID(1, "sigmoid"),
    RELU(1, "relu"),
    LOG1P(1, "log1p"),
    EXPM1(1, "expm1"),
    SIGN(1, "sign"),
    MAX(2, "max"),
    MIN(2, "min"),
    ATAN2(2, "atan2"),
    HYPOT(2, "hypot"),
    /** Comparisons: 1 where they hold, 0 where not (so 0 when an argument is NaN, but for !=). */
    LT(2, null),
    LE(2, null),
    GT(2, null),
    GE(2, null),
    EQ(2, null),
    NE(2, null),
    /** if(cond, then, else): else where cond is 0, NaN where it is NaN, then elsewhere. */
    IF(3, "if");

    /** Number of arguments. */
    public final int arity;
    /** The name this operation is called by in the language, or null for operators and leaves. */
    public final String functionName;

    private static final Map<String, Op> FUNCTIONS = new HashMap<>();

    static {
        for (Op op : values()) {
            if (op.functionName != null) {
                FUNCTIONS.put(op.functionName, op);
            }
        }
    }

    Op(int arity, String functionName) {
        this.arity = arity;
        this.functionName = functionName;
    }

    /** The function called {@code name} in the language, or null if there is none. */
    public static Op function(String name) {
        return FUNCTIONS.get(name);
    }

    /** Whether {@code name} is a built-in function (and so cannot be a variable or be assigned). */
    public static boolean isFunction(String name) {
        return FUNCTIONS.containsKey(name);
    }

    /** This operation applied to {@code a} (and {@code b} for binary operations). */
    public double apply(double a, double b) {
        return apply(a, b, 0);
    }

    /** This operation applied to its arguments; those it does not take are ignored. */
    public double apply(double a, double b, double c) {
        return switch (this) {
            case CONST, VAR -> throw new IllegalStateException(this + " has no arguments");
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case NEG -> -a;
            case POW -> pow(a, b);
            case EXP -> Math.exp(a);
            case LOG -> Math.log(a);
            case SIN -> Math.sin(a);
            case COS -> Math.cos(a);
            case TAN -> Math.tan(a);
            case SQRT -> sqrt(a);
            case TANH -> Math.tanh(a);
            case SINH -> Math.sinh(a);
            case COSH -> Math.cosh(a);
            case ASIN -> Math.asin(a);
            case ACOS -> Math.acos(a);
            case ATAN -> Math.atan(a);
            case ABS -> Math.abs(a);
            case SIGMOID -> sigmoid(a);
            case RELU -> relu(a);
            case LOG1P -> Math.log1p(a);
            case EXPM1 -> Math.expm1(a);
            case SIGN -> Math.signum(a);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case HYPOT -> Math.hypot(a, b);
            case LT -> lt(a, b);
            case LE -> le(a, b);
            case GT -> gt(a, b);
            case GE -> ge(a, b);
            case EQ -> eq(a, b);
            case NE -> ne(a, b);
            case IF -> select(a, b, c);
        };
    }

    /** Whether this is one of the comparisons, whose value is 1 or 0. */
    public boolean isComparison() {
        return switch (this) {
            case LT, LE, GT, GE, EQ, NE -> true;
            default -> false;
        };
    }

    public static double lt(double a, double b) {
        return a < b ? 1 : 0;
    }

    public static double le(double a, double b) {
        return a <= b ? 1 : 0;
    }

    public static double gt(double a, double b) {
        return a > b ? 1 : 0;
    }

    public static double ge(double a, double b) {
        return a >= b ? 1 : 0;
    }

    public static double eq(double a, double b) {
        return a == b ? 1 : 0;
    }

    public static double ne(double a, double b) {
        return a != b ? 1 : 0;
    }

    /** if(cond, then, otherwise): a condition that is NaN gives NaN, as nothing is known. */
    public static double select(double cond, double then, double otherwise) {
        if (cond == 0) return otherwise;
        return cond == cond ? then : cond;
    }

    /**
     * The square root, with sqrt(-0) = +0 where IEEE gives -0: the two zeros are one number
     * to a user, and the derivative 1/(2*sqrt(x)) is then +inf at both, not -inf at -0.
     */
    public static double sqrt(double x) {
        return Math.sqrt(x) + 0.0;
    }

    /** a^b; a square is a*a, correctly rounded and as fast as a multiplication. */
    public static double pow(double a, double b) {
        return b == 2 ? a * a : Math.pow(a, b);
    }

    /** 1/(1 + exp(-x)). */
    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** max(0, x), keeping NaN as NaN. */
    public static double relu(double x) {
        return x > 0 ? x : (x == x ? 0.0 : x);
    }
}
