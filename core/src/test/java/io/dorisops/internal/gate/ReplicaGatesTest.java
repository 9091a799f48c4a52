package io.dorisops.internal.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.ReplicaFacts;
import io.dorisops.ReplicaFacts.Partition;
import io.dorisops.ReplicaFacts.Storage;
import io.dorisops.Role;
import io.dorisops.TabletHealth;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replica policy on hand-made facts: each rule against the case that breaks it. */
class ReplicaGatesTest {

    private static final long GB = 1L << 30;
    private static final String HEALTH = "SHOW PROC '/cluster_health/tablet_health'";

    private static Storage be(long id, String tag, long tablets, long usedGb, long availGb) {
        return new Storage(
                id, "10.0.0." + id, 9050, Role.BE, true, false, tag, tablets, usedGb * GB, availGb * GB, 100 * GB);
    }

    private static Storage dead(Storage be) {
        return new Storage(
                be.id(),
                be.host(),
                be.heartbeatPort(),
                be.role(),
                false,
                be.decommissioning(),
                be.tag(),
                be.tabletNum(),
                be.dataUsedBytes(),
                be.availBytes(),
                be.totalBytes());
    }

    private static Partition partition(String table, String name, Map<String, Integer> allocation) {
        int replicas = allocation.values().stream().mapToInt(Integer::intValue).sum();
        return new Partition(1, 2, 3, table, name, replicas, new java.util.TreeMap<>(allocation), 10, GB);
    }

    private static ReplicaFacts facts(List<Storage> backends, List<Partition> partitions) {
        return new ReplicaFacts(744773562, backends, partitions, Instant.EPOCH);
    }

    @Test
    void singleReplicaNamesTheTablesAndPartitionsWithOneReplicaOnly() {
        ReplicaFacts facts = facts(
                List.of(be(1, "default", 10, 1, 50)),
                List.of(
                        partition("db1.t3", "p1", Map.of("default", 3)),
                        partition("db1.t1", "p1", Map.of("default", 1)),
                        partition("db1.t1", "p2", Map.of("default", 1)),
                        partition("db1.z", "p1", Map.of("zone1", 1, "zone2", 1))));

        assertThat(ReplicaGates.singleReplica(facts)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("db1.t1 partitions p1, p2 have a single replica")
                .doesNotContain("db1.t3")
                .doesNotContain("db1.z")
                .endsWith("or force single-replica"));
        assertThat(ReplicaGates.singleReplica(
                        facts(List.of(), List.of(partition("db1.t3", "p1", Map.of("default", 3))))))
                .isEmpty();
    }

    @Test
    void aThreeReplicaTableRefusesToBeLeftOnTwoBackendsNamingTableAndNumbers() {
        List<Storage> bes =
                List.of(be(1, "default", 10, 1, 90), be(2, "default", 10, 1, 90), be(3, "default", 10, 1, 90));
        ReplicaFacts facts = facts(
                bes,
                List.of(
                        partition("db1.t3", "p1", Map.of("default", 3)),
                        partition("db1.t3", "p2", Map.of("default", 3)),
                        partition("db1.t2", "t2", Map.of("default", 2))));

        assertThat(ReplicaGates.replicasFit(facts, List.of(bes.get(2))))
                .containsExactly("db1.t3 partitions p1, p2 needs 3 replicas on tag default (tag.location.default: 3),"
                        + " but only 2 BEs of tag default would remain to hold them; add a BE with tag default first,"
                        + " or lower the table's replication (ALTER TABLE `db1`.`t3` MODIFY PARTITION ...)");
    }

    @Test
    void tagsAreCountedApart() {
        List<Storage> bes = List.of(
                be(1, "zone1", 5, 1, 90), be(2, "zone1", 5, 1, 90), be(3, "zone2", 5, 1, 90), be(4, "zone2", 5, 1, 90));
        ReplicaFacts facts = facts(bes, List.of(partition("db1.t", "t", Map.of("zone1", 1, "zone2", 2))));

        assertThat(ReplicaGates.replicasFit(facts, List.of(bes.get(0)))).isEmpty();
        assertThat(ReplicaGates.replicasFit(facts, List.of(bes.get(3))))
                .singleElement()
                .asString()
                .startsWith("db1.t partition t needs 2 replicas on tag zone2 (tag.location.zone1: 1,"
                        + " tag.location.zone2: 2), but only 1 BE of tag zone2 would remain");
    }

