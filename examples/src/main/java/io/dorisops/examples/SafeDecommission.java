// Shows custom automation on the public API: decommission a BE safely and wait until it is gone.
package io.dorisops.examples;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Wait;
import io.dorisops.spi.Backend;
import io.dorisops.spi.ClusterAdmin;
import java.time.Duration;
import java.util.List;

/**
 * Decommissions a backend, refusing when too few other live backends would remain to hold every
 * replica, and waits until the master has dropped its row.
 */
public final class SafeDecommission {

    private final ClusterAdmin admin;
    private final int replicationNum;
    private final Duration timeout;

    /**
     * @param admin the cluster's SQL control plane
     * @param replicationNum the tables' replication number: this many live backends must remain
     * @param timeout how long to wait for the tablets to move away
     */
    public SafeDecommission(ClusterAdmin admin, int replicationNum, Duration timeout) {
        if (replicationNum < 1) {
            throw new IllegalArgumentException("replicationNum must be at least 1, was " + replicationNum);
        }
        this.admin = admin;
        this.replicationNum = replicationNum;
        this.timeout = timeout;
    }

    /**
     * Decommissions {@code backend} and returns once the master no longer lists it.
     *
     * @throws DorisOpsException when fewer than {@code replicationNum} other live backends remain
     */
    public void decommission(Node backend) {
        List<Backend> others = admin.backends().stream()
                .filter(be -> !be.matches(backend) && be.alive() && !be.decommissioning())
                .toList();
        if (others.size() < replicationNum) {
            throw new DorisOpsException(backend.label() + ": refusing to decommission: only " + others.size()
                    + " other live backend(s) would remain for " + replicationNum
                    + " replicas, so the last replica of some tablets would be lost; bring the dead backends back"
                    + " or add one first");
        }
        admin.decommissionBackend(backend.host(), backend.ports().heartbeatPort());
        Wait.until(backend.label(), "decommissioned and dropped by the master", admin::backends)
                .succeedsWhen(rows -> rows.stream().noneMatch(be -> be.matches(backend)))
                .describedBy(rows -> rows.stream()
                        .filter(be -> be.matches(backend))
                        .map(be -> "still listed with " + be.tabletNum() + " tablets")
                        .findFirst()
                        .orElse("gone"))
                .timeout(timeout)
                .pollInterval(Duration.ofMillis(200))
                .build()
                .await();
    }
}
