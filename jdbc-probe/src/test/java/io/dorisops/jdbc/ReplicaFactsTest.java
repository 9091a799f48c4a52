package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.ReplicaFacts;
import io.dorisops.ReplicaFacts.Partition;
import io.dorisops.ReplicaFacts.Storage;
import io.dorisops.internal.gate.ReplicaGates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code replicaFacts()} on canned answers built from the audited column sets: one statement per
 * database and per table, columns by name, Doris allocations per tag, StarRocks replication numbers.
 */
class ReplicaFactsTest {

    @Test
    void readsBackendsPartitionsAndTheClusterIdOneStatementPerTable() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            FakeCluster.Be be = cluster.addBackend(10001, "10.0.0.21", 12);
            be.tag = "zone1";
            be.used = "12.719 GB";
            be.avail = "282.448 GB";
            be.total = "295.167 GB";
            cluster.addBackend(10002, "10.0.0.22", 0).used = "0.000 ";
            cluster.table("db1", "t1", 3, "tag.location.zone2: 1, tag.location.zone1: 2");
            cluster.table("db1", "t2", 1, "tag.location.default: 1");
            cluster.table("db2", "t3", 2, "tag.location.default: 2");

            ReplicaFacts facts = admin.replicaFacts();

            assertThat(facts.clusterId()).isEqualTo(744773562L);
            Storage first = facts.backends().get(0);
            assertThat(first.tag()).isEqualTo("zone1");
            assertThat(first.tabletNum()).isEqualTo(12);
            assertThat(first.dataUsedBytes()).isEqualTo(Math.round(12.719 * (1L << 30)));
            assertThat(first.totalBytes()).isEqualTo(Math.round(295.167 * (1L << 30)));
            assertThat(facts.backends().get(1).dataUsedBytes()).isZero();
            assertThat(facts.partitions()).extracting(Partition::table).containsExactly("db1.t1", "db1.t2", "db2.t3");
            Partition t1 = facts.partitions().get(0);
            assertThat(t1.allocation()).isEqualTo(Map.of("zone2", 1, "zone1", 2));
            assertThat(t1.replicationNum()).isEqualTo(3);
            assertThat(t1.dataSizeBytes()).isEqualTo(640L << 20);
            assertThat(t1.visibleVersion()).isEqualTo(17);
            assertThat(admin.clusterId()).isEqualTo(744773562L);
            assertThat(cluster.statements())
                    .filteredOn(sql -> sql.startsWith("SHOW PROC '/dbs") || sql.startsWith("SHOW PARTITIONS"))
                    .containsExactly(
                            "SHOW PROC '/dbs'",
                            "SHOW PROC '/dbs/11001'",
                            "SHOW PARTITIONS FROM `db1`.`t1`",
                            "SHOW PARTITIONS FROM `db1`.`t2`",
                            "SHOW PROC '/dbs/11002'",
                            "SHOW PARTITIONS FROM `db2`.`t3`");
        }
    }

    @Test
    void starRocksPartitionsHaveTheirReplicationOnTheDefaultTag() {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 3);
            cluster.table("db1", "t1", 3, "");

            ReplicaFacts facts = admin.replicaFacts();

            assertThat(facts.partitions()).singleElement().satisfies(p -> {
                assertThat(p.allocation()).isEqualTo(Map.of("default", 3));
                assertThat(p.describe()).isEqualTo("db1.t1 partition t1 (tag.location.default: 3)");
                assertThat(p.visibleVersion()).isEqualTo(17);
            });
            assertThat(facts.backends())
                    .singleElement()
                    .extracting(Storage::tag)
                    .isEqualTo("default");
        }
    }

    @Test
    void dorisBefore21PrefixedDatabaseNamesAreReadBareAndTheSchemaDatabaseIsSkipped() {
        try (FakeCluster cluster = FakeCluster.doris(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            // SHOW PROC '/dbs' of Doris 2.0 (apache/doris#10470): | 0 | default_cluster:information_schema | ...
            cluster.version("doris-2.0.2-rc05-ae923f7");
            cluster.clusterPrefix = true;
            cluster.addBackend(10001, "10.0.0.21", 3);
            cluster.table("db1", "t3", 3, "tag.location.default: 3");
            cluster.database("default_cluster:db1", 10, 30, Map.of("ReplicaMissingNum", 2L));

            ReplicaFacts facts = admin.replicaFacts();

            assertThat(facts.partitions()).extracting(Partition::table).containsExactly("db1.t3");
            assertThat(cluster.statements())
                    .filteredOn(sql -> sql.startsWith("SHOW PROC '/dbs") || sql.startsWith("SHOW PARTITIONS"))
                    .containsExactly(
                            "SHOW PROC '/dbs'",
                            "SHOW PROC '/dbs/11001'",
                            "SHOW PARTITIONS FROM `default_cluster:db1`.`t3`");
            assertThat(admin.tabletHealth().databases()).containsExactly("db1");
            // Suggested SQL back-quotes the names.
            assertThat(ReplicaGates.replicasFit(facts, facts.backends()))
                    .singleElement()
                    .asString()
                    .contains("(ALTER TABLE `db1`.`t3` MODIFY PARTITION ...)");
        }
    }

    @Test
    void starRocksStatisticsTablesHoldReplicasAndAreInTheFacts() {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            cluster.addBackend(10001, "10.0.0.21", 3);
            // StatisticsMetaManager creates these as OLAP tables (Cost_based_optimizer.md: table_statistic_v1).
            cluster.table("_statistics_", "column_statistics", 1, "");
            cluster.table("db1", "t1", 3, "");

            ReplicaFacts facts = admin.replicaFacts();

            assertThat(facts.partitions())
                    .extracting(Partition::table)
                    .containsExactly("_statistics_.column_statistics", "db1.t1");
            assertThat(ReplicaGates.singleReplica(facts))
                    .hasValueSatisfying(why -> assertThat(why).startsWith("_statistics_.column_statistics"));
        }
    }

    @Test
    void starRocksLocationLabelsAreHintsSoTheGuardsStillRefuseAScaleInStarRocksWouldRefuse() {
        try (FakeCluster cluster = FakeCluster.starRocks(1);
                JdbcClusterAdmin admin = cluster.admin()) {
            // BackendsProcDir @039e00c8: Location is convertLocationMapToString(backend.getLocation()).
            cluster.addBackend(10001, "10.0.0.21", 3).location = "rack:r1";
            cluster.addBackend(10002, "10.0.0.22", 3).location = "rack:r2";
            cluster.addBackend(10003, "10.0.0.23", 3).location = "rack:r3";
            cluster.table("db1", "t1", 3, "");

            ReplicaFacts facts = admin.replicaFacts();

            assertThat(facts.backends()).extracting(Storage::tag).containsOnly("default");
            // StarRocks refuses: "It will cause insufficient BE number..." (3 replicas, 2 BEs left).
            assertThat(ReplicaGates.replicasFit(facts, List.of(facts.backends().get(2))))
                    .singleElement()
                    .asString()
                    .startsWith("db1.t1 partition t1 needs 3 replicas on tag default")
                    .contains("only 2 BEs of tag default would remain");
        }
    }
}
