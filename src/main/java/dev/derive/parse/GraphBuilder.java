package dev.derive.parse;

import dev.derive.DeriveException;
import dev.derive.graph.Affine;
import dev.derive.graph.Graph;
import dev.derive.graph.Indexing;
import dev.derive.graph.Node;
import dev.derive.graph.Op;
import dev.derive.graph.Substitution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;

/**
 * Builds the graph of a program as the parser recognizes it: each rule, when it is exited, pops
 * its operands' nodes from a stack and pushes its own. It listens to the parser directly, so no
 * parse tree is kept and nothing here nests deeper than the parser itself.
 */
final class GraphBuilder extends DeriveBaseListener {
    /** The reduction written with a max and a sum rather than a kind of its own. */
    private static final String LOGSUMEXP = "logsumexp";
    private final Graph graph = new Graph();
    private final Set<String> assignedSomewhere;
    private final Map<String, Node> assigned = new LinkedHashMap<>();
    private final Map<String, Integer> assignedOnLine = new LinkedHashMap<>();
    private final Map<String, Node> inputs = new LinkedHashMap<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final Deque<Node> stack = new ArrayDeque<>();
    private List<Node> outputs = List.of();
    private List<String> outputNames = List.of();
    private String valueName;
    private final List<Token> bareStatements = new ArrayList<>();
    private Token lastStatement;

    private final Parser parser;

    // Arrays and indexed sums; all empty for a program of scalars.
    private final Map<String, Integer> arrays = new LinkedHashMap<>();
    private final Map<String, Indexing.Element> elements = new LinkedHashMap<>();
    private final Map<String, Indexing.Reduction> reductions = new LinkedHashMap<>();
    /** The loop variables of the sums being recognized, innermost last. */
    private final Deque<String> scope = new ArrayDeque<>();
    /** Each name that is some sum's loop variable, and where it is first one. */
    private final Map<String, Token> loopVariables = new LinkedHashMap<>();
    /** The names used in ranges' bounds. */
    private final Set<String> sizes = new LinkedHashSet<>();
    /** Names used in indexes outside any loop over them, each first use: sizes, or unknown. */
    private final Map<String, Token> indexNames = new LinkedHashMap<>();
    /** Where each scalar input is first used, for the errors of names used two ways. */
    private final Map<String, Integer> inputLines = new LinkedHashMap<>();
    private final Deque<Indexing.Reduction> openRanges = new ArrayDeque<>();
    /** The spans of the array definition being recognized, r[k = 0 .. n-1, ...]. */
    private final List<Indexing.Reduction> openSpans = new ArrayList<>();
    /** The arrays the program defines, by name, with their spans and where each definition starts. */
    private final Map<String, Program.Definition> defined = new LinkedHashMap<>();
    private final Map<String, List<Indexing.Reduction>> spans = new LinkedHashMap<>();
    private final Map<String, Token> definitionStarts = new LinkedHashMap<>();
    /** The defined arrays some statement reads. */
    private final Set<String> read = new java.util.HashSet<>();

    private GraphBuilder(Set<String> assignedSomewhere, Parser parser) {
        this.assignedSomewhere = assignedSomewhere;
        this.parser = parser;
    }

    /**
     * A builder that knows every name the program assigns, so it can report a name used before
     * its assignment.
     *
     * @param assignedSomewhere every name some statement of the program assigns
     * @param parser the parser this listens to
     */
    static GraphBuilder knowing(Set<String> assignedSomewhere, Parser parser) {
        return new GraphBuilder(assignedSomewhere, parser);
    }

    /**
     * A builder that takes a name to be assigned once its assignment has been seen. That is
     * right unless a name is used before its assignment: then it throws {@link
     * ExactParseNeeded} at the assignment, for a {@link #knowing} builder to report the error.
     */
    static GraphBuilder resolvingAsItGoes(Parser parser) {
        return new GraphBuilder(null, parser);
    }

    /** Thrown by a builder resolving names as it goes when that proves wrong. */
    static final class ExactParseNeeded extends RuntimeException {
        ExactParseNeeded() {
            super(null, null, false, false);
        }
    }

