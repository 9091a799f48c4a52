package io.dorisops.testkit.internal.mysql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** What a statement returns: a text result set, or an OK packet with an affected-row count. */
public sealed interface QueryResult {

    /**
     * A result set; every column is sent as a VARCHAR in the text protocol.
     *
     * @param columns the column names, in order
     * @param rows the rows; a {@code null} cell is sent as SQL NULL
     */
    record Rows(List<String> columns, List<List<String>> rows) implements QueryResult {
        public Rows {
            columns = List.copyOf(columns);
            List<List<String>> copy = new ArrayList<>(rows.size());
            for (List<String> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException(
                            "row has " + row.size() + " cells for " + columns.size() + " columns: " + row);
                }
                copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
            }
            rows = Collections.unmodifiableList(copy);
        }
    }

    /** An OK packet. */
    record Ok(long affectedRows) implements QueryResult {}

    /** An OK packet with no affected rows. */
    static QueryResult ok() {
        return new Ok(0);
    }

    /** A result set. */
    static QueryResult rows(List<String> columns, List<List<String>> rows) {
        return new Rows(Objects.requireNonNull(columns, "columns"), Objects.requireNonNull(rows, "rows"));
    }
}
