package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.testkit.internal.sql.ColumnSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tablets move through the real states: replicas of a stopped BE are missing; a BE that returns after
 * loads ran without it has version-incomplete replicas, which only the tablet scheduler's clones repair
 * (nothing while it is paused); a BE that returns after no load missed nothing. Each proc answers with
 * exactly the audited columns of its version.
 */
class TabletStatesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TABLET_HEALTH = "SHOW PROC '/cluster_health/tablet_health'";
    private static final String STATISTIC = "SHOW PROC '/statistic'";

    @TempDir
    Path dir;

    @Test
    void dorisReplicasThatMissedALoadStayVersionIncompleteWhileTheSchedulerIsPausedAndHealAfter() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .backends(3)
                .tabletCount(6)
                .cloneRate(4)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            assertThat(Sql.columns(fe, STATISTIC)).isEqualTo(ColumnSet.DORIS_STATISTIC.columns());
            assertThat(Sql.columns(fe, TABLET_HEALTH)).isEqualTo(ColumnSet.DORIS_TABLET_HEALTH.columns());
            Await.until(WAIT, "healthy at start", () -> "6"
                    .equals(total(fe, TABLET_HEALTH).get("HealthyNum")));
            assertThatThrownBy(() -> Sql.query(fe, "SHOW PROC '/statistic/10002'"))
                    .hasMessageContaining("/statistic/10002 is not a directory");

            Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"disable_tablet_scheduler\" = \"true\")");
            script(sandbox.node("be-1"), "stop_be.sh");
            Await.until(WAIT, "replicas missing", () -> "6"
                    .equals(total(fe, TABLET_HEALTH).get("ReplicaMissingNum")));
            assertThat(Sql.query(fe, TABLET_HEALTH).get(0))
                    .containsEntry("DbName", "sandbox_db")
                    .containsEntry("HealthyNum", "0");
            Sql.execute(fe, "INSERT INTO sandbox_db.sandbox_tbl VALUES (1, 'a'), (2, 'b')");

            script(sandbox.node("be-1"), "start_be.sh", "--daemon");
            Await.until(WAIT, "version incomplete", () -> "6"
                    .equals(total(fe, TABLET_HEALTH).get("VersionIncompleteNum")));
            Thread.sleep(1500);
            assertThat(total(fe, TABLET_HEALTH))
                    .as("the paused scheduler clones nothing")
                    .containsEntry("VersionIncompleteNum", "6");
            List<Map<String, String>> versionErrors = Sql.query(
                    fe, "ADMIN SHOW REPLICA STATUS FROM sandbox_db.sandbox_tbl WHERE STATUS = 'VERSION_ERROR'");
            assertThat(versionErrors).hasSize(6).allSatisfy(r -> assertThat(r)
                    .containsEntry("Version", "1")
                    .containsEntry("LastFailedVersion", "2")
                    .containsEntry("CommittedVersion", "2"));
            // mysql-connector-j's executeQuery() refuses ADMIN statements before sending them; query() uses execute().
            assertThat(List.copyOf(Sql.query(fe, "ADMIN SHOW REPLICA STATUS FROM sandbox_db.sandbox_tbl")
                            .get(0)
                            .keySet()))
                    .isEqualTo(ColumnSet.DORIS_REPLICA_STATUS.columns());

            Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"disable_tablet_scheduler\" = \"false\")");
            AtomicBoolean sawPartial = new AtomicBoolean();
            Await.until(WAIT, "healthy after the clones", () -> {
                Map<String, String> total = total(fe, TABLET_HEALTH);
                String incomplete = total.getOrDefault("VersionIncompleteNum", "0");
                if (!"0".equals(incomplete) && !"6".equals(incomplete)) {
                    sawPartial.set(true);
                }
                return "6".equals(total.get("HealthyNum"));
            });
            assertThat(sawPartial)
                    .as("clones take time, a few replicas at a time")
                    .isTrue();
        }
    }

    @Test
    void aBackendRestartedWhileNoLoadRanMissesNothing() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .backends(3)
                .tabletCount(6)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"disable_tablet_scheduler\" = \"true\")");
            script(sandbox.node("be-2"), "stop_be.sh");
            Await.until(WAIT, "replicas missing", () -> "6"
                    .equals(total(fe, TABLET_HEALTH).get("ReplicaMissingNum")));
            script(sandbox.node("be-2"), "start_be.sh", "--daemon");
            Await.until(WAIT, "healthy with the scheduler paused", () -> "6"
                    .equals(total(fe, TABLET_HEALTH).get("HealthyNum")));
        }
    }

    @Test
    void starRocksCountsTheStoppedBackendsTabletsUnhealthyInStatistic() throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.STARROCKS)
                .version("3.3.5")
                .backends(3)
                .tabletCount(6)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            assertThat(Sql.columns(fe, STATISTIC)).isEqualTo(ColumnSet.STARROCKS_STATISTIC.columns());
            assertThatThrownBy(() -> Sql.query(fe, TABLET_HEALTH)).hasMessageContaining("doesn't exist");

            script(sandbox.node("be-2"), "stop_be.sh");
            Await.until(WAIT, "unhealthy", () -> "6".equals(total(fe, STATISTIC).get("UnhealthyTabletNum")));
            assertThat(total(fe, STATISTIC))
                    .containsEntry("ErrorStateTabletNum", "0")
                    .containsEntry("DbName", "1");
            assertThat(Sql.query(fe, "SHOW PROC '/statistic/10002'").get(0).get("UnhealthyTablets"))
                    .isEqualTo("20001,20002,20003,20004,20005,20006");

            script(sandbox.node("be-2"), "start_be.sh", "--daemon");
            Await.until(
                    WAIT, "healthy again", () -> "0".equals(total(fe, STATISTIC).get("UnhealthyTabletNum")));
        }
    }

    private static Map<String, String> total(Node fe, String sql) {
        List<Map<String, String>> rows = Sql.poll(fe, sql);
        return rows.isEmpty() ? Map.of() : rows.get(rows.size() - 1);
    }
}