    Program program() {
        List<String> warnings = new ArrayList<>();
        for (Token bare : bareStatements) {
            if (bare != lastStatement) {
                warnings.add(error(bare, "The value of this statement is unused: only the last"
                        + " statement's values are outputs. (Did a line break split an expression?"
                        + " Wrap it in parentheses.)").located());
            }
        }
        Program.Definition definition = null;
        for (Map.Entry<String, Token> d : definitionStarts.entrySet()) {
            if (d.getValue() == lastStatement) {
                definition = defined.get(d.getKey());
                outputs = List.of(standIn(definition));
                outputNames = Collections.singletonList(null);
                valueName = definition.array();
            } else if (!read.contains(d.getKey())) {
                warnings.add(error(d.getValue(), "'" + d.getKey() + "' is defined but not read: only the last"
                        + " statement's value is the output.").located());
            }
        }
        Indexing indexing = null;
        List<Node> scalarInputs = List.copyOf(inputs.values());
        if (!elements.isEmpty() || !reductions.isEmpty()) {
            for (Map.Entry<String, Token> use : indexNames.entrySet()) {
                if (!sizes.contains(use.getKey())) {
                    throw fail(use.getValue(), "Unknown index '" + use.getKey() + "': it is neither the loop variable"
                            + " of an enclosing sum nor a size that bounds a range (such as n in 0 .. n-1).");
                }
            }
            scalarInputs = inputs.values().stream().filter(v -> !sizes.contains(v.name)).toList();
            indexing = new Indexing(Collections.unmodifiableMap(arrays), Collections.unmodifiableMap(elements),
                    Collections.unmodifiableMap(reductions), Collections.unmodifiableSet(loopVariables.keySet()),
                    Collections.unmodifiableSet(sizes));
        }
        return new Program(graph, scalarInputs, outputs, outputNames, valueName,
                Collections.unmodifiableMap(assigned), Collections.unmodifiableSet(names),
                List.copyOf(warnings), indexing, definition);
    }

    @Override
    public void exitAssignment(DeriveParser.AssignmentContext ctx) {
        Token target = ctx.name;
        String name = target.getText();
        if (Op.isFunction(name)) {
            throw fail(target, "Cannot assign to '" + name + "': it is a built-in function.");
        }
        if (assignedSomewhere == null && resolvedAsUnassigned(name)) {
            parser.removeParseListeners();
            throw new ExactParseNeeded();
        }
        Integer line = assignedOnLine.get(name);
        if (line != null) {
            throw fail(target, "'" + name + "' is already assigned on line " + line
                    + "; a name can be assigned only once.");
        }
        Node value = stack.pop();
        outputs = List.of(value);
        outputNames = Collections.singletonList(null);
        valueName = name;
        lastStatement = ctx.getStart();
        assigned.put(name, value);
        assignedOnLine.put(name, target.getLine());
        names.add(name);
    }

    @Override
    public void exitSpan(DeriveParser.SpanContext ctx) {
        Node hi = stack.pop();
        Node lo = stack.pop();
        String variable = ctx.var.getText();
        checkLoopVariable(ctx.var);
        Affine first = Affine.of(lo);
        if (first == null || !first.equals(Affine.of(0))) {
            throw fail(ctx.lo.getStart(), "An array definition's index starts at 0, as in r[k = 0 .. n-1].");
        }
        Affine last = bound(hi, ctx.hi.getStart());
        for (String name : last.names()) {
            if (scope.contains(name)) {
                throw fail(ctx.hi.getStart(), "An array definition's range is made of sizes, not of '" + name + "'.");
            }
        }
        loopVariables.putIfAbsent(variable, ctx.var);
        scope.addLast(variable);
        openSpans.add(new Indexing.Reduction(Indexing.Kind.SUM, variable, first, last, null, ctx.var.getLine(),
                ctx.var.getCharPositionInLine() + 1));
    }

