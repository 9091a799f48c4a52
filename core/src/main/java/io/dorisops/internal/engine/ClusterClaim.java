package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A run's marker on the cluster itself, in its first FE's home ({@link NodeOps#claim}): the run lock
 * keeps a second run off this machine, the marker keeps a second operator on another machine off the
 * cluster. Released when the run ends; a killed run's marker stays for its resume (same run id) or
 * the rollback of it, and the refusal says how to clear it.
 */
final class ClusterClaim implements AutoCloseable {

    private final Engine engine;
    private final Node node;
    private final String runId;

    private ClusterClaim(Engine engine, Node node, String runId) {
        this.engine = engine;
        this.node = node;
        this.runId = runId;
    }

    /**
     * @param takeOver the run whose marker this one may replace (the upgrade a rollback undoes), or empty
     * @throws PreconditionFailedException naming the holder and the marker when another run holds it
     */
    static ClusterClaim take(Engine engine, String runId, String takeOver) {
        Node first = engine.topology().frontends().get(0);
        String holder =
                System.getProperty("user.name", "unknown") + "@" + Runner.machineName() + " since " + Instant.now();
        Optional<String> other = engine.ops().claim(first, runId, holder, takeOver);
        if (other.isPresent()) {
            throw new PreconditionFailedException(
                    "another run holds " + engine.topology().name(),
                    List.of("lock: " + other.get() + " holds the marker "
                            + engine.ops().markerLocation(first)
                            + "; wait for it, or resume it where it ran; if it is dead and will not be resumed,"
                            + " remove that file"));
        }
        return new ClusterClaim(engine, first, runId);
    }

    @Override
    public void close() {
        try {
            engine.ops().release(node, runId);
        } catch (DorisOpsException e) {
            // The marker names its run: the next run with this id takes it over, and the refusal of any
            // other says where it is.
        }
    }
}