    @Test
    void deadAndDecommissioningBackendsDoNotCountAsRoom() {
        Storage leaving = be(3, "default", 10, 1, 90);
        List<Storage> bes = List.of(
                be(1, "default", 10, 1, 90), dead(be(2, "default", 10, 1, 90)), leaving, be(4, "default", 0, 0, 99));
        ReplicaFacts facts = facts(bes, List.of(partition("db1.t", "t", Map.of("default", 2))));

        assertThat(ReplicaGates.replicasFit(facts, List.of(leaving))).isEmpty();
        assertThat(ReplicaGates.replicasFit(facts, List.of(leaving, bes.get(3))))
                .hasSize(1);
    }

    @Test
    void capacityRefusesWhenTheRemainingBackendsCannotHoldTheMovedData() {
        Storage leaving = be(3, "default", 10, 30, 70);
        List<Storage> bes = List.of(be(1, "default", 10, 80, 20), be(2, "default", 10, 80, 20), leaving);

        // 20 GB free each, less the 10 GB kept below 90%: 20 GB of room for 30 GB.
        assertThat(ReplicaGates.capacityFits(facts(bes, List.of()), List.of(leaving)))
                .containsExactly("tag default: the leaving BEs hold 30.000 GB, but the 2 remaining BEs of that tag can"
                        + " take only 20.000 GB before 90% full (AvailCapacity less 10% of TotalCapacity); add disks"
                        + " or BEs with tag default first");
        Storage small = be(3, "default", 10, 15, 85);
        assertThat(ReplicaGates.capacityFits(facts(List.of(bes.get(0), bes.get(1), small), List.of()), List.of(small)))
                .isEmpty();
    }

    @Test
    void theTabletSchedulerSwitchStopsADrainButBalanceDoesNot() {
        assertThat(ReplicaGates.schedulerPaused(Flavor.DORIS, Map.of("disable_tablet_scheduler", "true")))
                .get()
                .asString()
                .startsWith("disable_tablet_scheduler is true: the tablet scheduler moves");
        assertThat(ReplicaGates.schedulerPaused(
                        Flavor.DORIS, Map.of("disable_tablet_scheduler", "false", "disable_balance", "true")))
                .isEmpty();
        assertThat(ReplicaGates.schedulerPaused(Flavor.STARROCKS, Map.of("tablet_sched_max_scheduling_tablets", "0")))
                .isPresent();
        assertThat(ReplicaGates.schedulerPaused(Flavor.STARROCKS, Map.of("tablet_sched_disable_balance", "true")))
                .isEmpty();
    }

    @Test
    void dropAllowsADeadEmptyBackendAndRefusesAnAliveOne() {
        Storage alive = be(3, "default", 0, 0, 100);
        ReplicaFacts facts = facts(List.of(be(1, "default", 10, 1, 90), alive), List.of());
        TabletHealth healthy = TabletHealth.of(HEALTH, 10, 20, 0, 0);

        assertThat(ReplicaGates.drop(dead(alive), facts, healthy)).isEmpty();
        assertThat(ReplicaGates.drop(alive, facts, healthy))
                .containsExactly("backend 10.0.0.3:9050 (id 3) is alive; decommission it and wait until it leaves, or"
                        + " stop it first");
    }

    @Test
    void dropRefusesTheOnlyCopyOfASingleReplicaTableEvenWhenOthersHaveThree() {
        Storage target = dead(be(4, "default", 5, 1, 90));
        List<Storage> bes =
                List.of(be(1, "default", 10, 1, 90), be(2, "default", 10, 1, 90), be(3, "default", 10, 1, 90), target);
        ReplicaFacts facts = facts(
                bes,
                List.of(
                        partition("db1.big", "big", Map.of("default", 3)),
                        partition("db1.one", "one", Map.of("default", 1))));

        assertThat(ReplicaGates.drop(target, facts, TabletHealth.of(HEALTH, 40, 100, 0, 0)))
                .containsExactly("backend 10.0.0.4:9050 (id 4) holds 5 replicas and single-replica partitions may have"
                        + " their only copy there: db1.one partition one");
    }

    @Test
    void sizesPrintAsTheFrontendPrintsThem() {
        assertThat(ReplicaGates.size(0)).isEqualTo("0.000 B");
        assertThat(ReplicaGates.size(1536)).isEqualTo("1.500 KB");
        assertThat(ReplicaGates.size(30 * GB)).isEqualTo("30.000 GB");
    }
}
