package dev.derive;

import dev.derive.graph.Op;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Source text for each operation, for the generators of random programs: every operation in
 * {@link Op}, with its arguments kept in its domain where that is easy ({@code log(1 + a^2)},
 * {@code asin(tanh(a)/2)}, a positive base for a variable exponent), so that most values are
 * finite. Every argument is wrapped in parentheses, so the text means what the generator meant.
 */
public final class OpText {
    /** Every operation a node can apply: all of {@link Op} but the leaves. */
    public static final List<Op> OPERATIONS = Arrays.stream(Op.values())
            .filter(op -> op != Op.CONST && op != Op.VAR).toList();

    private OpText() {}

    /**
     * {@code op} applied to {@code a}, {@code b} and {@code c} (those it takes), spelled one of
     * the ways the language allows, chosen by {@code random}.
     */
    public static String apply(Op op, String a, String b, String c, Random random) {
        String x = "(" + a + ")";
        String y = "(" + b + ")";
        return switch (op) {
            case CONST, VAR -> throw new IllegalArgumentException("a leaf is not applied");
            case ADD -> x + " + " + y;
            case SUB -> x + " - " + y;
            case MUL -> x + "*" + y;
            case DIV -> random.nextBoolean() ? x + "/(2 + sin" + y + ")" : x + "/(1 + " + y + "^2)";
            case NEG -> random.nextInt(4) == 0 ? "+" + x : "-" + x;
            case POW -> switch (random.nextInt(4)) {
                case 0 -> "(1 + " + x + "^2)^" + y;
                case 1 -> "pow(1 + " + x + "^2, tanh" + y + ")";
                case 2 -> x + "**" + (2 + random.nextInt(2));
                default -> "(sigmoid" + x + " + 0.5)**-" + y;
            };
            case LOG -> random.nextBoolean() ? "log(1 + " + x + "^2)" : "log(2 + sin" + x + ")";
            case SQRT -> random.nextBoolean() ? "sqrt(1 + " + x + "^2)" : "sqrt(" + x + "*" + x + " + 0.25)";
            case LOG1P -> random.nextBoolean() ? "log1p(" + x + "^2)" : "log1p(exp" + x + ")";
            case ASIN -> "asin(0.9*tanh" + x + ")";
            case ACOS -> "acos(tanh" + x + "/2)";
            case TAN -> random.nextBoolean() ? "tan(tanh" + x + ")" : "tan(sin" + x + ")";
            case EXP, SINH, COSH, EXPM1 -> op.functionName + "(tanh" + x + "*2)";
            case LT -> x + " < " + y;
            case LE -> x + " <= " + y;
            case GT -> x + " > " + y;
            case GE -> x + " >= " + y;
            case EQ -> x + " == " + y;
            case NE -> x + " != " + y;
            case IF -> "if(" + a + ", " + b + ", " + c + ")";
            case SIN, COS, TANH, ATAN, ABS, SIGMOID, RELU, SIGN -> op.functionName + x;
            case MAX, MIN, ATAN2, HYPOT -> op.functionName + "(" + a + ", " + b + ")";
        };
    }
}