    /**
     * {@code r[k = 0 .. n-1] = body}: an array, which later statements read by putting their
     * indexes in its body, and which, as the last statement, is the output (then it stands in
     * the graph as {@code sum(k = 0 .. n-1, r[k] * body)}, {@link Program.Definition}).
     */
    @Override
    public void exitDefinition(DeriveParser.DefinitionContext ctx) {
        Token target = ctx.name;
        String name = target.getText();
        Node body = stack.pop();
        if (Op.isFunction(name) || name.equals("pi") || name.equals("e") || names.contains(name)
                || loopVariables.containsKey(name) || sizes.contains(name) || indexNames.containsKey(name)) {
            throw fail(target, "'" + name + "' already names something else; an array definition needs a name of its own.");
        }
        List<String> indexes = new ArrayList<>();
        List<Affine> lasts = new ArrayList<>();
        for (Indexing.Reduction span : openSpans) {
            indexes.add(span.variable());
            lasts.add(span.hi());
            scope.removeLast();
        }
        names.add(name);
        Program.Definition d = new Program.Definition(name, List.copyOf(indexes), List.copyOf(lasts), body,
                target.getLine(), target.getCharPositionInLine() + 1);
        defined.put(name, d);
        spans.put(name, List.copyOf(openSpans));
        openSpans.clear();
        lastStatement = ctx.getStart();
        definitionStarts.put(name, lastStatement);
    }

    /** The output definition d as the graph has it: {@code sum(k = 0 .. n-1, r[k] * body)}, r an array of its own. */
    private Node standIn(Program.Definition d) {
        List<Affine> at = new ArrayList<>();
        for (String k : d.indexes()) at.add(Affine.name(k));
        arrays.put(d.array(), d.rank());
        String element = Indexing.Element.name(d.array(), at);
        elements.putIfAbsent(element, new Indexing.Element(d.array(), List.copyOf(at), d.line(), d.column()));
        Node value = graph.mul(graph.variable(element), d.body());
        List<Indexing.Reduction> around = spans.get(d.array());
        for (int k = around.size() - 1; k >= 0; k--) value = reduce(Indexing.Kind.SUM, around.get(k), value);
        return value;
    }

    /**
     * {@code r[i + 1]} where r is defined by the program: r's body with its indexes replaced by
     * these. The indexes must stay in r's range wherever they are read, for every size: that is
     * checked here, from the ranges around the read.
     */
    private Node inline(Token at, Program.Definition d, List<Affine> indexes,
                        List<DeriveParser.ExprContext> written) {
        if (indexes.size() != d.rank()) {
            throw fail(at, "'" + d.array() + "' is defined with " + d.rank() + (d.rank() == 1 ? " index" : " indexes")
                    + " but read with " + indexes.size() + ".");
        }
        for (int k = 0; k < d.rank(); k++) inRange(written.get(k).getStart(), d, k, indexes.get(k));
        read.add(d.array());
        Substitution s = new Substitution(graph, elements, reductions, new java.util.HashSet<>(loopVariables.keySet()));
        Node body = d.body();
        // through names of their own first, so one index's replacement is not replaced again by the next
        for (int k = 0; k < d.rank(); k++) {
            s.loopVariables().add("#" + k);
            body = s.replace(body, d.indexes().get(k), Affine.name("#" + k));
        }
        for (int k = 0; k < d.rank(); k++) body = s.replace(body, "#" + k, indexes.get(k));
        return body;
    }

    /** Fails unless {@code index} is in 0 .. d's last in dimension k wherever the enclosing loops take it. */
    private void inRange(Token at, Program.Definition d, int k, Affine index) {
        Affine last = d.lasts().get(k);
        Affine least = extreme(index, false);
        Affine most = extreme(index, true);
        if (least == null || most == null || !Substitution.atLeast(least, Affine.of(0))
                || !Substitution.atLeast(last, most)) {
            throw fail(at, "'" + index + "' may be out of " + d.array() + "'s range: its index "
                    + d.indexes().get(k) + " runs 0 .. " + last + (most == null ? "" : ", and this reaches "
                    + (Substitution.atLeast(least, Affine.of(0)) ? most : least)) + " (for some sizes).");
        }
    }

    /** The largest (or least) value of {@code a} over the enclosing loops' ranges, or null where that is not known. */
    private Affine extreme(Affine a, boolean largest) {
        Map<String, Indexing.Reduction> ranges = new java.util.HashMap<>();
        for (Indexing.Reduction r : openRanges) ranges.putIfAbsent(r.variable(), r);
        for (Indexing.Reduction r : openSpans) ranges.putIfAbsent(r.variable(), r);
        Affine v = a;
        for (int guard = 0; guard <= 4 * ranges.size() + 4; guard++) {
            String variable = null;
            for (String name : v.names()) if (ranges.containsKey(name)) variable = name;
            if (variable == null) return v;
            Indexing.Reduction r = ranges.get(variable);
            v = v.with(variable, (v.coefficient(variable) > 0) == largest ? r.hi() : r.lo());
        }
        return null;
    }

