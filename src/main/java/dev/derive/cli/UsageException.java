package dev.derive.cli;

/** A mistake in how the command was called; its message is shown as is. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
