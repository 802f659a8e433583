package dev.derive.diff;

import dev.derive.graph.Graph;
import dev.derive.graph.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Symbolic forward mode: a tangent sweep over the same graph. Each node's tangent is the sum
 * over its arguments of the local partial times the argument's tangent, made with the same
 * rule table as reverse mode ({@link Rules} gives {@code dn/da * t} for any {@code t}), in id
 * order from the variables up.
 *
 * <p>A sweep visits only the nodes that depend on a seeded variable (its cone), in increasing
 * id, so sweeping for one variable of a sparse function costs what that variable touches, not
 * the whole graph: which is what makes a Hessian of n columns cost time linear in its
 * nonzeros when each column is one sweep.
 */
public final class ForwardMode {
    private final Graph graph;
    private final List<Node> outputs;
    private final int top;
    /** The users of each node among those the outputs need, as a compressed list. */
    private final int[] userStart;
    private final int[] users;
    private final Node[] tangent;
    /** For each node id, the indexes of the outputs it is, or null. */
    private final int[][] outputsAt;
    private final BitSet queued;
    private final IntHeap heap = new IntHeap();

    private ForwardMode(Graph graph, List<Node> outputs) {
        this.graph = graph;
        this.outputs = outputs;
        int highest = 0;
        for (Node out : outputs) highest = Math.max(highest, out.id);
        this.top = highest;
        BitSet needed = graph.reachable(outputs);
        int[] count = new int[top + 2];
        for (int id = needed.nextSetBit(0); id >= 0; id = needed.nextSetBit(id + 1)) {
            Node n = graph.node(id);
            for (int k = 0; k < n.op.arity; k++) {
                if (!repeated(n, k)) count[n.arg(k).id + 1]++;
            }
        }
        for (int i = 1; i < count.length; i++) count[i] += count[i - 1];
        this.userStart = count.clone();
        this.users = new int[count[top + 1]];
        int[] fill = count;
        for (int id = needed.nextSetBit(0); id >= 0; id = needed.nextSetBit(id + 1)) {
            Node n = graph.node(id);
            for (int k = 0; k < n.op.arity; k++) {
                if (!repeated(n, k)) users[fill[n.arg(k).id]++] = id;
            }
        }
        this.tangent = new Node[top + 1];
        this.outputsAt = new int[top + 1][];
        for (int i = 0; i < outputs.size(); i++) {
            int id = outputs.get(i).id;
            int[] known = outputsAt[id];
            outputsAt[id] = known == null ? new int[] {i} : append(known, i);
        }
        this.queued = new BitSet(top + 1);
    }

    private static int[] append(int[] a, int v) {
        int[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    /** A nonzero tangent of output {@code output}. */
    public record Tangent(int output, Node node) {}

    /** Whether argument {@code k} of {@code n} is one of its earlier arguments (x*x uses x once). */
    private static boolean repeated(Node n, int k) {
        for (int i = 0; i < k; i++) if (n.arg(i) == n.arg(k)) return true;
        return false;
    }

    /** Forward sweeps over what {@code outputs} need; build once, sweep as often as wanted. */
    public static ForwardMode over(Graph graph, List<Node> outputs) {
        return new ForwardMode(graph, outputs);
    }

    /**
     * The outputs' tangents when each of {@code variables} has the tangent {@code seeds.get(j)}
     * and every other leaf has none: {@code J·seeds}. A seed of 1 for one variable gives that
     * variable's column of the Jacobian; seeds that are variables of their own give a
     * Jacobian-vector product.
     */
    public List<Node> sweep(List<Node> variables, List<Node> seeds) {
        Node zero = graph.constant(0);
        List<Node> result = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) result.add(zero);
        for (Tangent t : sweepNonzero(variables, seeds)) result.set(t.output(), t.node());
        return result;
    }

    /**
     * As {@link #sweep}, but only the outputs whose tangent is not zero, found among the nodes
     * the sweep reached: a sweep of a sparse function costs its cone, not its outputs.
     */
    public List<Tangent> sweepNonzero(List<Node> variables, List<Node> seeds) {
        List<Integer> touched = new ArrayList<>();
        for (int j = 0; j < variables.size(); j++) {
            Node v = variables.get(j);
            if (v.id > top || seeds.get(j).isConstant(0)) continue;
            tangent[v.id] = seeds.get(j);
            touched.add(v.id);
            queueUsers(v.id);
        }
        while (!heap.isEmpty()) {
            int id = heap.pop();
            Node n = graph.node(id);
            Node t = null;
            for (int k = 0; k < n.op.arity; k++) {
                Node argTangent = tangent[n.arg(k).id];
                if (argTangent == null) continue;
                Node share = Rules.adjoint(graph, n, argTangent, k);
                if (share.isConstant(0)) continue;
                t = t == null ? share : graph.add(t, share);
            }
            if (t == null) continue;
            tangent[id] = t;
            touched.add(id);
            queueUsers(id);
        }
        List<Tangent> result = new ArrayList<>();
        for (int id : touched) {
            if (outputsAt[id] != null) {
                for (int output : outputsAt[id]) result.add(new Tangent(output, tangent[id]));
            }
        }
        for (int id : touched) tangent[id] = null;
        queued.clear();
        return result;
    }

    private void queueUsers(int id) {
        for (int u = userStart[id]; u < userStart[id + 1]; u++) {
            int user = users[u];
            if (!queued.get(user)) {
                queued.set(user);
                heap.push(user);
            }
        }
    }

    /** A min-heap of ints: the cone is visited in id order, so arguments come before users. */
    private static final class IntHeap {
        private int[] items = new int[64];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        void push(int v) {
            if (size == items.length) items = java.util.Arrays.copyOf(items, 2 * size);
            int i = size++;
            while (i > 0 && items[(i - 1) / 2] > v) {
                items[i] = items[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            items[i] = v;
        }

        int pop() {
            int top = items[0];
            int last = items[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && items[child + 1] < items[child]) child++;
                if (items[child] >= last) break;
                items[i] = items[child];
                i = child;
            }
            items[i] = last;
            return top;
        }
    }
}
