package dev.derive.parse;

import dev.derive.DeriveException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.UnbufferedTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Source text to {@link Program}: the ANTLR parser, then an iterative walk that builds the graph.
 *
 * <p>ANTLR's parser is recursive descent, so its stack grows with the nesting of parentheses,
 * calls and signs. It runs on a thread of its own with a large stack: a few kilobytes per level
 * of nesting, so far more than {@link #NESTING_LIMIT} levels fit. Running out anyway is reported
 * as a clean error, never as a crash. The graph is built as the parser goes, so no parse tree
 * is kept: a million-term sum costs its nodes, nothing more.
 *
 * <p>Each source is first parsed the fast way: tokens are not kept, ANTLR predicts in its
 * simpler SLL mode and gives up at the first syntax error, and names are resolved assuming none
 * is used before its assignment. Any trouble (a syntax or semantic error, nesting too deep, or
 * that assumption proved wrong) is left to an exact parse with every token at hand, which gives
 * the same graph for valid programs and the full error messages for invalid ones.
 */
public final class ProgramParser {
    /** The nesting depth that is guaranteed to parse. */
    public static final int NESTING_LIMIT = 100_000;
    private static final long PARSER_STACK_BYTES = 2L << 30;

    private ProgramParser() {}

    /** Parses {@code source}; throws {@link DeriveException} for bad input. */
    public static Program parse(String source) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> outcome.set(parseHere(source)),
                "derive-parser", PARSER_STACK_BYTES);
        thread.setUncaughtExceptionHandler((t, e) -> outcome.set(e));
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing", e);
        }
        Object result = outcome.get();
        if (result instanceof Program program) return program;
        if (result instanceof RuntimeException e) throw e;
        if (result instanceof Error e) throw e;
        throw new IllegalStateException("parser ended without a result");
    }

    private static Object parseHere(String source) {
        try {
            return parseFast(source);
        } catch (RuntimeException | StackOverflowError e) {
            return parseExactly(source);
        }
    }

    private static Program parseFast(String source) {
        DeriveLexer lexer = new DeriveLexer(CharStreams.fromString(source));
        lexer.removeErrorListeners();
        DeriveParser parser = new LeanParser(new UnbufferedTokenStream<>(lexer));
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        parser.removeErrorListeners();
        GraphBuilder builder = GraphBuilder.resolvingAsItGoes(parser);
        parser.addParseListener(builder);
        parser.program();
        return builder.program();
    }

    private static Object parseExactly(String source) {
        DeriveLexer lexer = new DeriveLexer(CharStreams.fromString(source));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        DeriveParser parser = new LeanParser(tokens);
        GraphBuilder builder = GraphBuilder.knowing(assignedNames(tokens.getTokens()), parser);
        parser.addParseListener(builder);
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrors());
        try {
            parser.program();
        } catch (StackOverflowError e) {
            parser.removeParseListeners();
            return GraphBuilder.error(parser.getCurrentToken(),
                    "The expression is nested too deeply to parse.");
        }
        return builder.program();
    }

    /**
     * Every name followed by '=': the names the program assigns. Known before parsing, so a
     * name can be told to be an input or a later assignment's at its first use.
     */
    private static Set<String> assignedNames(List<Token> tokens) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).getType() == DeriveParser.NAME
                    && tokens.get(i + 1).getType() == DeriveParser.ASSIGN) {
                names.add(tokens.get(i).getText());
            }
        }
        return names;
    }
}
