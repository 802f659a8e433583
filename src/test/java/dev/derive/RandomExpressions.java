package dev.derive;

import dev.derive.graph.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random programs in the derive language, for property tests.
 *
 * <p>Each seed gives one program over the variables {@code x0..x3} (how many is part of the
 * seed), using every operation of {@link Op} in every spelling ({@link OpText}), with
 * arguments kept in their domains where that is easy. Some programs name a subexpression
 * ({@code u = ...}) and use it twice.
 */
public final class RandomExpressions {
    /** Every variable a generated program may use. */
    public static final List<String> VARIABLES = List.of("x0", "x1", "x2", "x3");

    private static final int MAX_DEPTH = 4;
    private static final String[] CONSTANTS = {
        "0", "0.5", "2", "3", "1.5", ".25", "2.", "1e-1", "pi", "e", "0.75"
    };
    private static final List<Op> COMPARISONS = OpText.OPERATIONS.stream().filter(Op::isComparison).toList();

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
        Op op = OpText.OPERATIONS.get(random.nextInt(OpText.OPERATIONS.size()));
        String a = expression(depth - 1);
        String b = op.arity >= 2 ? expression(depth - 1) : null;
        String c = op.arity == 3 ? expression(depth - 1) : null;
        if (op == Op.IF && random.nextBoolean()) {
            // a condition that is a comparison, as one usually is
            a = OpText.apply(COMPARISONS.get(random.nextInt(COMPARISONS.size())), a, expression(depth - 1), null, random);
        }
        return OpText.apply(op, a, b, c, random);
    }

    private String leaf() {
        if (random.nextInt(4) == 0) {
            return CONSTANTS[random.nextInt(CONSTANTS.length)];
        }
        return VARIABLES.get(random.nextInt(variableCount));
    }

    private String combine(String a, String b) {
        return switch (random.nextInt(3)) {
            case 0 -> a + " + " + b;
            case 1 -> a + "*(" + b + ")";
            default -> "sin(" + a + ")*(" + b + ")";
        };
    }
}
