package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replica statements of a Doris sandbox with two location tags: tables with their allocations, the
 * Tag and capacity columns, and a decommission that moves replicas only within their tag, stalled by
 * the fault and by the tablet scheduler switch, never by disable_balance.
 */
class ReplicaSandboxTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(Sandbox.builder()
            .flavor(Flavor.DORIS)
            .version("2.1.7")
            .followers(1)
            .backends(4)
            .locationTags(2)
            .replicationNum(2)
            .tabletCount(8)
            .table("db1.zoned", "tag.location.zone1: 1, tag.location.zone2: 1")
            .table("db2.single", Map.of("zone2", 1), 4, 2)
            .tabletSize(1L << 30)
            .decommissionRate(40));

    private static Node fe() {
        return SANDBOX.sandbox().node("fe-1");
    }

    private static Map<String, Map<String, String>> backends() {
        return Sql.poll(fe(), "SHOW BACKENDS").stream()
                .collect(Collectors.toMap(row -> row.get("BackendId"), row -> row));
    }

    @Test
    void tablesTagsAndCapacitiesAnswerFromTheCatalogAndADrainStaysInItsTag() throws Exception {
        List<Map<String, String>> dbs = Sql.query(fe(), "SHOW PROC '/dbs'");
        assertThat(dbs).extracting(row -> row.get("DbName")).containsExactly("sandbox_db", "db1", "db2");
        String db2 = dbs.get(2).get("DbId");
        assertThat(Sql.query(fe(), "SHOW PROC '/dbs/" + db2 + "'"))
                .singleElement()
                .satisfies(row ->
                        assertThat(row).containsEntry("TableName", "single").containsEntry("Type", "OLAP"));
        assertThat(Sql.query(fe(), "SHOW PARTITIONS FROM db1.zoned"))
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("PartitionName", "zoned")
                        .containsEntry("ReplicationNum", "2")
                        .containsEntry("ReplicaAllocation", "tag.location.zone1: 1, tag.location.zone2: 1")
                        .containsEntry("Buckets", "10")
                        .containsEntry("DataSize", "10.000 GB"));
        assertThat(Sql.query(fe(), "SHOW PARTITIONS FROM `db2`.`single`"))
                .extracting(row -> row.get("PartitionName") + " " + row.get("ReplicaAllocation"))
                .containsExactly("p1 tag.location.zone2: 1", "p2 tag.location.zone2: 1");
        assertThat(Sql.query(fe(), "SHOW PARTITIONS FROM sandbox_db.sandbox_tbl")
                        .get(0))
                .containsEntry("ReplicaAllocation", "tag.location.zone1: 1, tag.location.zone2: 1");

        Map<String, Map<String, String>> before = backends();
        assertThat(before.get("10001"))
                .containsEntry("Tag", "{\"location\" : \"zone1\"}")
                .containsEntry("TotalCapacity", "1024.000 GB");
        assertThat(before.get("10002")).containsEntry("Tag", "{\"location\" : \"zone2\"}");
        long used = Math.round(
                Double.parseDouble(before.get("10001").get("DataUsedCapacity").replace(" GB", "")));
        assertThat(used).isEqualTo(Long.parseLong(before.get("10001").get("TabletNum")));
        assertThat(Sql.query(fe(), "ADMIN SHOW REPLICA DISTRIBUTION FROM db1.zoned"))
                .extracting(row -> row.get("ReplicaNum"))
                .containsExactly("5", "5", "5", "5");

        // be-1 is on zone1: its replicas can only go to be-3, the other zone1 BE.
        Sql.execute(fe(), "ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"true\")");
        SANDBOX.sandbox().faults().stallDrain();
        Await.until(WAIT, "the master sees the stall", () -> TestSupport.log(fe(), "log/fe.log")
                .contains("clone task failed: simulated fault stall-drain"));
        Node be1 = SANDBOX.sandbox().node("be-1");
        Sql.execute(fe(), "ALTER SYSTEM DECOMMISSION BACKEND \"" + be1.membershipAddress() + "\"");
        Await.until(WAIT, "be-1 decommissioning", () -> "true"
                .equals(backends().getOrDefault("10001", Map.of()).get("SystemDecommissioned")));
        assertThat(backends().get("10001").get("TabletNum"))
                .isEqualTo(before.get("10001").get("TabletNum"));

        SANDBOX.sandbox().faults().clear("fe-1");
        Await.until(WAIT, "be-1 drained and dropped despite disable_balance", () -> !backends()
                .containsKey("10001"));
        Map<String, Map<String, String>> after = backends();
        long zone1Before = Long.parseLong(before.get("10001").get("TabletNum"))
                + Long.parseLong(before.get("10003").get("TabletNum"));
        assertThat(Long.parseLong(after.get("10003").get("TabletNum"))).isEqualTo(zone1Before);
        assertThat(after.get("10002").get("TabletNum"))
                .isEqualTo(before.get("10002").get("TabletNum"));
        assertThat(after.get("10004").get("TabletNum"))
                .isEqualTo(before.get("10004").get("TabletNum"));
    }
}
