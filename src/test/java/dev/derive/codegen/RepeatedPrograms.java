package dev.derive.codegen;

import dev.derive.OpText;
import dev.derive.graph.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random programs made of one block repeated with shifted inputs, the shape that
 * re-rolling turns into loops. Each operand of the block is bound the way a loop's argument
 * can be ({@link Binding}), and the first block may differ from the later ones in any operand
 * position, one at a time or several at once, as may one block in the middle.
 *
 * <p>A program is a chain ({@code s1 = T(...); s2 = T(..., s1, ...); ...}, optionally with an
 * inner statement per step) or a sum of terms. Inputs are {@code x0, x1, ...} and {@code y0,
 * y1, ...}, indexed per block; {@code z0..z3} feed values computed once before the run. A
 * first statement names every input in order ({@code 0*x} is 0, but makes {@code x} an input),
 * so that input indices follow the numbering and strides are what the text says.
 */
public final class RepeatedPrograms {
    /** Where an operand of the block comes from, in block k. */
    enum Binding {
        /** A value computed before the run, the same in every block. */
        FIXED,
        /** A constant, the same in every block. */
        CONSTANT,
        /** An input whose index moves by a fixed stride per block (0, 1, 2 or -1). */
        INDEXED,
        /** The previous step's result (chains only). */
        CARRIED,
        /** The previous step's inner value (chains with an inner statement only). */
        CARRIED_INNER,
        /** This step's inner value (the step statement of a chain with an inner statement). */
        LOCAL,
        /** A constant that differs from block to block: data. */
        TABLE,
        /** A small expression of inputs made by an earlier run: recomputed where it is used. */
        RECOMPUTED,
        /** A larger value made by an earlier run: read from that run's tape. */
        TAPED
    }

    private static final List<Op> OPS = OpText.OPERATIONS;
    /** Per-block constants: 2 among them, as a square is emitted apart from other powers. */
    private static final String[] TABLE = {"0.75", "1.5", "2", "3.25", "0.375", "-1.25", "-0.5", "3"};
    private static final String[] CONSTANTS = {"0.5", "2", "3", "-1.5", "1e-3", "7"};
    /** What a differing block has instead: other values from before the run, other constants. */
    private static final String[] OUTSIDE = {"f0", "f1", "z2", "z3", "0.25", "sin(z0)", "f0*z3", "-2", "-0.0", "x0"};

    /** One operand position of the template and how it is bound. */
    private record Hole(Binding binding, int choice, String family, int base, int stride) {}

    private final Random random;
    private final boolean chain;
    private final boolean inner;
    private final int blocks;
    /** Per hole, whether block 1 (the first) has a different operand there. */
    private boolean[] deviateFirst;
    private int deviantBlock = -1;
    private final List<Hole> holes = new ArrayList<>();
    private String innerTemplate;
    private String stepTemplate;
    private int highestIndex;

    private RepeatedPrograms(long seed, boolean chain) {
        this.random = new Random(seed);
        this.chain = chain;
        this.inner = chain && random.nextBoolean();
        this.blocks = 36 + random.nextInt(30);
    }

    /** A random chain: each step uses the previous step's values. */
    public static String chain(long seed) {
        return new RepeatedPrograms(seed, true).generate(-1);
    }

    /** A random sum of repeated terms inside an outer function. */
    public static String sum(long seed) {
        return new RepeatedPrograms(seed, false).generate(-1);
    }

    /**
     * The program of {@code seed} with the first block differing in hole {@code position}
     * only, or in every hole for {@code position == ALL}.
     */
    static String withFirstBlockDiffering(long seed, boolean chain, int position) {
        return new RepeatedPrograms(seed, chain).generate(position);
    }

    static final int ALL = Integer.MAX_VALUE;

    /** The number of operand positions of the template of {@code seed}. */
    static int positions(long seed, boolean chain) {
        RepeatedPrograms p = new RepeatedPrograms(seed, chain);
        p.generate(-1);
        return p.holes.size();
    }

    private String generate(int onlyPosition) {
        if (inner) innerTemplate = template(2, false);
        stepTemplate = template(2, inner);
        // Every step must use what the run depends on, or it is dead code or a constant.
        if (chain) stepTemplate = ensure(stepTemplate, Binding.CARRIED, inner);
        if (inner && !uses(stepTemplate, Binding.LOCAL) && !uses(innerTemplate, Binding.CARRIED_INNER)) {
            stepTemplate = ensure(stepTemplate, Binding.LOCAL, true);
        }
        if (!chain) stepTemplate = ensure(stepTemplate, Binding.INDEXED, false);
        deviateFirst = new boolean[holes.size()];
        for (int h = 0; h < holes.size(); h++) {
            deviateFirst[h] = onlyPosition == -1 ? random.nextInt(3) == 0
                                                 : onlyPosition == ALL || onlyPosition == h;
        }
        if (onlyPosition == -1 && random.nextInt(4) == 0) deviantBlock = 2 + random.nextInt(blocks - 4);
        StringBuilder body = new StringBuilder();
        body.append("f0 = sin(z0)*z1 + z2\n");
        body.append("f1 = exp(-z1*z1)*z3\n");
        earlierRuns(body);
        if (chain) {
            body.append("s0 = tanh(z1)\n");
            if (inner) body.append("a0 = cos(z2)\n");
            for (int k = 1; k <= blocks; k++) {
                if (inner) body.append("a").append(k).append(" = ").append(fill(innerTemplate, k)).append('\n');
                body.append("s").append(k).append(" = ").append(fill(stepTemplate, k)).append('\n');
            }
            body.append("s").append(blocks).append(" + s").append(blocks / 2).append("*z0");
            if (inner) body.append(" + a").append(blocks / 3);
        } else {
            body.append("total = ");
            for (int k = 1; k <= blocks; k++) {
                if (k > 1) body.append(" + ");
                body.append('(').append(fill(stepTemplate, k)).append(')');
            }
            body.append("\nlog(1 + total^2) + z0*total");
        }
        return order() + body;
    }

