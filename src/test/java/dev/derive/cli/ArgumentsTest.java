package dev.derive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void optionsInEveryForm() {
        Arguments a = Arguments.parse(new String[] {"--wrt", "x, y", "--wrt=z", "--at", "x=1", "--at=y=max(1,2)",
            "--json", "-fsource.derive"});
        assertEquals(List.of("x", "y", "z"), a.wrt);
        assertEquals(List.of("x=1", "y=max(1,2)"), a.at);
        assertTrue(a.json);
        assertEquals("source.derive", a.file);
        assertNull(a.source);
        assertEquals("f.derive", Arguments.parse(new String[] {"-f", "f.derive"}).file);
        assertEquals("f.derive", Arguments.parse(new String[] {"--file=f.derive"}).file);
    }

    @Test
    void aSourceMayStartWithAMinusAndDoubleDashEndsTheOptions() {
        assertEquals("-x^2", Arguments.parse(new String[] {"-x^2"}).source);
        assertEquals("-hx", Arguments.parse(new String[] {"-hx"}).source);
        assertEquals("--json", Arguments.parse(new String[] {"--", "--json"}).source);
        assertTrue(Arguments.parse(new String[] {"-h"}).help);
        assertTrue(Arguments.parse(new String[] {"-V"}).version);
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhatIsWrong() {
        assertEquals("unknown option '--jsn'", usageError("--jsn", "x"));
        assertEquals("option '--wrt' needs a value (NAME[,NAME...])", usageError("x", "--wrt"));
        assertEquals("option '--json' takes no value", usageError("--json=yes", "x"));
        assertEquals("option '--file' is given more than once", usageError("-f", "a", "-f", "b"));
        assertTrue(usageError("-q", "x").contains("'-q' was read as a formula"));
    }

    @Test
    void theHelpListsEveryOptionWithinEightyColumns() {
        String help = Arguments.usage();
        for (Arguments.Option option : Arguments.Option.values()) {
            assertTrue(help.contains(option.name), option.name);
        }
        for (String line : help.split("\n")) assertTrue(line.length() <= 80, line);
    }

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> Arguments.parse(args)).getMessage();
    }
}
