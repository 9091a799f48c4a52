package io.dorisops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.TabletHealth.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabletHealthTest {

    private static final String TABLET_HEALTH = "SHOW PROC '/cluster_health/tablet_health'";
    private static final String STATISTIC = "SHOW PROC '/statistic'";

    @Test
    void summaryNamesTheCountsTheDatabasesAndTheStatement() {
        TabletHealth health = TabletHealth.builder(TABLET_HEALTH)
                .tablets(120)
                .replicas(360)
                .unhealthy(3)
                .problem(Problem.REPLICA_MISSING, 2)
                .database(Problem.REPLICA_MISSING, "db1")
                .database(Problem.REPLICA_MISSING, "db2")
                .database(Problem.REPLICA_MISSING, "db1")
                .problem(Problem.VERSION_INCOMPLETE, 1)
                .database(Problem.VERSION_INCOMPLETE, "db3")
                .build();

        assertThat(health.summary())
                .isEqualTo("3 of 120 tablets unhealthy: 2 replica missing (db1, db2), 1 version incomplete (db3)"
                        + " (SHOW PROC '/cluster_health/tablet_health')");
        assertThat(health.databases()).containsExactly("db1", "db2", "db3");
        assertThat(health.problems()).isEqualTo(Map.of(Problem.REPLICA_MISSING, 2L, Problem.VERSION_INCOMPLETE, 1L));
        assertThat(health.replicaMissing()).isEqualTo(2);
        assertThat(health.unrecoverable()).isZero();
        assertThat(health.healthy()).isFalse();
        assertThat(health.statement()).isEqualTo(TABLET_HEALTH);
    }

    @Test
    void healthyMeansNoUnhealthyNoCloningAndNoErrorState() {
        assertThat(TabletHealth.of(STATISTIC, 10, 30, 0, 0).healthy()).isTrue();
        assertThat(TabletHealth.of(STATISTIC, 10, 30, 0, 0).summary())
                .isEqualTo("all 10 tablets healthy (SHOW PROC '/statistic')");
        assertThat(TabletHealth.of(STATISTIC, 10, 30, 1, 0).healthy()).isFalse();
        assertThat(TabletHealth.of(STATISTIC, 10, 30, 0, 2).healthy()).isFalse();
        assertThat(TabletHealth.of(STATISTIC, 10, 30, 0, 2).summary()).isEqualTo("2 cloning (SHOW PROC '/statistic')");
        TabletHealth errorState = TabletHealth.builder(STATISTIC)
                .tablets(10)
                .problem(Problem.ERROR_STATE, 1)
                .database(Problem.ERROR_STATE, "db1")
                .build();
        assertThat(errorState.healthy()).isFalse();
        assertThat(errorState.unhealthy()).isZero();
        assertThat(errorState.summary()).isEqualTo("1 in error state (db1) (SHOW PROC '/statistic')");
    }

    @Test
    void withoutABreakdownTheSummaryNamesTheUnhealthyDatabases() {
        TabletHealth health = TabletHealth.builder(STATISTIC)
                .tablets(100)
                .unhealthy(4)
                .unhealthyDatabase("sales")
                .build();

        assertThat(health.summary()).isEqualTo("4 of 100 tablets unhealthy (sales) (SHOW PROC '/statistic')");
        assertThat(health.replicaMissing()).isZero();
    }

    @Test
    void equalHealthsAreEqual() {
        assertThat(TabletHealth.of(STATISTIC, 10, 30, 1, 0)).isEqualTo(TabletHealth.of(STATISTIC, 10, 30, 1, 0));
        assertThat(TabletHealth.of(STATISTIC, 10, 30, 1, 0)).isNotEqualTo(TabletHealth.of(TABLET_HEALTH, 10, 30, 1, 0));
    }

    @Test
    void builderRejectsNegativeCountsAndMoreUnhealthyThanTablets() {
        assertThatThrownBy(() -> TabletHealth.builder(STATISTIC).tablets(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tablets must not be negative, was -1");
        assertThatThrownBy(() -> TabletHealth.builder(STATISTIC).problem(Problem.UNRECOVERABLE, -2))
                .hasMessage("UNRECOVERABLE must not be negative, was -2");
        assertThatThrownBy(() -> TabletHealth.of(STATISTIC, 1, 3, 2, 0))
                .hasMessage("2 unhealthy tablets of 1 (SHOW PROC '/statistic')");
        assertThatThrownBy(() -> TabletHealth.builder(null)).isInstanceOf(NullPointerException.class);
    }
}
