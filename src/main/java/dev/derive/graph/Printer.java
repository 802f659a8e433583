package dev.derive.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints nodes as text in the input language, so that parsing the text gives the same nodes.
 *
 * <p>Several lines printed together share their common parts: a subexpression used more than
 * once is printed once, as a temporary ({@code t1 = ...}) or under a name the source gave it,
 * and referred to by that name. Printing walks with an explicit stack, never recursion.
 */
public final class Printer {
    /**
     * One line to print: {@code label = node}, or just the expression when the label is null.
     * Other lines may refer to a {@code referable} line's node by its label.
     */
    public record Line(String label, Node node, boolean referable) {}

    /** Id (topological) order; a class, not a lambda, as lambdas cost a short run's startup. */
    private static final Comparator<Node> BY_ID = new Comparator<>() {
        @Override
        public int compare(Node x, Node y) {
            return Integer.compare(x.id, y.id);
        }
    };

    private static final int COMPARISON = 0, SUM = 1, PRODUCT = 2, SIGNED = 3, POWER = 4, ATOM = 5;

    private final Set<String> taken;
    private final Map<Node, String> preferredNames;
    /** Nodes defined before these lines (by enclosing code): printed by name, never expanded. */
    private Map<Node, String> known = Map.of();
    private final Map<Node, String> names = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private int nextTemporary;
    /*
     * Per-node counts, indexed by id and valid where their stamp equals the current print's
     * number: arrays reused by every print, so printing many small lines of a large graph costs
     * what those lines touch, not the size of the graph each time.
     */
    private int[] uses = new int[0];
    private int[] usesStamp = new int[0];
    private int[] visitedStamp = new int[0];
    private int printNumber;

    /**
     * @param taken names the printed text must not define as temporaries (the source's own);
     *     {@code pi} and {@code e} are printed for their constants only when not taken
     * @param preferredNames names to give shared nodes instead of temporaries, if they are free
     */
    public Printer(Set<String> taken, Map<Node, String> preferredNames) {
        this.taken = taken;
        this.preferredNames = preferredNames;
    }

    /** One node as a single expression, with no temporaries. */
    public static String expression(Node node) {
        return new Printer(Set.of(), Map.of()).infix(node);
    }

    /** The same printer, with nodes already defined under these names. */
    public Printer knowing(Map<Node, String> defined) {
        this.known = defined;
        return this;
    }

    /** The names the last {@link #print} gave nodes: temporaries and referable lines' labels. */
    public Map<Node, String> names() {
        return Map.copyOf(names);
    }

    /**
     * The lines, each preceded by the definitions of the shared parts it is first to use.
     * Each call numbers its temporaries afresh.
     */
    public List<String> print(List<Line> lines) {
        List<String> out = new ArrayList<>();
        for (List<String> group : printGroups(lines)) out.addAll(group);
        return out;
    }

    /**
     * As {@link #print}, each line's text in a group of its own, after the definitions it
     * needs; a labelled line whose node an earlier line needed (and so defined under the
     * label) has only its definitions.
     */
    public List<List<String>> printGroups(List<Line> lines) {
        startPrint(lines);
        countUses(lines);
        for (Line line : lines) {
            if (line.referable() && isShared(line.node()) && !names.containsKey(line.node())) {
                names.put(line.node(), line.label());
            }
        }
        List<List<String>> groups = new ArrayList<>();
        Set<Node> defined = new HashSet<>();
        for (Line line : lines) {
            List<String> out = new ArrayList<>();
            for (Node n : definitionsNeeded(line.node())) {
                String name = nameOf(n);
                if (line.label() != null && line.label().equals(name) && n == line.node()) continue;
                out.add(name + " = " + infix(n));
                defined.add(n);
            }
            boolean definedBefore = line.label() != null && line.label().equals(names.get(line.node()))
                    && defined.contains(line.node());
            if (!definedBefore) {
                out.add(line.label() == null ? reference(line.node()) : line.label() + " = " + body(line));
            }
            groups.add(out);
        }
        return groups;
    }

    private void startPrint(List<Line> lines) {
        printNumber++;
        names.clear();
        used.clear();
        nextTemporary = 1;
        int size = 0;
        for (Line line : lines) {
            size = Math.max(size, line.node().id + 1);
            if (line.label() != null) used.add(line.label());
        }
        if (size > uses.length) {
            int capacity = Math.max(size, 2 * uses.length);
            uses = new int[capacity];
            usesStamp = new int[capacity];
            visitedStamp = new int[capacity];
        }
    }

    private String body(Line line) {
        Node n = line.node();
        return line.label().equals(names.get(n)) ? infix(n) : reference(n);
    }

    /** The node's name if it has been given one, otherwise its expression. */
    private String reference(Node n) {
        if (known.containsKey(n)) return known.get(n);
        return isShared(n) ? nameOf(n) : infix(n);
    }

