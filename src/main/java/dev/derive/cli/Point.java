package dev.derive.cli;

import dev.derive.DeriveException;
import dev.derive.graph.Interpreter;
import dev.derive.parse.Program;
import dev.derive.parse.ProgramParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code --at} option: {@code name=value} bindings, where a value may be any constant expression. */
final class Point {
    private Point() {}

    static Map<String, Double> parse(List<String> bindings) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (String binding : bindings) {
            int eq = binding.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--at: expected name=value, got '" + binding + "'");
            }
            String name = binding.substring(0, eq).trim();
            if (point.put(name, value(name, binding.substring(eq + 1).trim())) != null) {
                throw new UsageException("--at: '" + name + "' is given more than once");
            }
        }
        return point;
    }

    /** A number as the language writes it, optionally signed. */
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static double value(String name, String text) {
        return NUMBER.matcher(text).matches() ? Double.parseDouble(text) : constantExpression(name, text);
    }

    /** Values such as {@code pi/2} or {@code -1e-3}: any expression without variables. */
    private static double constantExpression(String name, String text) {
        try {
            Program program = ProgramParser.parse(text);
            if (!program.inputs().isEmpty() || !program.value().isConstant()) {
                throw new UsageException("--at: the value of '" + name + "' must be a number, not '"
                        + text + "'");
            }
            return Interpreter.evaluate(program.graph(), List.of(program.value()), Map.of())[0];
        } catch (DeriveException e) {
            throw new UsageException("--at: the value of '" + name + "' is not a number: '"
                    + text + "'");
        }
    }
}
