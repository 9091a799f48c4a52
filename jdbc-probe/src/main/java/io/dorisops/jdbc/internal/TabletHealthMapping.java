package io.dorisops.jdbc.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.TabletHealth;
import io.dorisops.TabletHealth.Problem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tablet health from the statement that holds it, by column name (see {@code docs/testkit-sql.md}
 * for the audited column sets and their sources):
 *
 * <ul>
 *   <li>Doris 1.1 and later: {@code SHOW PROC '/cluster_health/tablet_health'} ({@code
 *       TabletHealthProcDir}), one row per database and a {@code Total} row. Unhealthy = {@code TabletNum
 *       - HealthyNum}; the problem columns break it down. The Catalog-era set has {@code
 *       ReplicaMissingInClusterNum}, the newer one does not, and the oldest lacks {@code InconsistentNum,
 *       OversizeNum, CloningNum}: every problem column is optional.
 *   <li>StarRocks and Doris before 1.1: {@code SHOW PROC '/statistic'} ({@code StatisticProcDir}) with
 *       {@code UnhealthyTabletNum}, {@code InconsistentTabletNum}, {@code CloningTabletNum} and, StarRocks
 *       2.5.5 and later, {@code ErrorStateTabletNum}. Doris 1.1 and later answer {@code /statistic} with
 *       seven columns and no health counts; there it only gives {@code ReplicaNum}.
 * </ul>
 *
 * <p>In both the summary row has {@code DbId = Total}. StarRocks answers an empty result when there is no
 * database at all; that reads as no tablets.
 */
public final class TabletHealthMapping {

    /** The problem columns of {@code tablet_health}, in the FE's order. */
    private static final Map<String, Problem> PROBLEM_COLUMNS = problemColumns();

    private TabletHealthMapping() {}

    /**
     * The Doris {@code SHOW PROC '/cluster_health/tablet_health'} answer, with {@code ReplicaNum} from the
     * {@code SHOW PROC '/statistic'} answer when given.
     */
    public static TabletHealth fromTabletHealth(ResultTable health, Optional<ResultTable> statistic) {
        int dbId = health.required("DbId");
        int dbName = health.required("DbName");
        int tablets = health.required("TabletNum");
        int healthy = health.required("HealthyNum");
        int inconsistent = health.optional("InconsistentNum");
        int cloning = health.optional("CloningNum");
        Map<Problem, Integer> problems = new LinkedHashMap<>();
        PROBLEM_COLUMNS.forEach((column, problem) -> {
            int index = health.optional(column);
            if (index >= 0) {
                problems.put(problem, index);
            }
        });
        List<String> total = total(health, dbId, Statement.SHOW_TABLET_HEALTH);
        long tabletNum = health.number(total, tablets);
        TabletHealth.Builder builder = TabletHealth.builder(Statement.SHOW_TABLET_HEALTH.shown())
                .tablets(tabletNum)
                .unhealthy(Math.max(0, tabletNum - health.number(total, healthy)))
                .inconsistent(health.number(total, inconsistent))
                .cloning(health.number(total, cloning));
        problems.forEach((problem, index) -> builder.problem(problem, health.number(total, index)));
        for (List<String> row : health.rows()) {
            if (row == total) {
                continue;
            }
            String name = ReplicaReader.bareName(health.text(row, dbName));
            boolean named = false;
            for (Map.Entry<Problem, Integer> entry : problems.entrySet()) {
                if (health.number(row, entry.getValue()) > 0) {
                    builder.database(entry.getKey(), name);
                    named = true;
                }
            }
            if (!named && health.number(row, tablets) > health.number(row, healthy)) {
                builder.unhealthyDatabase(name);
            }
        }
        statistic.ifPresent(table -> {
            if (!table.rows().isEmpty()) {
                builder.replicas(table.number(
                        total(table, table.required("DbId"), Statement.SHOW_STATISTIC), table.required("ReplicaNum")));
            }
        });
        return builder.build();
    }

    /** The StarRocks (and Doris before 1.1) {@code SHOW PROC '/statistic'} answer. */
    public static TabletHealth fromStatistic(ResultTable table) {
        TabletHealth.Builder builder = TabletHealth.builder(Statement.SHOW_STATISTIC.shown());
        int dbId = table.required("DbId");
        int dbName = table.required("DbName");
        int tablets = table.required("TabletNum");
        int replicas = table.required("ReplicaNum");
        int unhealthy = table.required("UnhealthyTabletNum");
        int inconsistent = table.optional("InconsistentTabletNum");
        int cloning = table.optional("CloningTabletNum");
        int errorState = table.optional("ErrorStateTabletNum");
        if (table.rows().isEmpty()) {
            return builder.build();
        }
        List<String> total = total(table, dbId, Statement.SHOW_STATISTIC);
        builder.tablets(table.number(total, tablets))
                .replicas(table.number(total, replicas))
                .unhealthy(table.number(total, unhealthy))
                .inconsistent(table.number(total, inconsistent))
                .cloning(table.number(total, cloning))
                .problem(Problem.ERROR_STATE, table.number(total, errorState));
        for (List<String> row : table.rows()) {
            if (row == total) {
                continue;
            }
            String name = ReplicaReader.bareName(table.text(row, dbName));
            if (table.number(row, unhealthy) > 0) {
                builder.unhealthyDatabase(name);
            }
            if (table.number(row, errorState) > 0) {
                builder.database(Problem.ERROR_STATE, name);
            }
        }
        return builder.build();
    }

    private static List<String> total(ResultTable table, int dbId, Statement statement) {
        for (List<String> row : table.rows()) {
            if (table.text(row, dbId).equalsIgnoreCase("Total")) {
                return row;
            }
        }
        throw new DorisOpsException(DorisOpsException.message(
                table.answeredBy(),
                statement.shown() + " has no Total row",
                "a row with DbId=Total",
                table.rows().size() + " rows",
                "Run the statement by hand and report its output."));
    }

    private static Map<String, Problem> problemColumns() {
        Map<String, Problem> columns = new LinkedHashMap<>();
        columns.put("ReplicaMissingNum", Problem.REPLICA_MISSING);
        columns.put("VersionIncompleteNum", Problem.VERSION_INCOMPLETE);
        columns.put("ReplicaRelocatingNum", Problem.REPLICA_RELOCATING);
        columns.put("RedundantNum", Problem.REDUNDANT);
        columns.put("ReplicaMissingInClusterNum", Problem.REPLICA_MISSING_IN_CLUSTER);
        columns.put("ReplicaMissingForTagNum", Problem.REPLICA_MISSING_FOR_TAG);
        columns.put("ForceRedundantNum", Problem.FORCE_REDUNDANT);
        columns.put("ColocateMismatchNum", Problem.COLOCATE_MISMATCH);
        columns.put("ColocateRedundantNum", Problem.COLOCATE_REDUNDANT);
        columns.put("NeedFurtherRepairNum", Problem.NEED_FURTHER_REPAIR);
        columns.put("UnrecoverableNum", Problem.UNRECOVERABLE);
        return Collections.unmodifiableMap(columns);
    }
}
