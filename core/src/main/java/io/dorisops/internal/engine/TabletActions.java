package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.TabletHealth;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.ClusterView.NodeState;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Waiter;
import io.dorisops.spi.ProcessControl;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The handlers of the waits on the cluster's tablets, each polling through the run's {@link Waiter} on
 * the run's clock: {@link Action.AwaitTabletsHealthy} (a rebuild, until the master reports no unhealthy
 * tablet) and {@link Action.AwaitSoak}, the soak of a canary BE: until the soak time has passed, each
 * poll checks that
 *
 * <ol>
 *   <li>its process still runs (a crash fails at once, with the log's last lines);
 *   <li>its logs gained no fatal line since the soak began ({@link ProcessControl#fatalLogLine});
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
final class TabletActions {

    private static final int TOLERATED = 3;

    private TabletActions() {}

    static void register(ActionHandlers.Table table) {
        table.done(Action.AwaitTabletsHealthy.class, TabletActions::awaitTabletsHealthy);
        table.done(Action.AwaitSoak.class, (soak, run) -> new Soak(run, run.node(soak), soak).watch());
    }

    private static void awaitTabletsHealthy(Action.AwaitTabletsHealthy await, ActionContext run) {
        Engine engine = run.engine();
        run.waiter(run.node(await).id())
                .await(
                        engine.topology().name(),
                        "with every tablet healthy",
                        engine.admin()::tabletHealth,
                        TabletHealth::healthy,
                        TabletHealth::summary,
                        engine.readyTimeout(),
                        "The replicas are cloned by the tablet scheduler; raise readyTimeout for a large BE"
                                + " and watch SHOW PROC '/cluster_balance/pending_tablets'.");
    }

    /** One canary's soak, from one poll to the next. */
    private static final class Soak {
        private final ActionContext run;
        private final Node node;
        private final Action.AwaitSoak soak;
        private final ProcessControl ops;
        private final ProcessControl.StartMark mark;
        private final CanaryBlame blame;
        private Instant begin;
        private Instant end;
        private int notReady;
        private int worse;
        private String last = "";

        Soak(ActionContext run, Node node, Action.AwaitSoak soak) {
            this.run = run;
            this.node = node;
            this.soak = soak;
            this.ops = run.engine().processes();
            this.mark = ops.mark(node);
            this.blame = new CanaryBlame(run.engine(), node);
        }

        void watch() {
            Waiter waiter = run.waiter(node.id());
            begin = waiter.clock().instant();
            end = begin.plus(soak.soak());
            // The soak ends itself; the deadline only bounds polls that hang.
            waiter.loop(node.label(), "soaked", soak.soak().plus(run.engine().readyTimeout()), this::poll);
        }

        /** One poll: done once the soak time has passed; throws when the canary (or another BE) failed. */
        private Optional<Boolean> poll() {
            Instant now = run.engine().clock().instant();
            if (!now.isBefore(end)) {
                return Optional.of(true);
            }
            if (!ops.running(node)) {
                fail("its process exited during the soak"
                        + ops.startFailure(node, mark, soak.soak())
                                .map(why -> " (" + why + ")")
                                .orElse(""));
            }
            Optional<String> fatal = ops.fatalLogLine(node, mark);
            if (fatal.isPresent()) {
                fail("its log gained a fatal line: " + fatal.get());
            }
            Engine engine = run.engine();
            NodeState state = engine.readiness().observe(node, engine.hasAdmin());
            notReady = state.readyAt(soak.version()) ? 0 : notReady + 1;
            if (notReady >= TOLERATED) {
                fail("the master's view no longer shows it alive at "
                        + soak.version().number() + ": " + state.describe());
            }
            blame.requireOthersAlive(TOLERATED, elapsed().toSeconds() + "s in");
            Optional<TabletHealth> tablets = blame.tablets();
            Optional<String> canaryWorse = blame.canaryWorse(tablets);
            worse = canaryWorse.isPresent() ? worse + 1 : 0;
            if (worse >= TOLERATED) {
                fail(canaryWorse.get());
            }
            Duration left = Duration.between(engine.clock().instant(), end);
            String seen = node.id() + " (canary) soaking at " + soak.version().number() + ", "
                    + Math.max(0, left.toSeconds()) + "s left: " + state.describe()
                    + tablets.map(t -> "; " + t.summary()).orElse("");
            if (!seen.equals(last)) {
                run.events().waiting(node.id(), seen);
                last = seen;
            }
            return Optional.empty();
        }

        private Duration elapsed() {
            return Duration.between(begin, run.engine().clock().instant());
        }

        private void fail(String why) {
            throw new NodeFailedException(
                    node.id(),
                    "await-soak",
                    node.label() + ": the canary failed "
                            + elapsed().toSeconds() + "s into its "
                            + soak.soak().toSeconds() + "s soak at "
                            + soak.version().number() + ": " + why
                            + ". The other BEs were not touched.");
        }
    }
}
