package dev.derive.parse;

import dev.derive.DeriveException;
import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * Builds the graph of a program while an iterative walker visits its parse tree: each exited
 * rule pops its operands' nodes from a stack and pushes its own, so no call nests deeper than
 * the walker does.
 */
final class GraphBuilder extends DeriveBaseListener {
    private final Graph graph = new Graph();
    private final Set<String> assignedSomewhere;
    private final Map<String, Node> assigned = new LinkedHashMap<>();
    private final Map<String, Integer> assignedOnLine = new LinkedHashMap<>();
    private final Map<String, Node> inputs = new LinkedHashMap<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Deque<Node> stack = new ArrayDeque<>();
    private Node value;
    private String valueName;

    /** @param assignedSomewhere every name some statement of the program assigns */
    GraphBuilder(Set<String> assignedSomewhere) {
        this.assignedSomewhere = assignedSomewhere;
    }

    Program program() {
        return new Program(graph, List.copyOf(inputs.values()), value, valueName,
                Collections.unmodifiableMap(assigned),
                Collections.unmodifiableSet(names));
    }

    @Override
    public void enterAssignment(DeriveParser.AssignmentContext ctx) {
        Token target = ctx.NAME().getSymbol();
        String name = target.getText();
        if (Op.isFunction(name)) {
            throw error(target, "Cannot assign to '" + name + "': it is a built-in function.");
        }
        Integer line = assignedOnLine.get(name);
        if (line != null) {
            throw error(target, "'" + name + "' is already assigned on line " + line
                    + "; a name can be assigned only once.");
        }
    }

    @Override
    public void exitAssignment(DeriveParser.AssignmentContext ctx) {
        Token target = ctx.NAME().getSymbol();
        String name = target.getText();
        value = stack.pop();
        valueName = name;
        assigned.put(name, value);
        assignedOnLine.put(name, target.getLine());
        names.add(name);
    }

    @Override
    public void exitBare(DeriveParser.BareContext ctx) {
        value = stack.pop();
        valueName = null;
    }

    @Override
    public void exitExpr(DeriveParser.ExprContext ctx) {
        foldLeft(ctx.ops, ctx.term().size());
    }

    @Override
    public void exitTerm(DeriveParser.TermContext ctx) {
        foldLeft(ctx.ops, ctx.unary().size());
    }

    @Override
    public void exitSign(DeriveParser.SignContext ctx) {
        if (ctx.op.getType() == DeriveParser.MINUS) {
            stack.push(graph.neg(stack.pop()));
        }
    }

    @Override
    public void exitPower(DeriveParser.PowerContext ctx) {
        if (ctx.unary() != null) {
            Node exponent = stack.pop();
            stack.push(graph.pow(stack.pop(), exponent));
        }
    }

    @Override
    public void exitNumber(DeriveParser.NumberContext ctx) {
        stack.push(graph.constant(Double.parseDouble(ctx.NUMBER().getText())));
    }

    @Override
    public void exitName(DeriveParser.NameContext ctx) {
        stack.push(resolve(ctx.NAME().getSymbol()));
    }

    @Override
    public void exitCall(DeriveParser.CallContext ctx) {
        Token nameToken = ctx.NAME().getSymbol();
        String name = nameToken.getText();
        Op op = Op.function(name);
        int count = ctx.expr().size();
        if (op == null) {
            throw error(nameToken, "Unknown function '" + name + "'.");
        }
        if (count != op.arity) {
            throw error(nameToken, "'" + name + "' takes " + arguments(op.arity)
                    + " but is given " + count + ".");
        }
        Node b = op.arity == 2 ? stack.pop() : null;
        Node a = stack.pop();
        stack.push(graph.apply(op, a, b));
    }

    private Node resolve(Token token) {
        String name = token.getText();
        if (assignedSomewhere.contains(name)) {
            Node node = assigned.get(name);
            if (node == null) {
                throw error(token, "'" + name + "' is used before its assignment.");
            }
            return node;
        }
        if (name.equals("pi")) return graph.constant(Math.PI);
        if (name.equals("e")) return graph.constant(Math.E);
        if (Op.isFunction(name)) {
            throw error(token, "'" + name + "' is a function; call it as " + name + "(...).");
        }
        names.add(name);
        return inputs.computeIfAbsent(name, graph::variable);
    }

    /** Replaces the top {@code count} nodes by their left-to-right combination with {@code ops}. */
    private void foldLeft(List<Token> ops, int count) {
        if (count == 1) return;
        Node[] operands = new Node[count];
        for (int i = count - 1; i >= 0; i--) {
            operands[i] = stack.pop();
        }
        Node result = operands[0];
        for (int i = 1; i < count; i++) {
            result = combine(ops.get(i - 1).getType(), result, operands[i]);
        }
        stack.push(result);
    }

    private Node combine(int operator, Node left, Node right) {
        return switch (operator) {
            case DeriveParser.PLUS -> graph.add(left, right);
            case DeriveParser.MINUS -> graph.sub(left, right);
            case DeriveParser.STAR -> graph.mul(left, right);
            case DeriveParser.SLASH -> graph.div(left, right);
            default -> throw new IllegalStateException("not a binary operator: " + operator);
        };
    }

    private static String arguments(int n) {
        return n == 1 ? "1 argument" : n + " arguments";
    }

    static DeriveException error(Token token, String message) {
        return new DeriveException(token.getLine(), token.getCharPositionInLine() + 1, message);
    }
}