    @Override
    public void exitSingle(DeriveParser.SingleContext ctx) {
        outputs = List.of(stack.pop());
        outputNames = Collections.singletonList(null);
        valueName = null;
        lastStatement = ctx.getStart();
    }

    @Override
    public void exitBare(DeriveParser.BareContext ctx) {
        int count = ctx.outputs.size();
        Node[] values = new Node[count];
        for (int i = count - 1; i >= 0; i--) values[i] = stack.pop();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = listedName(ctx.outputs.get(i));
            if (name != null && names.contains(name)) {
                throw fail(ctx.outputs.get(i).getStart(), "'" + name + "' is listed twice; each output is listed once.");
            }
            names.add(name);
        }
        outputs = List.of(values);
        outputNames = Collections.unmodifiableList(names);
        valueName = null;
        lastStatement = ctx.getStart();
        bareStatements.add(lastStatement);
    }

    /** The assigned name an output is listed by, if it is written as that name alone. */
    private String listedName(DeriveParser.ComparisonContext output) {
        Token start = output.getStart();
        boolean lone = start == output.getStop() && start.getType() == DeriveParser.NAME;
        return lone && assigned.containsKey(start.getText()) ? start.getText() : null;
    }

    @Override
    public void exitExpr(DeriveParser.ExprContext ctx) {
        foldLeft(ctx.ops);
    }

    @Override
    public void exitTerm(DeriveParser.TermContext ctx) {
        foldLeft(ctx.ops);
    }

    @Override
    public void exitComparison(DeriveParser.ComparisonContext ctx) {
        if (ctx.op == null) return;
        Node right = stack.pop();
        Node left = stack.pop();
        Op op = switch (ctx.op.getType()) {
            case DeriveParser.LT -> Op.LT;
            case DeriveParser.LE -> Op.LE;
            case DeriveParser.GT -> Op.GT;
            case DeriveParser.GE -> Op.GE;
            case DeriveParser.EQ -> Op.EQ;
            case DeriveParser.NE -> Op.NE;
            default -> throw new IllegalStateException("not a comparison: " + ctx.op.getText());
        };
        stack.push(graph.apply(op, left, right));
    }

    @Override
    public void exitSign(DeriveParser.SignContext ctx) {
        if (ctx.op.getType() == DeriveParser.MINUS) {
            stack.push(graph.neg(stack.pop()));
        }
    }

    @Override
    public void exitPower(DeriveParser.PowerContext ctx) {
        if (ctx.exponent != null) {
            Node exponent = stack.pop();
            stack.push(graph.pow(stack.pop(), exponent));
        }
    }

    @Override
    public void exitNumber(DeriveParser.NumberContext ctx) {
        stack.push(graph.constant(Double.parseDouble(ctx.value.getText())));
    }

    @Override
    public void exitName(DeriveParser.NameContext ctx) {
        stack.push(resolve(ctx.name));
    }

    @Override
    public void exitCall(DeriveParser.CallContext ctx) {
        Token nameToken = ctx.name;
        String name = nameToken.getText();
        Op op = Op.function(name);
        int count = ctx.args.size();
        if (op == null && (Indexing.Kind.of(name) != null || name.equals(LOGSUMEXP))) {
            throw fail(nameToken, "'" + name + "' takes a range and a body: " + name + "(i = 0 .. n-1, x[i]).");
        }
        if (op == null) {
            throw fail(nameToken, "Unknown function '" + name + "'.");
        }
        if (count != op.arity) {
            throw fail(nameToken, "'" + name + "' takes " + arguments(op.arity)
                    + " but is given " + count + ".");
        }
        Node c = op.arity == 3 ? stack.pop() : null;
        Node b = op.arity >= 2 ? stack.pop() : null;
        Node a = stack.pop();
        stack.push(graph.apply(op, a, b, c));
    }

    @Override
    public void exitRange(DeriveParser.RangeContext ctx) {
        Node hi = stack.pop();
        Node lo = stack.pop();
        // logsumexp has no kind of its own: it is written with a max and a sum (exitReduction)
        Indexing.Kind kind = Indexing.Kind.of(ctx.kind.getText());
        if (kind == null && !ctx.kind.getText().equals(LOGSUMEXP)) {
            throw fail(ctx.kind, "'" + ctx.kind.getText() + "' does not take a range; sum, prod, max, min and"
                    + " logsumexp do, as in sum(i = a .. b, ...).");
        }
        String variable = ctx.var.getText();
        checkLoopVariable(ctx.var);
        Affine first = bound(lo, ctx.lo.getStart());
        Affine last = bound(hi, ctx.hi.getStart());
        loopVariables.putIfAbsent(variable, ctx.var);
        scope.addLast(variable);
        openRanges.push(new Indexing.Reduction(kind, variable, first, last, null, ctx.kind.getLine(),
                ctx.kind.getCharPositionInLine() + 1));
    }

    /** Fails unless {@code var} can be a new loop variable (of a sum, or an array definition's index). */
    private void checkLoopVariable(Token var) {
        String variable = var.getText();
        if (scope.contains(variable)) {
            throw fail(var, "'" + variable + "' is already the loop variable of an enclosing sum.");
        }
        if (inputLines.containsKey(variable) || isAssignedSomewhere(variable) || arrays.containsKey(variable)
                || sizes.contains(variable) || indexNames.containsKey(variable) || Op.isFunction(variable)
                || variable.equals("pi") || variable.equals("e")) {
            throw fail(var, "'" + variable + "' already names something else; a loop variable needs a name of its own.");
        }
    }

    /** A range's bound: affine in sizes and the loop variables of enclosing sums. */
    private Affine bound(Node node, Token at) {
        Affine bound = Affine.of(node);
        if (bound == null) {
            throw fail(at, "A range's bound must be an integer expression of sizes and enclosing loop variables,"
                    + " such as 0 .. n-1.");
        }
        for (String name : bound.names()) {
            if (scope.contains(name)) continue;
            if (loopVariables.containsKey(name) || arrays.containsKey(name) || isAssignedSomewhere(name)) {
                throw fail(at, "'" + name + "' cannot bound a range: a bound is made of sizes and enclosing loop variables.");
            }
            sizes.add(name);
        }
        return bound;
    }

    @Override
    public void exitReduction(DeriveParser.ReductionContext ctx) {
        Node body = stack.pop();
        Indexing.Reduction open = openRanges.pop();
        scope.removeLast();
        stack.push(open.kind() == null ? logSumExp(open, body) : reduce(open.kind(), open, body));
    }

    private Node reduce(Indexing.Kind kind, Indexing.Reduction open, Node body) {
        Indexing.Reduction r = new Indexing.Reduction(kind, open.variable(), open.lo(), open.hi(), body,
                open.line(), open.column());
        reductions.putIfAbsent(r.name(), r);
        return graph.variable(r.name());
    }

    /**
     * logsumexp(k = a .. b, t) = M + log(sum(k = a .. b, exp(t - M))) with M = max(k = a .. b, t):
     * no exp overflows, the largest is exp(0). Where M is infinite (every term -∞, an empty
     * range, or a term +∞) the value is M.
     */
    private Node logSumExp(Indexing.Reduction open, Node body) {
        Node max = reduce(Indexing.Kind.MAX, open, body);
        Node sum = reduce(Indexing.Kind.SUM, open, graph.apply(Op.EXP, graph.sub(body, max)));
        Node infinite = graph.apply(Op.EQ, graph.apply(Op.ABS, max), graph.constant(Double.POSITIVE_INFINITY));
        return graph.select(infinite, max, graph.add(max, graph.apply(Op.LOG, sum)));
    }

    @Override
    public void exitElement(DeriveParser.ElementContext ctx) {
        Token at = ctx.name;
        String array = at.getText();
        int rank = ctx.indexes.size();
        List<Affine> indexes = new ArrayList<>(Collections.nCopies(rank, (Affine) null));
        for (int k = rank - 1; k >= 0; k--) {
            Token start = ctx.indexes.get(k).getStart();
            Affine index = Affine.of(stack.pop());
            if (index == null) {
                throw fail(start, "An index must be an integer expression of loop variables and sizes, such as"
                        + " i + 1 or 2*i.");
            }
            for (String name : index.names()) {
                if (scope.contains(name)) continue;
                if (loopVariables.containsKey(name)) {
                    throw fail(start, "'" + name + "' is the loop variable of the sum on line "
                            + loopVariables.get(name).getLine() + "; it has a value only inside that sum.");
                }
                indexNames.putIfAbsent(name, start);
            }
            indexes.set(k, index);
        }
        Program.Definition d = defined.get(array);
        if (d != null) {
            stack.push(inline(at, d, indexes, ctx.indexes));
            return;
        }
        if (Op.isFunction(array) || array.equals("pi") || array.equals("e") || loopVariables.containsKey(array)
                || sizes.contains(array) || indexNames.containsKey(array)) {
            throw fail(at, "'" + array + "' is not an array and cannot be indexed.");
        }
        if (isAssignedSomewhere(array)) {
            throw fail(at, "'" + array + "' is assigned a number; only inputs can be arrays.");
        }
        if (inputLines.containsKey(array)) {
            throw fail(at, "'" + array + "' is used as a number on line " + inputLines.get(array)
                    + "; an array is indexed wherever it is used.");
        }
        Integer known = arrays.putIfAbsent(array, rank);
        if (known != null && known != rank) {
            throw fail(at, "'" + array + "' is indexed with " + rank + (rank == 1 ? " index" : " indexes") + " here but "
                    + known + " before: " + (known == 1 ? "it is a 1-D array." : "it is a " + known + "-D array."));
        }
        names.add(array);
        String name = Indexing.Element.name(array, indexes);
        elements.putIfAbsent(name, new Indexing.Element(array, List.copyOf(indexes), at.getLine(),
                at.getCharPositionInLine() + 1));
        stack.push(graph.variable(name));
    }

    private Node resolve(Token token) {
        String name = token.getText();
        if (scope.contains(name)) return graph.variable(name);
        if (loopVariables.containsKey(name)) {
            throw fail(token, "'" + name + "' is the loop variable of the sum on line " + loopVariables.get(name).getLine()
                    + "; it has a value only inside that sum.");
        }
        if (arrays.containsKey(name) || defined.containsKey(name)) {
            int rank = arrays.containsKey(name) ? arrays.get(name) : defined.get(name).rank();
            throw fail(token, "'" + name + "' is an array: index it, as " + name + (rank == 1 ? "[i]." : "[i, j]."));
        }
        if (isAssignedSomewhere(name)) {
            Node node = assigned.get(name);
            if (node == null) {
                throw fail(token, "'" + name + "' is used before its assignment.");
            }
            return node;
        }
        if (name.equals("pi")) return graph.constant(Math.PI);
        if (name.equals("e")) return graph.constant(Math.E);
        if (Op.isFunction(name)) {
            throw fail(token, "'" + name + "' is a function; call it as " + name + "(...).");
        }
        names.add(name);
        Node input = inputs.get(name);
        if (input == null) {
            input = graph.variable(name);
            inputs.put(name, input);
            inputLines.put(name, token.getLine());
        }
        return input;
    }

    private boolean isAssignedSomewhere(String name) {
        return assignedSomewhere != null ? assignedSomewhere.contains(name)
                                         : assigned.containsKey(name);
    }

    /** Whether an earlier use of {@code name} may have taken it to be an input or a constant. */
    private boolean resolvedAsUnassigned(String name) {
        return inputs.containsKey(name) || name.equals("pi") || name.equals("e");
    }

    /** Replaces the top {@code ops.size() + 1} nodes by their left-to-right combination. */
    private void foldLeft(List<Token> ops) {
        int count = ops.size() + 1;
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

    /**
     * The error to throw, after detaching from the parser: its rules' finally blocks still
     * report their exits as the exception passes through, and those must not reach this builder.
     */
    private DeriveException fail(Token token, String message) {
        parser.removeParseListeners();
        return error(token, message);
    }

    static DeriveException error(Token token, String message) {
        return new DeriveException(token.getLine(), token.getCharPositionInLine() + 1, message);
    }
}
