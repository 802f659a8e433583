package dev.derive.cli;

import dev.derive.Derive;
import dev.derive.DeriveException;
import dev.derive.parse.SourceText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code --at} option: {@code name=value} bindings separated by commas, where a value may
 * be any one constant expression ({@code x=pi/4}, {@code x=max(1,min(2,3))}).
 *
 * @param values each name's value, in the order given
 * @param bindings each binding as given, trimmed, for the report's header
 */
record Point(Map<String, Double> values, List<String> bindings) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");
    /** A number as the language writes it, optionally signed. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** The bindings of every {@code --at} option, in order. */
    static Point parse(List<String> options) {
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> bindings = new ArrayList<>();
        for (String option : options) {
            for (String binding : splitAtTopLevelCommas(option)) {
                int eq = binding.indexOf('=');
                if (eq < 0) {
                    throw new UsageException("--at: expected name=value, got '" + SourceText.visible(binding) + "'");
                }
                String name = binding.substring(0, eq).trim();
                if (!NAME.matcher(name).matches()) {
                    throw new UsageException("--at: '" + SourceText.visible(name) + "' is not a variable name,"
                            + " in '" + SourceText.visible(binding) + "'");
                }
                if (values.put(name, value(name, binding.substring(eq + 1).trim())) != null) {
                    throw new UsageException("--at: '" + name + "' is given more than once");
                }
                bindings.add(binding.trim());
            }
        }
        return new Point(values, bindings);
    }

    /** The parts of {@code text} between commas outside parentheses. */
    static List<String> splitAtTopLevelCommas(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (c == ',' && depth == 0) {
                parts.add(text.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(text.substring(from));
        return parts;
    }

    private static double value(String name, String text) {
        return NUMBER.matcher(text).matches() ? Double.parseDouble(text) : constantExpression(name, text);
    }

    /** Values such as {@code pi/2} or {@code -1e-3}: one expression without variables. */
    private static double constantExpression(String name, String text) {
        try {
            return Derive.constant(text);
        } catch (DeriveException e) {
            throw new UsageException("--at: the value of '" + name + "' must be one constant expression, not '"
                    + SourceText.visible(text) + "' (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--at: the value of '" + name + "' must be a number or a constant"
                    + " expression, not '" + SourceText.visible(text) + "'");
        }
    }
}