    /** Counts, for each node under the lines, how many lines and nodes use it. */
    private void countUses(List<Line> lines) {
        Deque<Node> work = new ArrayDeque<>();
        for (Line line : lines) {
            if (use(line.node()) == 1) work.push(line.node());
        }
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (known.containsKey(n)) continue;
            for (int i = 0; i < n.op.arity; i++) {
                if (use(n.arg(i)) == 1) work.push(n.arg(i));
            }
        }
    }

    /** Counts one more use of {@code n}; returns the count. */
    private int use(Node n) {
        if (usesStamp[n.id] != printNumber) {
            usesStamp[n.id] = printNumber;
            uses[n.id] = 0;
        }
        return ++uses[n.id];
    }

    /** Whether {@code n} is used more than once and big enough to be worth a name. */
    private boolean isShared(Node n) {
        return printNumber > 0 && !known.containsKey(n) && usesStamp[n.id] == printNumber && uses[n.id] > 1
                && !tooSmallToName(n);
    }

    private static boolean tooSmallToName(Node n) {
        return n.isLeaf() || (n.op == Op.NEG && n.a.isLeaf());
    }

    /**
     * The shared nodes {@code root} uses that earlier lines did not, in id (topological) order.
     * A node visited for an earlier line had every shared node under it defined then.
     */
    private List<Node> definitionsNeeded(Node root) {
        List<Node> needed = new ArrayList<>();
        Deque<Node> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (visitedStamp[n.id] == printNumber || known.containsKey(n)) continue;
            visitedStamp[n.id] = printNumber;
            if (isShared(n)) needed.add(n);
            for (int k = 0; k < n.op.arity; k++) work.push(n.arg(k));
        }
        needed.sort(BY_ID);
        return needed;
    }

    private String nameOf(Node n) {
        String name = names.get(n);
        if (name == null) {
            String preferred = preferredNames.get(n);
            name = preferred != null && !used.contains(preferred) ? preferred : freshTemporary();
            names.put(n, name);
            used.add(name);
        }
        return name;
    }

    private String freshTemporary() {
        String name;
        do {
            name = "t" + nextTemporary++;
        } while (taken.contains(name) || used.contains(name));
        return name;
    }

    /** The expression of {@code root}, referring to the shared nodes under it by name. */
    private String infix(Node root) {
        StringBuilder out = new StringBuilder();
        Deque<Object> work = new ArrayDeque<>();
        expand(root, work);
        while (!work.isEmpty()) {
            Object piece = work.pop();
            if (piece instanceof String text) {
                out.append(text);
            } else {
                Node n = (Node) piece;
                if (known.containsKey(n)) {
                    out.append(known.get(n));
                } else if (isShared(n)) {
                    out.append(nameOf(n));
                } else {
                    expand(n, work);
                }
            }
        }
        return out.toString();
    }

    /** Pushes the pieces of {@code n}'s own text so that they pop in reading order. */
    private void expand(Node n, Deque<Object> work) {
        List<Object> pieces = new ArrayList<>(7);
        switch (n.op) {
            case CONST -> pieces.add(number(n.value));
            case VAR -> pieces.add(n.name);
            case ADD, SUB, MUL, DIV -> {
                int level = ownPrecedence(n);
                operand(pieces, n.a, precedence(n.a) < level);
                pieces.add(operator(n.op));
                operand(pieces, n.b, precedence(n.b) <= level);
            }
            case LT, LE, GT, GE, EQ, NE -> {
                operand(pieces, n.a, precedence(n.a) <= COMPARISON);
                pieces.add(operator(n.op));
                operand(pieces, n.b, precedence(n.b) <= COMPARISON);
            }
            case NEG -> {
                pieces.add("-");
                operand(pieces, n.a, precedence(n.a) <= SIGNED);
            }
            case POW -> {
                operand(pieces, n.a, precedence(n.a) <= POWER);
                pieces.add("^");
                operand(pieces, n.b, precedence(n.b) < SIGNED);
            }
            default -> {
                pieces.add(n.op.functionName + "(");
                for (int k = 0; k < n.op.arity; k++) {
                    if (k > 0) pieces.add(", ");
                    pieces.add(n.arg(k));
                }
                pieces.add(")");
            }
        }
        for (int i = pieces.size() - 1; i >= 0; i--) {
            work.push(pieces.get(i));
        }
    }

    private static void operand(List<Object> pieces, Node n, boolean parenthesize) {
        if (parenthesize) pieces.add("(");
        pieces.add(n);
        if (parenthesize) pieces.add(")");
    }

    private static String operator(Op op) {
        return switch (op) {
            case ADD -> " + ";
            case SUB -> " - ";
            case MUL -> "*";
            case DIV -> "/";
            case LT -> " < ";
            case LE -> " <= ";
            case GT -> " > ";
            case GE -> " >= ";
            case EQ -> " == ";
            case NE -> " != ";
            default -> throw new IllegalArgumentException(op + " is not an infix operator");
        };
    }

    /** How tightly the printed text of {@code n} binds, from COMPARISON (loosest) to ATOM. */
    private int precedence(Node n) {
        return isShared(n) || known.containsKey(n) ? ATOM : ownPrecedence(n);
    }

    /** How tightly {@code n}'s own expression binds, when it is not printed as a name. */
    private static int ownPrecedence(Node n) {
        return switch (n.op) {
            case LT, LE, GT, GE, EQ, NE -> COMPARISON;
            case ADD, SUB -> SUM;
            case MUL, DIV -> PRODUCT;
            case NEG -> SIGNED;
            case POW -> POWER;
            case CONST -> isSigned(n.value) ? SIGNED : ATOM;
            default -> ATOM;
        };
    }

    private static boolean isSigned(double v) {
        return Double.isFinite(v) && (v < 0 || Double.doubleToLongBits(v) == Double.doubleToLongBits(-0.0));
    }

    /** A constant as the language writes it; parsing the text gives the same double. */
    private String number(double v) {
        if (Double.isNaN(v)) return "(0/0)";
        if (Double.isInfinite(v)) return v > 0 ? "(1/0)" : "(-1/0)";
        if (v == Math.PI && !taken.contains("pi")) return "pi";
        if (v == Math.E && !taken.contains("e")) return "e";
        return decimal(v);
    }

    /**
     * A double as text that reads back as the same double: whole numbers without a fraction
     * ({@code 2}, {@code -0}), others in Java's shortest round-trip form ({@code 0.1}, {@code 1.0E20}).
     */
    public static String decimal(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return (v == 0 && 1 / v < 0 ? "-" : "") + (long) v;
        }
        return Double.toString(v);
    }
}
