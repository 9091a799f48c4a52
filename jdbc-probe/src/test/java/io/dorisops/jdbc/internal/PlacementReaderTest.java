package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.TabletPlacement;
import io.dorisops.jdbc.Samples;
import io.dorisops.testkit.internal.sql.ColumnSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replicas of each tablet and which of them lack versions, from the tablet proc's audited columns
 * (Doris {@code TabletsProcDir}, StarRocks {@code LocalTabletsProcDir}), by name, on both flavors.
 */
class PlacementReaderTest {

    /** Rows of {@code TabletId, BackendId, Version, LstFailedVersion, State}, as the FE prints them. */
    private static ResultTable tablets(ColumnSet set, String[]... replicas) {
        List<List<String>> rows = new ArrayList<>();
        for (String[] r : replicas) {
            rows.add(Samples.row(
                    set.columns(),
                    Map.of(
                            "TabletId", r[0],
                            "BackendId", r[1],
                            "Version", r[2],
                            "LstSuccessVersion", r[2],
                            "LstFailedVersion", r[3],
                            "State", r[4])));
        }
        return new ResultTable(
                "SHOW PROC '/dbs/1/2/partitions/3/4'", "fe-1 (127.0.0.1:9030)", set.columns(), rows, () -> "9.9.9");
    }

    /** A tablet proc of one healthy tablet, one with a replica that missed loads, one without replicas. */
    private static ResultTable sample(ColumnSet set) {
        return tablets(
                set,
                new String[] {"20001", "10001", "5", "-1", "NORMAL"},
                new String[] {"20001", "10002", "5", "-1", "NORMAL"},
                new String[] {"20001", "10003", "5", "-1", "NORMAL"},
                // missed versions 4 and 5 while down: Version stays 3, LstFailedVersion 5 (updateVersionWithFailedInfo)
                new String[] {"20002", "10001", "5", "-1", "NORMAL"},
                new String[] {"20002", "10002", "3", "5", "NORMAL"},
                // a clone in progress is not an alive copy (Tablet.getHealthStatusWithPriority)
                new String[] {"20002", "10003", "5", "-1", "CLONE"},
                // the no-replica row: every number -1, State NULL
                new String[] {"20003", "-1", "-1", "-1", "NULL"});
    }

    @Test
    void everyAuditedColumnSetGroupsReplicasByTabletAndSkipsTheNoReplicaRow() {
        for (ColumnSet set : ColumnSet.of(ColumnSet.Show.TABLETS)) {
            TabletPlacement.Tablets read = PlacementReader.tablets(3, 5, sample(set));

            assertThat(read.partitionId()).isEqualTo(3);
            assertThat(read.replicas())
                    .as(set.name())
                    .isDeepEqualTo(new long[][] {{10001, 10002, 10003}, {10001, 10002, 10003}, {}});
        }
    }

    @Test
    void aReplicaWithAFailedVersionOrBelowTheVisibleVersionOrInCloneIsIncomplete() {
        for (ColumnSet set : ColumnSet.of(ColumnSet.Show.TABLETS)) {
            TabletPlacement.Tablets read = PlacementReader.tablets(3, 5, sample(set));

            assertThat(read.incomplete()).as(set.name()).isDeepEqualTo(new long[][] {{}, {10002, 10003}, {}});
        }
    }

    @Test
    void aReplicaBehindTheVisibleVersionWithoutAFailedVersionIsIncomplete() {
        ColumnSet set = ColumnSet.of(ColumnSet.Show.TABLETS).get(0);
        ResultTable rows = tablets(set, new String[] {"20001", "10001", "7", "-1", "NORMAL"}, new String[] {
            "20001", "10002", "6", "-1", "NORMAL"
        });

        assertThat(PlacementReader.tablets(3, 7, rows).incomplete()).isDeepEqualTo(new long[][] {{10002}});
        // Without the partition's VisibleVersion the tablet's highest Version stands in for it.
        assertThat(PlacementReader.tablets(3, -1, rows).incomplete()).isDeepEqualTo(new long[][] {{10002}});
    }

    @Test
    void theProcPathsNameEachId() {
        assertThat(Statement.showIndexes(1, 2, 3).text()).isEqualTo("SHOW PROC '/dbs/1/2/partitions/3'");
        assertThat(Statement.showTabletReplicas(1, 2, 3, 4).text()).isEqualTo("SHOW PROC '/dbs/1/2/partitions/3/4'");
    }
}
