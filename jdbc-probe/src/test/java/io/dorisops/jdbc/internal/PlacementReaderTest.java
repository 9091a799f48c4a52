package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.jdbc.Samples;
import io.dorisops.testkit.internal.sql.ColumnSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replicas of each tablet from the tablet proc's audited columns, by name, on both flavors. */
class PlacementReaderTest {

    private static ResultTable tablets(ColumnSet set, String[]... replicas) {
        List<List<String>> rows = new ArrayList<>();
        for (String[] replica : replicas) {
            rows.add(Samples.row(set.columns(), Map.of("TabletId", replica[0], "BackendId", replica[1])));
        }
        return new ResultTable(
                "SHOW PROC '/dbs/1/2/partitions/3/4'", "fe-1 (127.0.0.1:9030)", set.columns(), rows, () -> "9.9.9");
    }

    @Test
    void everyAuditedColumnSetGroupsReplicasByTabletAndSkipsTheNoReplicaRow() {
        for (ColumnSet set : ColumnSet.of(ColumnSet.Show.TABLETS)) {
            Map<Long, List<Long>> placed = new LinkedHashMap<>();
            PlacementReader.replicas(
                    tablets(
                            set,
                            new String[] {"20001", "10001"},
                            new String[] {"20001", "10002"},
                            new String[] {"20002", "10003"},
                            new String[] {"20003", "-1"}),
                    placed);
            assertThat(placed)
                    .as(set.name())
                    .containsExactly(
                            Map.entry(20001L, List.of(10001L, 10002L)),
                            Map.entry(20002L, List.of(10003L)),
                            Map.entry(20003L, List.of()));
        }
    }

    @Test
    void theProcPathsNameEachId() {
        assertThat(Statement.showIndexes(1, 2, 3).text()).isEqualTo("SHOW PROC '/dbs/1/2/partitions/3'");
        assertThat(Statement.showTabletReplicas(1, 2, 3, 4).text()).isEqualTo("SHOW PROC '/dbs/1/2/partitions/3/4'");
    }
}
