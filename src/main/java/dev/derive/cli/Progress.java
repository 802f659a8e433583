package dev.derive.cli;

import java.io.PrintWriter;

/**
 * What a long run is doing, on standard error when that is a terminal: after
 * {@link #QUIET_MILLIS} of one run, a line such as {@code derive: parsing... 3 s}, rewritten in
 * place and cleared at the end. Short runs, and runs whose standard error is a file or a pipe,
 * print nothing.
 *
 * <p>Whether standard error is a terminal is told by the launcher ({@code -Dderive.progress},
 * from the shell's {@code [ -t 2 ]}); without it, by Java's console, which needs standard input
 * and output to be terminals too.
 */
final class Progress implements AutoCloseable {
    static final long QUIET_MILLIS = 1500;
    private static final long EVERY_MILLIS = 500;

    private final PrintWriter err;
    private final long quietMillis;
    private final long start = System.nanoTime();
    private volatile String phase = "starting";
    private Thread ticker;
    private boolean shown;

    private Progress(PrintWriter err, long quietMillis) {
        this.err = err;
        this.quietMillis = quietMillis;
    }

    /** Progress on {@code err} if it is a terminal, else a progress that prints nothing. */
    static Progress on(PrintWriter err) {
        String told = System.getProperty("derive.progress");
        return on(err, told != null ? Boolean.parseBoolean(told) : System.console() != null, QUIET_MILLIS);
    }

    /** Progress on {@code err} if {@code terminal}, shown after {@code quietMillis}. */
    static Progress on(PrintWriter err, boolean terminal, long quietMillis) {
        Progress p = new Progress(err, quietMillis);
        if (terminal) p.start();
        return p;
    }

    /** The work now under way: "parsing", "differentiating", ... */
    void phase(String now) {
        phase = now;
    }

    private void start() {
        ticker = new Thread(this::tick, "derive-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    private void tick() {
        try {
            Thread.sleep(quietMillis);
            while (true) {
                show();
                Thread.sleep(EVERY_MILLIS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private synchronized void show() {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        err.print("\rderive: " + phase + "... " + seconds + " s   ");
        err.flush();
        shown = true;
    }

    /** Stops, and clears the line if one was shown. */
    @Override
    public void close() {
        if (ticker == null) return;
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker = null;
        synchronized (this) {
            if (shown) {
                err.print("\r" + " ".repeat(40) + "\r");
                err.flush();
            }
        }
    }
}
