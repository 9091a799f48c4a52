package io.dorisops.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.TabletHealth;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.internal.sql.ColumnSet;
import io.dorisops.testkit.internal.sql.ColumnSet.Show;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of issue #10 on real sandbox processes: a Doris 2.1 FE answers {@code /statistic} with the
 * seven real columns and {@code /cluster_health/tablet_health} with the real ones, a StarRocks 3.3 FE the
 * eleven-column {@code /statistic}; {@code tabletHealth()} is healthy, and with a BE stopped it names the
 * missing replicas and the statement it read them from.
 */
class TabletHealthSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    @Test
    void doris21NamesTheMissingReplicasFromTabletHealth() throws Exception {
        check(
                Flavor.DORIS,
                "2.1.7",
                "6 of 6 tablets unhealthy: 6 replica missing (sandbox_db)"
                        + " (SHOW PROC '/cluster_health/tablet_health')");
    }

    @Test
    void starRocks33NamesTheUnhealthyTabletsFromStatistic() throws Exception {
        check(Flavor.STARROCKS, "3.3.5", "6 of 6 tablets unhealthy (sandbox_db) (SHOW PROC '/statistic')");
    }

    private void check(Flavor flavor, String version, String withBackendDown) throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                        .flavor(flavor)
                        .version(version)
                        .backends(3)
                        .replicationNum(3)
                        .tabletCount(6)
                        .baseDir(dir)
                        .start();
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology())) {
            Node fe = sandbox.node("fe-1");
            assertThat(columns(fe, "SHOW PROC '/statistic'"))
                    .isEqualTo(ColumnSet.of(Show.STATISTIC, flavor, sandbox.version())
                            .columns());
            if (flavor == Flavor.DORIS) {
                assertThat(columns(fe, "SHOW PROC '/cluster_health/tablet_health'"))
                        .isEqualTo(ColumnSet.of(Show.TABLET_HEALTH, flavor, sandbox.version())
                                .columns())
                        .contains("HealthyNum", "ReplicaMissingNum", "VersionIncompleteNum", "CloningNum");
                assertThat(columns(fe, "SHOW PROC '/statistic'")).hasSize(7);
            } else {
                assertThat(columns(fe, "SHOW PROC '/statistic'")).endsWith("ErrorStateTabletNum");
            }
            Await.until(WAIT, "tablets healthy", () -> admin.tabletHealth().healthy());
            String statement =
                    flavor == Flavor.DORIS ? "SHOW PROC '/cluster_health/tablet_health'" : "SHOW PROC '/statistic'";
            assertThat(admin.tabletHealth().summary()).isEqualTo("all 6 tablets healthy (" + statement + ")");

            sandbox.faults().kill("be-2");
            Await.until(
                    WAIT, "be-2's replicas counted", () -> admin.tabletHealth().unhealthy() == 6);
            TabletHealth down = admin.tabletHealth();
            assertThat(down.healthy()).isFalse();
            assertThat(down.statement()).isEqualTo(statement);
            assertThat(down.summary()).isEqualTo(withBackendDown);
            assertThat(down.replicaMissing()).isEqualTo(flavor == Flavor.DORIS ? 6 : 0);
            assertThat(down.replicas()).isEqualTo(18);

            sandbox.startAll();
            sandbox.awaitReady(WAIT);
            Await.until(WAIT, "healthy after be-2 caught up", () -> admin.tabletHealth()
                    .healthy());
        }
    }

    private static List<String> columns(Node fe, String sql) throws SQLException {
        String url = "jdbc:mysql://" + fe.host() + ":" + fe.ports().queryPort() + "/?user=root&password=";
        try (Connection connection = DriverManager.getConnection(url);
                ResultSet result = connection.createStatement().executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            return columns;
        }
    }
}
