package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.ClusterAdmin.Backend;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DropGuardTest {

    private static final String STATISTIC = "SHOW PROC '/statistic'";

    private static Backend be(long id, boolean alive, boolean decommissioning, long tablets) {
        return new Backend(
                id,
                "10.0.0." + id,
                9050,
                9060,
                8040,
                8060,
                Role.BE,
                alive,
                decommissioning,
                tablets,
                Optional.empty(),
                "",
                "",
                "");
    }

    @Test
    void allowsADeadBackendWithoutTablets() {
        Backend target = be(3, false, true, 0);
        List<Backend> all = List.of(be(1, true, false, 10), be(2, true, false, 10), target);
        assertThat(DropGuard.problems(target, all, TabletHealth.of(STATISTIC, 10, 20, 0, 0)))
                .isEmpty();
    }

    @Test
    void refusesAnAliveBackend() {
        Backend target = be(3, true, false, 0);
        assertThat(DropGuard.problems(target, List.of(target), TabletHealth.of(STATISTIC, 0, 0, 0, 0)))
                .containsExactly("backend 10.0.0.3:9050 (id 3) is alive; decommission it and wait until it leaves,"
                        + " or stop it first");
    }

    @Test
    void refusesTheLastReplicaOfSingleReplicaTablets() {
        Backend target = be(3, false, false, 4);
        List<Backend> all = List.of(be(1, true, false, 3), be(2, true, false, 3), target);
        assertThat(DropGuard.problems(target, all, TabletHealth.of(STATISTIC, 10, 10, 0, 0)))
                .containsExactly("backend 10.0.0.3:9050 (id 3) holds 4 replicas and some tablets have a single replica"
                        + " (ReplicaNum 10 < 2 x TabletNum 10): it may hold the only copy");
    }

    @Test
    void refusesWhileTabletsAreUnhealthyAndTooFewBackendsRemain() {
        Backend target = be(3, false, false, 10);
        List<Backend> all = List.of(be(1, true, false, 10), be(2, false, false, 10), be(4, true, true, 10), target);
        assertThat(DropGuard.problems(target, all, TabletHealth.of(STATISTIC, 10, 30, 10, 0)))
                .containsExactly(
                        "backend 10.0.0.3:9050 (id 3) holds 10 replicas and 10 of 10 tablets unhealthy (SHOW PROC"
                                + " '/statistic'): one of them may have its last healthy replica there",
                        "backend 10.0.0.3:9050 (id 3) holds 10 replicas and only 1 other alive backends remain for a"
                                + " replication of 3: its replicas cannot be re-created elsewhere");
    }

    @Test
    void allowsADeadBackendWhoseTabletsAreReplicatedAndHealthyElsewhere() {
        Backend target = be(4, false, false, 5);
        List<Backend> all = List.of(be(1, true, false, 10), be(2, true, false, 10), be(3, true, false, 10), target);
        assertThat(DropGuard.problems(target, all, TabletHealth.of(STATISTIC, 10, 30, 0, 0)))
                .isEmpty();
    }
}
