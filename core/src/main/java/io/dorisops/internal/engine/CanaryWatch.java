package io.dorisops.internal.engine;

import io.dorisops.Action;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.TabletHealth;
import io.dorisops.internal.engine.ClusterView.NodeState;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The soak of a canary BE ({@link Action.AwaitSoak}): until the soak time has passed, each poll checks
 * that
 *
 * <ol>
 *   <li>its process still runs (a crash fails at once, with the log's last lines);
 *   <li>its logs gained no fatal line since the soak began ({@link NodeOps#fatalLogLine});
 *   <li>the master's view shows it alive at the target version (three polls in a row without fail it,
 *       so one lost heartbeat does not);
 *   <li>no other backend died: one that did stops the run naming it, and the canary is not blamed
 *       ({@link CanaryBlame});
 *   <li>its own replicas lack no more versions than at the start of the soak (three polls in a row, so
 *       a tablet caught mid-repair does not); tablets made unhealthy elsewhere are not its doing
 *       ({@link CanaryBlame}).
 * </ol>
 *
 * A failure of the canary is a {@link NodeFailedException} of it, step {@code await-soak}; the step's
 * undo then puts the old version back on the canary and the run stops. A failure of another node names
 * that node, and the canary's step does not undo it.
 */
final class CanaryWatch {

    private static final int TOLERATED = 3;

    private final Engine engine;
    private final Consumer<String> waiting;

    CanaryWatch(Engine engine, Consumer<String> waiting) {
        this.engine = engine;
        this.waiting = waiting;
    }

    void watch(Node node, Action.AwaitSoak soak) {
        NodeOps ops = engine.ops();
        NodeOps.StartMark mark = ops.mark(node);
        long begin = System.nanoTime();
        long end = begin + soak.soak().toNanos();
        CanaryBlame blame = new CanaryBlame(engine, node);
        int notReady = 0;
        int worse = 0;
        String last = "";
        while (System.nanoTime() < end) {
            if (!ops.running(node)) {
                fail(
                        node,
                        soak,
                        begin,
                        "its process exited during the soak"
                                + ops.startFailure(node, mark, soak.soak())
                                        .map(why -> " (" + why + ")")
                                        .orElse(""));
            }
            Optional<String> fatal = ops.fatalLogLine(node, mark);
            if (fatal.isPresent()) {
                fail(node, soak, begin, "its log gained a fatal line: " + fatal.get());
            }
            NodeState state = engine.readiness().observe(node, engine.hasAdmin());
            notReady = state.readyAt(soak.version()) ? 0 : notReady + 1;
            if (notReady >= TOLERATED) {
                fail(
                        node,
                        soak,
                        begin,
                        "the master's view no longer shows it alive at "
                                + soak.version().number() + ": " + state.describe());
            }
            blame.requireOthersAlive(
                    TOLERATED, Duration.ofNanos(System.nanoTime() - begin).toSeconds() + "s in");
            Optional<TabletHealth> now = blame.tablets();
            Optional<String> canaryWorse = blame.canaryWorse(now);
            worse = canaryWorse.isPresent() ? worse + 1 : 0;
            if (worse >= TOLERATED) {
                fail(node, soak, begin, canaryWorse.get());
            }
            long left = Math.max(0, end - System.nanoTime());
            String seen = node.id() + " (canary) soaking at " + soak.version().number() + ", "
                    + Duration.ofNanos(left).toSeconds() + "s left: " + state.describe()
                    + now.map(t -> "; " + t.summary()).orElse("");
            if (!seen.equals(last)) {
                waiting.accept(seen);
                last = seen;
            }
            try {
                Thread.sleep(Math.min(engine.pollInterval().toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DorisOpsException("interrupted while watching the canary " + node.id(), e);
            }
        }
    }

    private void fail(Node node, Action.AwaitSoak soak, long begin, String why) {
        throw new NodeFailedException(
                node.id(),
                "await-soak",
                node.label() + ": the canary failed "
                        + Duration.ofNanos(System.nanoTime() - begin).toSeconds() + "s into its "
                        + soak.soak().toSeconds() + "s soak at "
                        + soak.version().number() + ": " + why
                        + ". The other BEs were not touched.");
    }
}
