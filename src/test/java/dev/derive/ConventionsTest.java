package dev.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.derive.diff.Domain;
import dev.derive.diff.ReverseMode;
import dev.derive.graph.Interpreter;
import dev.derive.graph.Node;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * README's table of conventions where a derivative does not exist or a formula breaks down,
 * row by row: each partial is what the table says, from the reference interpreter and from
 * compiled code alike. Partials are listed in the order of the source's inputs.
 */
class ConventionsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = ';', value = {
        // abs, relu and sign at their kinks
        "abs(x); x=0; 0",
        "relu(x); x=0; 0",
        "sign(x); x=0; 0",
        "max(x, -x); x=0; 0",
        // max and min split a tie evenly, a tie of infinities too
        "max(x, y); x=1,y=1; 0.5,0.5",
        "min(x, y); x=1,y=1; 0.5,0.5",
        "max(x, y); x=Infinity,y=Infinity; 0.5,0.5",
        "min(x, y); x=-Infinity,y=-Infinity; 0.5,0.5",
        "max(x, y); x=3,y=1; 1,0",
        // sqrt at both zeros
        "sqrt(x); x=0; Infinity",
        "sqrt(x); x=-0.0; Infinity",
        // hypot at the origin agrees with abs: hypot(x, 0) is |x|
        "hypot(x, y); x=0,y=0; 0,0",
        "hypot(x, 0); x=0; 0",
        "hypot(x, y); x=0,y=2; 0,1",
        // powers: d/da is 0 where b = 0, as for a^0 = 1; d/db is 0 where a = 0, as 0^b is flat
        "x^y; x=0,y=0; 0,0",
        "x^0 + 0*y; x=0,y=0; 0,0",
        "x^y; x=0,y=2; 0,0",
        "0^y; y=0.5; 0",
        "x^y; x=0,y=-1; -Infinity,0",
        "x^y; x=-2,y=2; -4,NaN",
        "x^y; x=2,y=0; 0,0.6931471805599453",
        // undefined functions have undefined partials
        "log(x); x=-1; NaN",
        "log1p(x); x=-2; NaN",
        "sqrt(x); x=-4; NaN",
        "x*y + log(y); x=2,y=-1; NaN,NaN",
        "log(x); x=0; Infinity",
        // equivalent forms that still differ at a kink: 0/0
        "sqrt(x^2); x=0; NaN",
        "atan2(y, x); x=0,y=0; NaN,NaN",
        // comparisons and if: the branch taken, and 0 from the other even where it is infinite
        "x < y; x=1,y=2; 0,0",
        "if(x > 0, sqrt(x), 0); x=0; 0",
        "if(x > 0, sqrt(x), 0); x=4; 0.25",
        "if(x > 0, x*log(x), 0); x=-1; 0",
        "if(x >= 0, sqrt(x), -x); x=-1; -1",
    })
    void partialsAreWhatTheTableSays(String source, String at, String expected) {
        Program p = ProgramParser.parse(source);
        Map<String, Double> point = new HashMap<>();
        for (String binding : at.split(",")) {
            String[] nameValue = binding.split("=");
            point.put(nameValue[0], Double.parseDouble(nameValue[1]));
        }
        double[] want = Arrays.stream(expected.split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] x = p.inputs().stream().mapToDouble(v -> point.get(v.name)).toArray();

        List<Node> partials = ReverseMode.gradient(p.graph(), p.value(), p.inputs());
        List<Node> outputs = new ArrayList<>(List.of(p.value()));
        outputs.addAll(partials);
        double[] interpreted = Interpreter.evaluate(p.graph(), outputs, point);
        double[] gradient = Arrays.copyOfRange(interpreted, 1, interpreted.length);
        Domain.restrict(interpreted[0], gradient);
        assertEquals(Arrays.toString(want), Arrays.toString(gradient), "interpreter");

        double[] compiled = new double[x.length];
        Derive.gradient(source).valueAndGradient(x, compiled);
        assertEquals(Arrays.toString(want), Arrays.toString(compiled), "compiled");
        if (x.length == 1) {
            assertEquals(want[0], Derive.derivative(source).applyAsDouble(x[0]), "Derive.derivative");
        }
    }
}
