package dev.derive.parse;

import dev.derive.DeriveException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.UnbufferedTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Source text to {@link Program}: the ANTLR parser, with a {@link GraphBuilder} listening to it
 * that makes the graph as rules are recognized, so no parse tree is kept and a million-term
 * sum costs its nodes, nothing more.
 *
 * <p>ANTLR's parser is recursive descent, so its stack grows with the nesting of parentheses,
 * calls, signs and powers. A scan of the text bounds that nesting ({@link Nesting}): shallow
 * text is parsed on the calling thread, deeper text on a thread whose stack is sized for it.
 * Should the bound fall short, the parse is retried with twice the stack; nesting too deep for
 * the largest stack the machine grants is a located error, never a crash.
 *
 * <p>Each source is first parsed the fast way: tokens are not kept, ANTLR predicts in its
 * simpler SLL mode and gives up at the first syntax error, and names are resolved assuming none
 * is used before its assignment. Any trouble (a syntax or semantic error, or that assumption
 * proved wrong) is left to an exact parse with every token at hand, which gives the same graph
 * for valid programs and the full error messages for invalid ones.
 */
public final class ProgramParser {
    /** The nesting depth that is guaranteed to parse, given the memory for its stack. */
    public static final int NESTING_LIMIT = 100_000;
    /** Nesting the calling thread's stack surely has room for. */
    private static final long CALLER_STACK_BYTES = 256 << 10;
    private static final long MIN_THREAD_STACK_BYTES = 1 << 20;
    private static final long MAX_STACK_BYTES = 16L << 30;

    private ProgramParser() {}

    /** Parses a program; throws {@link DeriveException} for bad input. */
    public static Program parse(String source) {
        return parse(source, Rule.PROGRAM);
    }

    /**
     * Parses one expression and nothing else: no statements, assignments or separators, such
     * as a value given on the command line. Throws {@link DeriveException} for anything else.
     */
    public static Program parseExpression(String source) {
        return parse(source, Rule.EXPRESSION);
    }

    /** What the text must be: a program, or one expression. */
    private enum Rule {
        PROGRAM, EXPRESSION;

        void parse(DeriveParser parser) {
            if (this == PROGRAM) parser.program();
            else parser.single();
        }
    }

    private static Program parse(String source, Rule rule) {
        String text = SourceText.normalize(source);
        Nesting nesting = Nesting.of(text);
        long stack = Math.max(nesting.stackBytes(), MIN_THREAD_STACK_BYTES);
        if (nesting.stackBytes() <= CALLER_STACK_BYTES) {
            try {
                return parseHere(text, rule, Nesting.ruleBudget(CALLER_STACK_BYTES));
            } catch (LeanParser.TooDeep | StackOverflowError e) {
                // the estimate fell short, or the caller had less stack left: on to a thread
            }
        }
        while (true) {
            try {
                return onThread(text, rule, stack);
            } catch (LeanParser.TooDeep | StackOverflowError e) {
                if (2 * stack > MAX_STACK_BYTES) throw tooDeep(nesting, stack);
                stack *= 2;
            } catch (NoThread e) {
                throw tooDeep(nesting, stack);
            }
        }
    }

    private static DeriveException tooDeep(Nesting nesting, long stack) {
        return new DeriveException(nesting.deepestLine(), nesting.deepestColumn(),
                "The expression is nested too deeply to parse: it needs a stack of " + (stack >> 20)
                        + " MB, more than this machine grants a thread.");
    }

    /**
     * Parses on a new thread with a stack of {@code stackBytes}, waiting for it even if this
     * thread is interrupted (the interrupt is kept for the caller).
     *
     * @throws LeanParser.TooDeep if the stack is too small
     * @throws NoThread if no thread with that stack can be made
     */
    private static Program onThread(String text, Rule rule, long stackBytes) {
        Object[] outcome = new Object[1];
        Thread thread = new Thread(null, () -> {
            try {
                outcome[0] = parseHere(text, rule, Nesting.ruleBudget(stackBytes));
            } catch (RuntimeException | Error e) {
                outcome[0] = e;
            }
        }, "derive-parser", stackBytes);
        try {
            thread.start();
        } catch (OutOfMemoryError e) {
            throw new NoThread();
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (outcome[0] instanceof Program program) return program;
        if (outcome[0] instanceof RuntimeException e) throw e;
        throw (Error) outcome[0];
    }

    /** No thread with the stack asked for could be made: the machine would not reserve it. */
    private static final class NoThread extends RuntimeException {
        NoThread() {
            super(null, null, false, false);
        }
    }

    /** @throws LeanParser.TooDeep if the text nests more than {@code maxDepth} rules */
    private static Program parseHere(String text, Rule rule, int maxDepth) {
        try {
            return parseFast(text, rule, maxDepth);
        } catch (LeanParser.TooDeep e) {
            throw e;
        } catch (RuntimeException e) {
            return parseExactly(text, rule, maxDepth);
        }
    }

    private static Program parseFast(String text, Rule rule, int maxDepth) {
        DeriveLexer lexer = new DeriveLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        DeriveParser parser = new LeanParser(new UnbufferedTokenStream<>(lexer), maxDepth);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        parser.removeErrorListeners();
        GraphBuilder builder = GraphBuilder.resolvingAsItGoes(parser);
        parser.addParseListener(builder);
        rule.parse(parser);
        return builder.program();
    }

    private static Program parseExactly(String text, Rule rule, int maxDepth) {
        DeriveLexer lexer = new DeriveLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        DeriveParser parser = new LeanParser(tokens, maxDepth);
        Set<String> assigned = rule == Rule.PROGRAM ? assignedNames(tokens.getTokens()) : Set.of();
        GraphBuilder builder = GraphBuilder.knowing(assigned, parser);
        parser.addParseListener(builder);
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrors());
        rule.parse(parser);
        return builder.program();
    }

    /**
     * Every name followed by '=' outside brackets and parentheses (inside them, '=' follows a
     * sum's loop variable or an array definition's index): the names the program assigns. Known
     * before parsing, so a name can be told to be an input or a later assignment's at its first use.
     */
    private static Set<String> assignedNames(List<Token> tokens) {
        Set<String> names = new HashSet<>();
        int depth = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            int type = tokens.get(i).getType();
            if (type == DeriveParser.LPAREN || type == DeriveParser.LBRACK) depth++;
            else if ((type == DeriveParser.RPAREN || type == DeriveParser.RBRACK) && depth > 0) depth--;
            else if (depth == 0 && type == DeriveParser.NAME && tokens.get(i + 1).getType() == DeriveParser.ASSIGN) {
                names.add(tokens.get(i).getText());
            }
        }
        return names;
    }
}
