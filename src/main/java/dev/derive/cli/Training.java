package dev.derive.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The run the {@code ./derive} launcher records its class-data sharing archive from: the
 * command's common paths, so the classes they load start pre-parsed and verified on every
 * later run (about a third of a short run's time).
 */
final class Training {
    private Training() {}

    public static void main(String[] args) {
        String large = "x0*0" + " + (100*(x1 - x0^2)^2 + (1 - x0)^2)".repeat(1) + " + sin(x2)*x3".repeat(120);
        String[][] runs = {
            {"exp(-(w0*x0+w1*x1+w2))"},
            {"--json", "--at", "x=1,y=pi/4", "c = x*y; if(c > 0, sqrt(c), 0) + max(x, y)"},
            {"--at", "a=1,b=2", "--wrt", "a", "c = a + b; d = b + 1; e = c * d"},
            {"--at", "x0=1,x1=2,x2=3,x3=4", large},
            {"x +* 2"},
            {"--at", "x=", "x"},
            {"--bytecode", "sin(x)*y"},
            {"sum(i = 0 .. n-2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)"},
            {"--json", "--size", "k=3", "--at", "a=2", "sum(i = 0 .. k, a*i + sum(j = 0 .. i, a^2))"},
            {"-f", "/nonexistent/derive-training"},
            {"--help"},
        };
        for (String[] run : runs) {
            Main.run(run, new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()));
        }
    }
}
