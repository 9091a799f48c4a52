package io.dorisops.jdbc;

import io.dorisops.Flavor;
import io.dorisops.testkit.internal.sql.ColumnSet;
import io.dorisops.testkit.internal.sql.ColumnSet.Show;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The column sets of the audited table ({@link ColumnSet}: every statement, flavor and release range
 * with its source, the table of {@code docs/testkit-sql.md}; the testkit checks it against the
 * reference samples), and rows built for them from values by column name. The tests here build their
 * canned result sets from it, never from the simulated FE's answers, so a wrong fact in the SDK fails.
 */
public final class Samples {

    public static final List<ColumnSet> FRONTEND_SETS = ColumnSet.of(Show.FRONTENDS);

    public static final List<ColumnSet> BACKEND_SETS = ColumnSet.of(Show.BACKENDS);

    public static final List<ColumnSet> COMPUTE_NODE_SETS = ColumnSet.of(Show.COMPUTE_NODES);

    private Samples() {}

    /** A row for {@code columns}: the value for each column by name (any case), {@code other-<column>} for the rest. */
    public static List<String> row(List<String> columns, Map<String, String> values) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(values);
        List<String> row = new ArrayList<>(columns.size());
        for (String column : columns) {
            row.add(byName.containsKey(column) ? byName.get(column) : "other-" + column);
        }
        return row;
    }

    /** True for a StarRocks set. */
    public static boolean starRocks(ColumnSet set) {
        return set.flavor() == Flavor.STARROCKS;
    }
}
