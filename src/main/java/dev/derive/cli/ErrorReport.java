package dev.derive.cli;

import dev.derive.DeriveException;

/**
 * A {@link DeriveException} as the user sees it: one line with the position and the message,
 * then the source line and a caret under the spot.
 */
final class ErrorReport {
    /** Lines longer than this are shown as a window around the spot. */
    private static final int WINDOW = 100;

    private ErrorReport() {}

    static String format(DeriveException e, String source) {
        String line = lineOf(source, e.line());
        int spot = Math.min(Math.max(e.column() - 1, 0), line.length());
        int from = 0;
        int to = line.length();
        if (line.length() > WINDOW) {
            from = Math.max(0, spot - WINDOW / 2);
            to = Math.min(line.length(), from + WINDOW);
        }
        String prefix = from > 0 ? "..." : "";
        String shown = prefix + line.substring(from, to) + (to < line.length() ? "..." : "");
        StringBuilder caret = new StringBuilder(" ".repeat(prefix.length()));
        for (int i = from; i < spot; i++) {
            caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return "error: " + e.located() + "\n  " + shown + "\n  " + caret;
    }

    /** Line {@code number} (from 1) of {@code source}, without its line break; lines end at \n. */
    private static String lineOf(String source, int number) {
        int start = 0;
        for (int i = 1; i < number; i++) {
            int next = source.indexOf('\n', start);
            if (next < 0) return "";
            start = next + 1;
        }
        int end = source.indexOf('\n', start);
        String line = source.substring(start, end < 0 ? source.length() : end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
