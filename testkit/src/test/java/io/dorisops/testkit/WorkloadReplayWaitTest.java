package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * {@code Workload.start} waits until every serving FE knows its table: a follower that has not replayed the
 * CREATE yet answers with the flavor's own "unknown" error, which must be told from a real failure.
 * (Found by a suite run: Doris 2.x with Nereids answers 1105/HY000, not 42S02, and the wait gave up at once.)
 */
class WorkloadReplayWaitTest {

    @Test
    void everyFlavorsUnknownTableOrDatabaseIsWaitedOutAndOtherErrorsAreNot() {
        assertThat(Workload.notYetReplayed(new SQLException(
                        "errCode = 2, detailMessage = Table [events] does not exist in database [workload_db].",
                        "HY000",
                        1105)))
                .isTrue();
        assertThat(Workload.notYetReplayed(new SQLException("Unknown table 'events'", "42S02", 1051)))
                .isTrue();
        assertThat(Workload.notYetReplayed(new SQLException("Unknown database 'workload_db'", "42000", 1049)))
                .isTrue();
        assertThat(Workload.notYetReplayed(
                        new SQLException("errCode = 2, detailMessage = Access denied for user 'root'", "28000", 1045)))
                .isFalse();
        assertThat(Workload.notYetReplayed(
                        new SQLException("errCode = 2, detailMessage = Syntax error", "HY000", 1105)))
                .isFalse();
    }
}
