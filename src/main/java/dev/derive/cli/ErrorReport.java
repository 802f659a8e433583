package dev.derive.cli;

import dev.derive.DeriveException;
import dev.derive.parse.SourceText;

/**
 * A {@link DeriveException} as the user sees it: one line with the position and the message,
 * then the source line and a caret under the spot. Characters that would not show (control
 * characters, invisible formatting) are shown as escapes, and the caret moves with them.
 */
final class ErrorReport {
    /** Lines longer than this, in characters, are shown as a window around the spot. */
    private static final int WINDOW = 100;

    private ErrorReport() {}

    /** @param source the normalized source text ({@link SourceText#normalize}) */
    static String format(DeriveException e, String source) {
        int[] line = lineOf(source, e.line()).codePoints().toArray();
        int spot = Math.min(Math.max(e.column() - 1, 0), line.length);
        int from = 0;
        int to = line.length;
        if (line.length > WINDOW) {
            from = Math.max(0, spot - WINDOW / 2);
            to = Math.min(line.length, from + WINDOW);
        }
        StringBuilder shown = new StringBuilder(from > 0 ? "..." : "");
        StringBuilder caret = new StringBuilder(" ".repeat(shown.length()));
        for (int i = from; i < to; i++) {
            String text = shown(line[i]);
            if (i < spot) caret.append(line[i] == '\t' ? "\t" : " ".repeat(text.length()));
            shown.append(text);
        }
        if (to < line.length) shown.append("...");
        caret.append('^');
        return "error: " + SourceText.visible(e.located()) + "\n  " + shown + "\n  " + caret;
    }

    /** A character as the echoed line shows it: itself, or its escape; a tab stays a tab. */
    private static String shown(int codePoint) {
        if (codePoint == '\t' || Character.isSupplementaryCodePoint(codePoint)) {
            return Character.toString(codePoint);
        }
        return SourceText.visible(Character.toString(codePoint));
    }

    /** Line {@code number} (from 1) of {@code source}, without its line break. */
    private static String lineOf(String source, int number) {
        int start = 0;
        for (int i = 1; i < number; i++) {
            int next = source.indexOf('\n', start);
            if (next < 0) return "";
            start = next + 1;
        }
        int end = source.indexOf('\n', start);
        return source.substring(start, end < 0 ? source.length() : end);
    }
}
