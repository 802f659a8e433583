package dev.derive.parse;

/**
 * How deep the parser will recurse on a text, bounded from a scan of its characters, and so
 * how large a stack it needs. The parser enters six rules per parenthesis or call, one per
 * sign, and two per power in a chain such as {@code 2^-x^-y}; a binary operator or a comma
 * ends such a chain. The bound may fall short on odd text (a parse that runs out retries
 * with more), but never by much.
 *
 * @param rules the most rules the parser will be inside at once
 * @param deepestLine the line of the deepest point (from 1)
 * @param deepestColumn its column (from 1)
 */
record Nesting(int rules, int deepestLine, int deepestColumn) {
    /** Stack bytes per rule the parser is inside: about twice the most measured, cold. */
    static final int BYTES_PER_RULE = 512;
    private static final int BASE_RULES = 8;
    /** comparison, expr, term, unary, power, atom. */
    private static final int RULES_PER_PARENTHESIS = 6;

    static Nesting of(String text) {
        int[] chainAtOpen = new int[16];
        int open = 0;
        int depth = BASE_RULES;
        int chain = 0;
        int deepest = depth;
        int line = 1;
        int column = 1;
        int deepestLine = 1;
        int deepestColumn = 1;
        boolean operandEnded = false;
        for (int i = 0; i < text.length(); i++, column++) {
            char c = text.charAt(i);
            switch (c) {
                case '(', '[' -> {
                    if (open == chainAtOpen.length) chainAtOpen = java.util.Arrays.copyOf(chainAtOpen, 2 * open);
                    chainAtOpen[open++] = chain;
                    depth += RULES_PER_PARENTHESIS;
                    chain = 0;
                    operandEnded = false;
                }
                case ')', ']' -> {
                    if (open > 0) {
                        depth -= RULES_PER_PARENTHESIS + chain;
                        chain = chainAtOpen[--open];
                    }
                    operandEnded = true;
                }
                case '^' -> {
                    depth += 2;
                    chain += 2;
                    operandEnded = false;
                }
                case '+', '-' -> {
                    if (operandEnded) {
                        depth -= chain;
                        chain = 0;
                    } else {
                        depth++;
                        chain++;
                    }
                    operandEnded = false;
                }
                case '*' -> {
                    boolean power = i + 1 < text.length() && text.charAt(i + 1) == '*';
                    if (power) {
                        depth += 2;
                        chain += 2;
                        i++;
                        column++;
                    } else {
                        depth -= chain;
                        chain = 0;
                    }
                    operandEnded = false;
                }
                case '/', ',', ';', '=', '<', '>', '!', '\n' -> {
                    depth -= chain;
                    chain = 0;
                    operandEnded = false;
                    if (c == '\n') {
                        line++;
                        column = 0;
                    }
                }
                case '#' -> {
                    while (i + 1 < text.length() && text.charAt(i + 1) != '\n') i++;
                }
                case ' ', '\t', '\f' -> { }
                default -> operandEnded = true;
            }
            if (depth > deepest) {
                deepest = depth;
                deepestLine = line;
                deepestColumn = column;
            }
        }
        return new Nesting(deepest, deepestLine, deepestColumn);
    }

    /** The stack to parse the text with. */
    long stackBytes() {
        return (long) BYTES_PER_RULE * rules;
    }

    /** The most rules a parser with a stack of {@code bytes} may enter before it must give up. */
    static int ruleBudget(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes / BYTES_PER_RULE);
    }
}
