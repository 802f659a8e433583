package dev.derive;

/**
 * Bad source text: a message, and the line and column (both from 1) where the problem is.
 * The message is a sentence and does not repeat the position.
 */
public final class DeriveException extends RuntimeException {
    private final int line;
    private final int column;

    public DeriveException(int line, int column, String message) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** "line L, column C: message". */
    public String located() {
        return "line " + line + ", column " + column + ": " + getMessage();
    }
}
