package dev.derive.parse;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * The parser without a parse tree, for a {@link GraphBuilder} listening to it. ANTLR adds each
 * matched token to its rule's context whenever a parse listener is attached, even with parse
 * trees off, so the context of a million-term sum would keep a million operator tokens. The
 * builder reads only the contexts' labelled tokens, so this parser adds none.
 */
final class LeanParser extends DeriveParser {

    LeanParser(TokenStream input) {
        super(input);
        setBuildParseTree(false);
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
