package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.ReplicaFacts;
import io.dorisops.ReplicaFacts.Partition;
import io.dorisops.ReplicaFacts.Storage;
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
}
