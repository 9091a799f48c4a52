package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.NodeFailedException;
import io.dorisops.ReplicaFacts;
import io.dorisops.TabletHealth;
import io.dorisops.TabletPlacement;
import io.dorisops.internal.context.Engine;
import io.dorisops.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the canary is to blame for during its soak: what it changed, not the whole cluster. Read on each
 * poll of the canary's soak ({@link TabletActions}):
 *
 * <ol>
 *   <li><b>Another backend died.</b> A BE or CN of the topology other than the canary that the master
 *       showed alive when the soak began and now shows dead (three polls in a row) stops the run naming
 *       <em>that</em> node, as a {@link NodeFailedException} of it: the canary is not undone (its step
 *       does not undo a failure that names another node), and a resume continues the soak once the node
 *       is back.
 *   <li><b>The canary's replicas got worse.</b> Tablet health is read first (one statement); only when
 *       more tablets are unhealthy than when the soak began, the replica facts say whether the canary's
 *       own replicas lack versions more than at the start ({@link TabletPlacement.Tablets#incomplete()}
 *       on the canary): a canary that fails loads is to blame, a repair or a problem elsewhere is not.
 *       Without replica facts (an admin that does not read them), more unhealthy tablets blame the canary
 *       as before, since the other backends are alive (rule 1).
 * </ol>
 */
final class CanaryBlame {

    private final Engine engine;
    private final Node canary;
    private final Set<Node> aliveAtStart;
    private final Optional<TabletHealth> baseline;
    private final long canaryLackingAtStart;
    private int deadPolls;

    CanaryBlame(Engine engine, Node canary) {
        this.engine = engine;
        this.canary = canary;
        this.aliveAtStart = others().stream()
                .filter(node -> row(node).map(Backend::alive).orElse(false))
                .collect(Collectors.toSet());
        this.baseline = tablets();
        // Only a cluster with unhealthy tablets at the start can have canary replicas lacking versions.
        this.canaryLackingAtStart = baseline.filter(t -> t.unhealthy() > 0)
                .flatMap(t -> canaryLacking())
                .orElse(0L);
    }

    /** The other backends of the topology (BEs and CNs), when the master's view can be read. */
    private List<Node> others() {
        if (!engine.hasAdmin()) {
            return List.of();
        }
        return engine.topology().nodes().stream()
                .filter(node -> node.role().isBackend() && !node.equals(canary))
                .toList();
    }

    private Optional<Backend> row(Node node) {
        try {
            return engine.view().backend(node);
        } catch (DorisOpsException e) {
            return Optional.empty(); // no master now: judged on the next poll
        }
    }

    /**
     * Rule 1: throws naming a backend the canary did not change that died during the soak.
     *
     * @param tolerated polls in a row a node may read dead first (a lost heartbeat)
     */
    void requireOthersAlive(int tolerated, String soaking) {
        List<Node> dead = new ArrayList<>();
        for (Node node : aliveAtStart) {
            Optional<Backend> row = row(node);
            if (row.isPresent() && !row.get().alive()) {
                dead.add(node);
            }
        }
        deadPolls = dead.isEmpty() ? 0 : deadPolls + 1;
        if (deadPolls < tolerated) {
            return;
        }
        Node first = dead.get(0);
        throw new NodeFailedException(
                first.id(),
                "await-soak",
                first.label() + ": died during the soak of the canary " + canary.id() + " (" + soaking
                        + "); this run did not change it, so the canary is not blamed and stays upgraded"
                        + (dead.size() > 1
                                ? " (also dead: "
                                        + dead.subList(1, dead.size()).stream()
                                                .map(Node::id)
                                                .toList() + ")"
                                : "")
                        + ". Start it (bin/" + engine.topology().flavor().startScript(first.role()) + " --daemon in "
                        + first.home() + "), then run: dorisops resume --topology "
                        + engine.topology().source()
                        + " (the soak starts again), or roll the canary back: dorisops rollback --topology "
                        + engine.topology().source());
    }

    /**
     * Rule 2: why the canary's own replicas are worse than at the start of the soak, or empty.
     *
     * @param now the tablet health read on this poll ({@link #tablets()})
     */
    Optional<String> canaryWorse(Optional<TabletHealth> now) {
        if (baseline.isEmpty() || now.isEmpty()) {
            return Optional.empty();
        }
        TabletHealth start = baseline.get();
        if (now.get().unhealthy() <= start.unhealthy() && now.get().errorState() <= start.errorState()) {
            return Optional.empty();
        }
        String cluster = now.get().summary() + " (at the start: " + start.summary() + ")";
        Optional<Long> lacking = canaryLacking();
        if (lacking.isEmpty()) {
            return Optional.of("tablets became unhealthy during the soak: " + cluster);
        }
        if (lacking.get() <= canaryLackingAtStart) {
            return Optional.empty(); // the new problems are not on the canary's replicas
        }
        return Optional.of(lacking.get() + " of its replicas lack versions (" + canaryLackingAtStart
                + " at the start of the soak): it fails loads the other replicas take; " + cluster);
    }

    /** The canary's replicas lacking versions, or empty without replica facts. */
    private Optional<Long> canaryLacking() {
        try {
            ReplicaFacts facts = engine.admin().replicaFacts();
            Optional<Long> id = facts.backend(canary).map(ReplicaFacts.Storage::id);
            if (id.isEmpty()) {
                return Optional.empty();
            }
            TabletPlacement placement = engine.admin().tabletPlacement(facts);
            long count = 0;
            for (TabletPlacement.Tablets tablets : placement.partitions()) {
                for (long[] lacking : tablets.incomplete()) {
                    for (long each : lacking) {
                        if (each == id.get()) {
                            count++;
                        }
                    }
                }
            }
            return Optional.of(count);
        } catch (UnsupportedOperationException | DorisOpsException e) {
            return Optional.empty();
        }
    }

    /** The tablet health now, or empty when it cannot be read. */
    Optional<TabletHealth> tablets() {
        if (!engine.hasAdmin()) {
            return Optional.empty();
        }
        try {
            return Optional.of(engine.admin().tabletHealth());
        } catch (DorisOpsException e) {
            return Optional.empty();
        }
    }
}
