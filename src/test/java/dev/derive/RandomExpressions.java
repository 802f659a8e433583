package dev.derive;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random programs in the derive language, for property tests.
 *
 * <p>Each seed gives one program over the variables {@code x0..x3} (how many is part of the
 * seed), using every operator and every built-in function. Arguments are guarded to stay in
 * their functions' domains where that is easy: {@code log(1 + a^2)}, {@code sqrt(1 + a^2)},
 * {@code asin(0.9*tanh(a))}, a positive base for a variable exponent, and so on. Some programs
 * name a subexpression ({@code u = ...}) and use it twice. Every subexpression is wrapped in
 * parentheses, so the text means what the generator meant whatever the precedence rules.
 */
public final class RandomExpressions {
    /** Every variable a generated program may use. */
    public static final List<String> VARIABLES = List.of("x0", "x1", "x2", "x3");

    private static final int MAX_DEPTH = 4;
    private static final String[] CONSTANTS = {
        "0", "0.5", "2", "3", "1.5", ".25", "2.", "1e-1", "pi", "e", "0.75"
    };
    private static final String[] PLAIN_UNARY = {
        "exp", "sin", "cos", "tanh", "sinh", "cosh", "atan", "abs", "sigmoid", "relu",
        "expm1", "sign"
    };
    private static final String[] PLAIN_BINARY = {"max", "min", "atan2", "hypot"};

    private final Random random;
    private final int variableCount;

    private RandomExpressions(long seed) {
        this.random = new Random(seed);
        this.variableCount = 1 + random.nextInt(VARIABLES.size());
    }

    /** The program for {@code seed}: one expression, or a named part and an expression using it. */
    public static String program(long seed) {
        RandomExpressions gen = new RandomExpressions(seed);
        if (gen.random.nextInt(4) == 0) {
            String part = gen.expression(MAX_DEPTH - 1);
            String rest = gen.expression(MAX_DEPTH - 2);
            String body = gen.combine("(u)", "(" + gen.combine("(u)", "(" + rest + ")") + ")");
            return "u = " + part + "\n" + body;
        }
        return gen.expression(MAX_DEPTH);
    }

    /** A random point binding every variable in {@link #VARIABLES} to a value in [-2, 2]. */
    public static Map<String, Double> point(Random random) {
        Map<String, Double> point = new HashMap<>();
        for (String v : VARIABLES) {
            point.put(v, -2 + 4 * random.nextDouble());
        }
        return point;
    }

    private String expression(int depth) {
        if (depth == 0 || random.nextInt(6) == 0) {
            return leaf();
        }
        return switch (random.nextInt(4)) {
            case 0 -> binaryOperator(depth - 1);
            case 1 -> unaryOperator(depth - 1);
            default -> function(depth - 1);
        };
    }

    private String leaf() {
        if (random.nextInt(4) == 0) {
            return CONSTANTS[random.nextInt(CONSTANTS.length)];
        }
        return VARIABLES.get(random.nextInt(variableCount));
    }

    private String binaryOperator(int depth) {
        String a = "(" + expression(depth) + ")";
        String b = "(" + expression(depth) + ")";
        return switch (random.nextInt(9)) {
            case 0 -> a + " + " + b;
            case 1 -> a + " - " + b;
            case 2 -> a + "*" + b;
            case 3 -> a + "/(1 + " + b + "^2)";
            case 4 -> a + "/(2 + cos(" + b + "))";
            case 5 -> a + "/" + b; // may be near a pole: the property test skips such points
            case 6 -> "(1 + " + a + "^2)^" + b;
            case 7 -> a + "**" + (2 + random.nextInt(2));
            default -> "(sigmoid(" + a + ") + 0.5)**-" + b;
        };
    }

    private String unaryOperator(int depth) {
        String a = "(" + expression(depth) + ")";
        return random.nextBoolean() ? "-" + a : "+" + a;
    }

    private String function(int depth) {
        String a = expression(depth);
        return switch (random.nextInt(12)) {
            case 0 -> random.nextBoolean() ? "log(1 + (" + a + ")^2)" : "log(2 + sin(" + a + "))";
            case 1 -> random.nextBoolean() ? "sqrt(1 + (" + a + ")^2)"
                                           : "sqrt((" + a + ")*(" + a + ") + 0.25)";
            case 2 -> "asin(0.9*tanh(" + a + "))";
            case 3 -> "acos(tanh(" + a + ")/2)";
            case 4 -> random.nextBoolean() ? "log1p((" + a + ")^2)" : "log1p(exp(" + a + "))";
            case 5 -> random.nextBoolean() ? "tan(tanh(" + a + "))" : "tan(sin(" + a + "))";
            case 6 -> "pow(1 + (" + a + ")^2, " + expression(depth) + ")";
            case 7 -> "pow(" + a + ", " + (2 + random.nextInt(2)) + ")";
            case 8, 9 -> PLAIN_BINARY[random.nextInt(PLAIN_BINARY.length)]
                    + "(" + a + ", " + expression(depth) + ")";
            default -> PLAIN_UNARY[random.nextInt(PLAIN_UNARY.length)] + "(" + a + ")";
        };
    }

    private String combine(String a, String b) {
        return switch (random.nextInt(3)) {
            case 0 -> a + " + " + b;
            case 1 -> a + "*(" + b + ")";
            default -> "sin(" + a + ")*(" + b + ")";
        };
    }
}
