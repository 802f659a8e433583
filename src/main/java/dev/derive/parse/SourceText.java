package dev.derive.parse;

import dev.derive.DeriveException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Source text as the parser and error messages see it: decoded from UTF-8 strictly, a leading
 * byte-order mark dropped, and every line ending ({@code \r\n}, {@code \n} or a lone
 * {@code \r}) made {@code \n}, so that line numbers count the lines an editor shows.
 */
public final class SourceText {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private SourceText() {}

    /** {@code text} without a leading byte-order mark, with {@code \n} line endings. */
    public static String normalize(String text) {
        int from = !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? 1 : 0;
        if (text.indexOf('\r') < 0) return text.substring(from);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\r') {
                out.append(c);
            } else {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
            }
        }
        return out.toString();
    }

    /**
     * The text of UTF-8 {@code bytes}, normalized.
     *
     * @throws DeriveException naming the line and column of the first byte that is not UTF-8
     */
    public static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = normalize(out.flip().toString());
            int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
            String lastLine = before.substring(before.lastIndexOf('\n') + 1);
            int column = 1 + lastLine.codePointCount(0, lastLine.length());
            throw new DeriveException(line, column, "The source is not valid UTF-8: "
                    + describeBytes(bytes, in.position(), result.length()) + ".");
        }
        decoder.flush(out);
        return normalize(out.flip().toString());
    }

    /** The text of {@code bytes} with each byte that is not UTF-8 shown as U+FFFD, normalized. */
    public static String decodeLossily(byte[] bytes) {
        return normalize(new String(bytes, StandardCharsets.UTF_8));
    }

    private static String describeBytes(byte[] bytes, int at, int length) {
        StringBuilder s = new StringBuilder(length == 1 ? "the byte " : "the bytes ");
        for (int i = at; i < at + length && i < bytes.length; i++) {
            if (i > at) s.append(' ');
            s.append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        return s.append(length == 1 ? " is not" : " are not").append(" a character").toString();
    }

    /**
     * {@code text} with every character that would not show, or would disturb a terminal,
     * written as an escape: control characters, and invisible formatting such as zero-width
     * spaces and direction overrides. Tabs and line breaks are {@code \t}, {@code \n} and
     * {@code \r}; others are {@code \}{@code uXXXX}.
     */
    public static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String shown = visible(c);
            if (shown != null && out == null) out = new StringBuilder(text.substring(0, i));
            if (out != null) {
                if (shown != null) out.append(shown);
                else out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** The escape that shows {@code c}, or null if it shows as itself. */
    static String visible(char c) {
        if (c == '\t') return "\\t";
        if (c == '\n') return "\\n";
        if (c == '\r') return "\\r";
        boolean hidden = c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.getType(c) == Character.FORMAT
                || c == '\u2028' || c == '\u2029';
        return hidden ? String.format("\\u%04X", (int) c) : null;
    }
}
