package dev.derive.fuzz;

import dev.derive.OpText;
import dev.derive.graph.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random program text made from the grammar itself, rule by rule: statements and assignments,
 * every separator and comment, numbers in every form, names, calls, signs, powers and
 * comparisons written without extra parentheses (so that precedence is exercised), and a
 * little that is wrong (a name used before its assignment, an unknown function, a wrong
 * number of arguments). {@link #mutated} then breaks valid text a character at a time.
 */
final class ProgramText {
    private static final String[] NUMBERS = {"0", "1", "2", "0.5", ".5", "2.", "1e-3", "2.5E+4", "3e2", "1e308", "7"};
    private static final String[] INPUTS = {"x", "y", "z", "w0", "w1"};
    private static final String[] SEPARATORS = {"\n", "; ", "\n\n", " ;\n", "\r\n"};
    private static final String[] CMP = {" < ", " <= ", " > ", " >= ", " == ", " != "};
    private static final String MUTATIONS = "()+-*/^,;=<>!\n #.eE0123456789xyz_\t";

    private final Random random;
    private final List<String> assigned = new ArrayList<>();
    private int budget;

    private ProgramText(long seed) {
        this.random = new Random(seed);
        this.budget = 8 + random.nextInt(40);
    }

    /** The program of {@code seed}. */
    static String program(long seed) {
        return new ProgramText(seed).program();
    }

    /** The program of {@code seed} with one to four characters deleted, inserted or swapped. */
    static String mutated(long seed) {
        ProgramText p = new ProgramText(seed);
        StringBuilder text = new StringBuilder(p.program());
        int edits = 1 + p.random.nextInt(4);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = p.random.nextInt(text.length());
            switch (p.random.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, MUTATIONS.charAt(p.random.nextInt(MUTATIONS.length())));
                default -> {
                    if (at + 1 < text.length()) {
                        char c = text.charAt(at);
                        text.setCharAt(at, text.charAt(at + 1));
                        text.setCharAt(at + 1, c);
                    }
                }
            }
        }
        return text.toString();
    }

    private String program() {
        StringBuilder s = new StringBuilder();
        if (random.nextInt(5) == 0) s.append("# a comment\n");
        int statements = 1 + random.nextInt(4);
        for (int i = 0; i < statements; i++) {
            if (i > 0) s.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            String body = comparison(3);
            boolean assign = i < statements - 1 || random.nextBoolean();
            if (assign) {
                String name = random.nextInt(30) == 0 && !assigned.isEmpty()
                        ? assigned.get(0)  // assigned twice: an error
                        : "v" + assigned.size();
                s.append(name).append(" = ").append(body);
                assigned.add(name);
            } else {
                s.append(body);
            }
            if (random.nextInt(6) == 0) s.append("  # note");
        }
        if (random.nextInt(4) == 0) s.append('\n');
        return s.toString();
    }

    private String comparison(int depth) {
        String e = expr(depth);
        return random.nextInt(8) == 0 ? e + CMP[random.nextInt(CMP.length)] + expr(depth) : e;
    }

    private String expr(int depth) {
        StringBuilder s = new StringBuilder(term(depth));
        while (budget > 0 && random.nextInt(3) == 0) {
            s.append(random.nextBoolean() ? " + " : " - ").append(term(depth));
        }
        return s.toString();
    }

    private String term(int depth) {
        StringBuilder s = new StringBuilder(unary(depth));
        while (budget > 0 && random.nextInt(3) == 0) {
            s.append(random.nextBoolean() ? "*" : "/").append(unary(depth));
        }
        return s.toString();
    }

    private String unary(int depth) {
        if (random.nextInt(6) == 0) return (random.nextInt(4) == 0 ? "+" : "-") + unary(depth);
        return power(depth);
    }

    private String power(int depth) {
        String base = atom(depth);
        if (random.nextInt(6) != 0) return base;
        return base + (random.nextBoolean() ? "^" : "**") + unary(depth - 1);
    }

    private String atom(int depth) {
        budget--;
        if (depth <= 0 || budget <= 0) return leaf();
        return switch (random.nextInt(5)) {
            case 0 -> leaf();
            case 1 -> "(" + (random.nextInt(5) == 0 ? "\n" : "") + comparison(depth - 1) + ")";
            default -> call(depth - 1);
        };
    }

    private String call(int depth) {
        Op op = OpText.OPERATIONS.get(random.nextInt(OpText.OPERATIONS.size()));
        if (op.functionName == null) {
            // an operator: its text with every argument generated the same way
            return "(" + OpText.apply(op, comparison(depth), comparison(depth), null, random) + ")";
        }
        String name = random.nextInt(40) == 0 ? "nosuch" : op.functionName;
        int arity = random.nextInt(40) == 0 ? op.arity + 1 : op.arity;
        StringBuilder s = new StringBuilder(name).append('(');
        for (int k = 0; k < arity; k++) {
            if (k > 0) s.append(", ");
            s.append(comparison(depth));
        }
        return s.append(')').toString();
    }

    private String leaf() {
        int pick = random.nextInt(10);
        if (pick < 3) return NUMBERS[random.nextInt(NUMBERS.length)];
        if (pick == 3) return random.nextBoolean() ? "pi" : "e";
        if (pick == 4 && !assigned.isEmpty()) return assigned.get(random.nextInt(assigned.size()));
        if (pick == 5 && random.nextInt(10) == 0) return "v" + (assigned.size() + 1);  // not yet assigned
        return INPUTS[random.nextInt(INPUTS.length)];
    }
}
