package dev.derive.parse;

import dev.derive.DeriveException;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's first syntax error into a {@link DeriveException} with a plain sentence, and
 * stops the parse there: one clear message is worth more than a cascade of recovered ones.
 */
final class SyntaxErrors extends BaseErrorListener {

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                            int column, String antlrMessage, RecognitionException e) {
        Parser parser = (Parser) recognizer;
        Token found = (Token) offendingSymbol;
        TokenStream tokens = parser.getInputStream();
        Token previous = previousToken(tokens, found);
        IntervalSet expected = e != null && e.getExpectedTokens() != null
                ? e.getExpectedTokens() : parser.getExpectedTokens();
        parser.removeParseListeners(); // the graph builder must not see the unwinding rules exit
        throw describe(tokens, found, previous, expected);
    }

    private static DeriveException describe(TokenStream tokens, Token found, Token previous,
                                            IntervalSet expected) {
        int type = found.getType();
        if (type == DeriveParser.STRAY) {
            return at(found, "Unexpected character '" + SourceText.visible(found.getText()) + "'.");
        }
        if (type == Token.EOF && previous == null) {
            return new DeriveException(1, 1, "Empty input: expected an expression.");
        }
        if (expected.contains(DeriveParser.RPAREN) && isEnd(type)) {
            Token open = openParenBefore(tokens, found);
            if (open != null) {
                String where = type == Token.EOF ? "" : " on line " + found.getLine();
                return at(open, "'(' is never closed: expected ')' before " + describe(found)
                        + where + ".");
            }
        }
        Token spot = type == Token.EOF ? endOf(previous) : found;
        if (expectsOperand(expected)) {
            String after = previous == null ? "" : " after " + describe(previous);
            return at(spot, "Missing operand: expected a number, name or '('" + after
                    + " but found " + describe(found) + ".");
        }
        if (type == DeriveParser.RPAREN && openParenBefore(tokens, found) == null) {
            return at(found, "Unbalanced ')': there is no '(' for it to close.");
        }
        Token open = openParenBefore(tokens, found);
        if (open != null && open.getLine() < found.getLine()) {
            // Newlines inside parentheses are spaces, so an unclosed '(' swallows later lines.
            return at(open, "'(' is never closed: the parenthesis runs on to "
                    + describe(found) + " on line " + found.getLine() + ".");
        }
        if (isComparison(type) && !expected.contains(type)) {
            return at(found, "Comparisons do not chain: " + describe(found) + " follows a comparison."
                    + " For 'a < b and b < c' write (a < b)*(b < c).");
        }
        if (previous != null && startsOperand(type) && endsOperand(previous.getType())) {
            String missing = open != null ? "'*' or a ','" : "'*' or a ';'";
            return at(spot, "Expected an operator after " + describe(previous) + " but found "
                    + describe(found) + ". Is a " + missing + " missing?");
        }
        if (expected.contains(DeriveParser.SEMI) && previous != null) {
            return at(spot, "Expected an operator or the end of the statement after "
                    + describe(previous) + " but found " + describe(found) + ".");
        }
        if (type == DeriveParser.NEWLINE) return at(spot, "Unexpected line break.");
        return at(spot, "Unexpected " + describe(found) + ".");
    }

    private static boolean isComparison(int type) {
        return type == DeriveParser.LT || type == DeriveParser.LE || type == DeriveParser.GT
                || type == DeriveParser.GE || type == DeriveParser.EQ || type == DeriveParser.NE;
    }

    private static boolean isEnd(int type) {
        return type == Token.EOF || type == DeriveParser.NEWLINE || type == DeriveParser.SEMI;
    }

    private static boolean startsOperand(int type) {
        return type == DeriveParser.NAME || type == DeriveParser.NUMBER || type == DeriveParser.LPAREN;
    }

    private static boolean endsOperand(int type) {
        return type == DeriveParser.NAME || type == DeriveParser.NUMBER || type == DeriveParser.RPAREN;
    }

    private static boolean expectsOperand(IntervalSet expected) {
        return expected.contains(DeriveParser.NUMBER) && expected.contains(DeriveParser.LPAREN);
    }

    /** The innermost '(' before {@code token} that no ')' closes, or null. */
    private static Token openParenBefore(TokenStream tokens, Token token) {
        int depth = 0;
        for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
            int type = tokens.get(i).getType();
            if (type == DeriveParser.RPAREN) depth++;
            if (type == DeriveParser.LPAREN && depth-- == 0) return tokens.get(i);
        }
        return null;
    }

    private static Token previousToken(TokenStream tokens, Token token) {
        int index = token.getTokenIndex() - 1;
        while (index >= 0 && tokens.get(index).getType() == DeriveParser.NEWLINE) {
            index--;
        }
        return index >= 0 ? tokens.get(index) : null;
    }

    private static String describe(Token token) {
        return switch (token.getType()) {
            case Token.EOF -> "the end of the input";
            case DeriveParser.NEWLINE -> "the end of the line";
            default -> "'" + SourceText.visible(token.getText()) + "'";
        };
    }

    /** A pseudo-token just after {@code token}, where an end-of-input error is reported. */
    private static Token endOf(Token token) {
        org.antlr.v4.runtime.CommonToken end = new org.antlr.v4.runtime.CommonToken(Token.EOF);
        end.setLine(token.getLine());
        end.setCharPositionInLine(token.getCharPositionInLine() + token.getText().length());
        return end;
    }

    private static DeriveException at(Token token, String message) {
        return GraphBuilder.error(token, message);
    }
}