    /** Statements that make r_k (small, recomputed) and g_k (larger, taped) for every block. */
    private void earlierRuns(StringBuilder body) {
        for (int k = 0; k <= 2 * blocks + 2; k++) {
            body.append("r").append(k).append(" = x").append(k + 1).append(" - x").append(k)
                    .append("*y").append(k).append('\n');
            noteIndex(k + 1);
        }
        for (int k = 0; k <= 2 * blocks + 2; k++) {
            body.append("g").append(k).append(" = tanh(y").append(k).append(")*x").append(k + 1).append('\n');
        }
    }

    /** The first statement: every input, in the order of the indices. */
    private String order() {
        StringBuilder s = new StringBuilder("order = 0*z0 + 0*z1 + 0*z2 + 0*z3");
        for (int i = 0; i <= highestIndex; i++) s.append(" + 0*x").append(i).append(" + 0*y").append(i);
        return s.append('\n').toString();
    }

    /** A random expression of holes, written with {@code {h}} placeholders. */
    private String template(int depth, boolean mayUseLocal) {
        if (depth == 0 || random.nextInt(5) == 0) return hole(mayUseLocal);
        Op op = OPS.get(random.nextInt(OPS.size()));
        String a = template(depth - 1, mayUseLocal);
        String b = op.arity >= 2 ? template(depth - 1, mayUseLocal) : null;
        String c = op.arity == 3 ? template(depth - 1, mayUseLocal) : null;
        return apply(op, a, b, c);
    }

    /**
     * {@code op} applied to its arguments, kept in the op's domain ({@link OpText}); a power
     * whose exponent is a hole takes it as it is, so a table of exponents may hold squares.
     */
    private String apply(Op op, String a, String b, String c) {
        if (op == Op.POW && b.startsWith("{")) return "(1 + (" + a + ")^2)^" + b;
        return OpText.apply(op, a, b, c, random);
    }

    /** The template, combined with a hole bound as {@code binding} unless it has one. */
    private String ensure(String template, Binding binding, boolean mayUseLocal) {
        if (uses(template, binding)) return template;
        Op op = OPS.get(random.nextInt(OPS.size()));
        String hole = hole(binding);
        if (op.arity != 2) return apply(Op.ADD, apply(op, template, template, template), hole, null);
        return random.nextBoolean() ? apply(op, template, hole, null) : apply(op, hole, template, null);
    }

    /** Whether the template has a hole bound as {@code binding}. */
    private boolean uses(String template, Binding binding) {
        for (int h = 0; h < holes.size(); h++) {
            if (holes.get(h).binding == binding && template.contains("{" + h + "}")) return true;
        }
        return false;
    }

    private String hole(boolean mayUseLocal) {
        List<Binding> allowed = new ArrayList<>(List.of(Binding.values()));
        if (!chain) allowed.remove(Binding.CARRIED);
        if (!inner) allowed.remove(Binding.CARRIED_INNER);
        if (!mayUseLocal) allowed.remove(Binding.LOCAL);
        return hole(allowed.get(random.nextInt(allowed.size())));
    }

    private String hole(Binding binding) {
        int stride = new int[] {0, 1, 1, 2, -1}[random.nextInt(5)];
        String family = random.nextBoolean() ? "x" : "y";
        int base = random.nextInt(4) + (stride < 0 ? blocks + 1 : 0);
        holes.add(new Hole(binding, random.nextInt(1000), family, base, stride));
        return "{" + (holes.size() - 1) + "}";
    }

    /** The template with each hole's operand in block {@code k} (from 1). */
    private String fill(String template, int k) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int open = template.indexOf('{', at);
            if (open < 0) break;
            int close = template.indexOf('}', open);
            out.append(template, at, open);
            int h = Integer.parseInt(template.substring(open + 1, close));
            out.append('(').append(operand(h, k)).append(')');
            at = close + 1;
        }
        return out.append(template.substring(at)).toString();
    }

    private String operand(int h, int k) {
        Hole hole = holes.get(h);
        boolean deviant = k == 1 && deviateFirst[h] || k == deviantBlock && hole.choice % 2 == 0;
        if (deviant) return OUTSIDE[(hole.choice + h) % OUTSIDE.length];
        return switch (hole.binding) {
            case FIXED -> hole.choice % 2 == 0 ? "f0" : "f1";
            case CONSTANT -> CONSTANTS[hole.choice % CONSTANTS.length];
            case INDEXED -> {
                int index = hole.base + hole.stride * k;
                noteIndex(index);
                yield hole.family + index;
            }
            case CARRIED -> "s" + (k - 1);
            case CARRIED_INNER -> "a" + (k - 1);
            case LOCAL -> "a" + k;
            case TABLE -> TABLE[(k * 3 + hole.choice) % TABLE.length];
            case RECOMPUTED -> "r" + earlier(hole, k);
            case TAPED -> "g" + earlier(hole, k);
        };
    }

    /** The block of an earlier run that block k reads: shifted by -1, 0 or 1, moving by 1 or 2, or backwards. */
    private int earlier(Hole hole, int k) {
        int shift = hole.choice % 3 - 1;
        return switch (hole.choice / 3 % 4) {
            case 0 -> 2 * k + shift;
            case 1 -> blocks + 1 - k + shift;
            default -> k + shift;
        };
    }

    private void noteIndex(int index) {
        highestIndex = Math.max(highestIndex, index);
    }
}
