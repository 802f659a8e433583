package dev.derive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void aLongRunShowsItsPhaseAndClearsTheLine() throws InterruptedException {
        StringWriter text = new StringWriter();
        try (Progress progress = Progress.on(new PrintWriter(text), true, 50)) {
            progress.phase("parsing");
            Thread.sleep(300);
        }
        String shown = text.toString();
        assertTrue(shown.startsWith("\rderive: parsing... 0 s"), shown);
        assertTrue(shown.endsWith(" ".repeat(40) + "\r"), "the line is cleared at the end");
    }

    @Test
    void aShortRunOrOneWithoutATerminalShowsNothing() throws InterruptedException {
        StringWriter quick = new StringWriter();
        try (Progress progress = Progress.on(new PrintWriter(quick), true, 10_000)) {
            progress.phase("parsing");
        }
        assertEquals("", quick.toString());
        StringWriter piped = new StringWriter();
        try (Progress progress = Progress.on(new PrintWriter(piped), false, 0)) {
            progress.phase("parsing");
            Thread.sleep(100);
        }
        assertEquals("", piped.toString());
    }
}
