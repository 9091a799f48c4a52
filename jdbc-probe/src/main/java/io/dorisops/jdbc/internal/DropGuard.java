package io.dorisops.jdbc.internal;

import io.dorisops.ClusterAdmin.Backend;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether dropping a backend could lose data, from what the real systems show: {@code SHOW
 * BACKENDS} ({@code Alive}, {@code SystemDecommissioned}, {@code TabletNum}) and the tablet health
 * totals ({@link TabletHealth}: Doris {@code SHOW PROC '/cluster_health/tablet_health'}, StarRocks {@code
 * SHOW PROC '/statistic'}; {@code ReplicaNum} from {@code /statistic} on both). Neither system lists which BE holds which replica in one statement, so the
 * rule is conservative: it refuses whenever this BE's replicas might be the last healthy ones.
 *
 * <p>The rule, each line a reason to refuse:
 *
 * <ol>
 *   <li>the backend is alive: decommission it (its tablets move) or stop it first;
 *   <li>it still holds replicas ({@code TabletNum > 0}) and
 *       <ul>
 *         <li>some tablets are unhealthy ({@link TabletHealth#unhealthy()} {@code > 0}): one of them may have its only
 *             healthy replica here;
 *         <li>or some tablet has a single replica ({@code ReplicaNum < 2 x TabletNum}: not every tablet
 *             can have two): it may be one of this BE's;
 *         <li>or fewer other alive, not decommissioning backends remain than the replication needs
 *             ({@code ceil(ReplicaNum / TabletNum)}): its replicas cannot be re-created elsewhere.
 *       </ul>
 * </ol>
 *
 * <p>Limits: the replication is read as an average, so a cluster that mixes single-replica and
 * three-replica tables may pass the second check while a single-replica tablet sits here (the first
 * check catches it once the BE is dead, as its replicas then count as unhealthy); tags and storage
 * media that restrict placement are not considered.
 */
public final class DropGuard {

    private DropGuard() {}

    /** One sentence per reason to refuse dropping {@code target}; empty when the drop is safe. */
    public static List<String> problems(Backend target, List<Backend> backends, TabletHealth health) {
        List<String> problems = new ArrayList<>();
        String name = "backend " + target.address() + " (id " + target.id() + ")";
        if (target.alive()) {
            problems.add(name + " is alive; decommission it and wait until it leaves, or stop it first");
        }
        if (target.tabletNum() == 0 || health.tablets() == 0) {
            return problems;
        }
        String holds = name + " holds " + target.tabletNum() + " replicas";
        if (health.unhealthy() > 0) {
            problems.add(holds + " and " + health.summary() + ": one of them may have its last healthy replica there");
        }
        if (health.replicas() < 2 * health.tablets()) {
            problems.add(holds + " and some tablets have a single replica (ReplicaNum " + health.replicas()
                    + " < 2 x TabletNum " + health.tablets() + "): it may hold the only copy");
        }
        long replication = (health.replicas() + health.tablets() - 1) / health.tablets();
        long others = backends.stream()
                .filter(be -> be.role() == Role.BE && be.alive() && !be.decommissioning() && be.id() != target.id())
                .count();
        if (others < replication) {
            problems.add(holds + " and only " + others + " other alive backends remain for a replication of "
                    + replication + ": its replicas cannot be re-created elsewhere");
        }
        return problems;
    }
}
