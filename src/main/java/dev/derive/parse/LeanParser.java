package dev.derive.parse;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * The parser without a parse tree, for a {@link GraphBuilder} listening to it, and with a
 * bound on its recursion.
 *
 * <p>ANTLR adds each matched token to its rule's context whenever a parse listener is
 * attached, even with parse trees off, so the context of a million-term sum would keep a
 * million operator tokens. The builder reads only the contexts' labelled tokens, so this
 * parser adds none.
 *
 * <p>Past {@code maxDepth} nested rules it stops with {@link TooDeep} before the thread's stack
 * runs out, having detached its listeners first: a stack overflow would instead unwind through
 * every rule's exit, and the builder would see rules exit that never matched.
 */
final class LeanParser extends DeriveParser {
    private final int maxDepth;
    private int depth;

    LeanParser(TokenStream input, int maxDepth) {
        super(input);
        this.maxDepth = maxDepth;
        setBuildParseTree(false);
    }

    /** The parse needs a larger stack than it was given. */
    static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    @Override
    public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
        if (++depth > maxDepth) {
            removeParseListeners();
            throw new TooDeep();
        }
        super.enterRule(localctx, state, ruleIndex);
    }

    @Override
    public void exitRule() {
        depth--;
        super.exitRule();
    }

    @Override
    public Token consume() {
        Token token = getCurrentToken();
        if (token.getType() != Token.EOF) {
            getInputStream().consume();
        }
        return token;
    }
}
