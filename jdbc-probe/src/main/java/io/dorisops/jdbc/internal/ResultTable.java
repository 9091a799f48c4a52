package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.DorisOpsException;
import io.dorisops.Version;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A result set read into memory, its columns looked up by name (ignoring case), never by position:
 * the FEs of different versions add, move, rename and misspell columns.
 */
public final class ResultTable {

    private final String statement;
    private final String answeredBy;
    private final List<String> columns;
    private final List<List<String>> rows;
    private final Supplier<String> feVersion;

    /**
     * @param statement the statement as messages show it
     * @param answeredBy the FE that answered, as messages name it
     * @param columns the column labels in order
     * @param rows the cells; SQL NULL is {@code null}
     * @param feVersion the answering FE's version, asked only when a message needs it
     */
    public ResultTable(
            String statement,
            String answeredBy,
            List<String> columns,
            List<List<String>> rows,
            Supplier<String> feVersion) {
        this.statement = requireNonNull(statement, "statement");
        this.answeredBy = requireNonNull(answeredBy, "answeredBy");
        this.columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        this.rows = Collections.unmodifiableList(copy);
        this.feVersion = requireNonNull(feVersion, "feVersion");
    }

    /** Reads a whole result set. */
    static ResultTable read(ResultSet resultSet, String statement, String answeredBy, Supplier<String> feVersion)
            throws SQLException {
        ResultSetMetaData meta = resultSet.getMetaData();
        int count = meta.getColumnCount();
        List<String> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (resultSet.next()) {
            List<String> row = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                row.add(resultSet.getString(i));
            }
            rows.add(row);
        }
        return new ResultTable(statement, answeredBy, columns, rows, feVersion);
    }

    /** The rows, each a list of cells in column order. */
    public List<List<String>> rows() {
        return rows;
    }

    /** The column labels in order. */
    public List<String> columns() {
        return columns;
    }

    /** The FE that answered, as messages name it. */
    public String answeredBy() {
        return answeredBy;
    }

    /** The index of the first of {@code names} present, or -1. */
    public int optional(String... names) {
        for (String name : names) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).equalsIgnoreCase(name)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The index of the first of {@code names} present.
     *
     * @throws DorisOpsException naming the FE, its version and the column when none is present
     */
    public int required(String... names) {
        int index = optional(names);
        if (index < 0) {
            String wanted = String.join(" or ", names);
            throw new DorisOpsException(DorisOpsException.message(
                    answeredBy,
                    statement + " has no column " + wanted + " (FE version " + feVersion.get() + ")",
                    "a column named " + wanted,
                    "columns " + columns,
                    "dorisops reads the columns of Doris 1.2 to 3.x and StarRocks 2.5 to 4.x; report this FE"
                            + " version and its column list."));
        }
        return index;
    }

    /** The cell as text: SQL NULL and StarRocks' {@code NULL} string read as empty. */
    public String text(List<String> row, int column) {
        if (column < 0) {
            return "";
        }
        String value = row.get(column);
        return value == null || value.equalsIgnoreCase("NULL") ? "" : value.trim();
    }

    /** The cell as a boolean: {@code true}, {@code yes} or {@code 1}; anything else is false. */
    public boolean flag(List<String> row, int column) {
        String value = text(row, column).toLowerCase(Locale.ROOT);
        return value.equals("true") || value.equals("yes") || value.equals("1");
    }

    /**
     * The cell as a number; empty reads as 0.
     *
     * @throws DorisOpsException naming the FE, the column and the value when it is not a number
     */
    public long number(List<String> row, int column) {
        String value = text(row, column);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DorisOpsException(DorisOpsException.message(
                    answeredBy,
                    statement + " column " + columns.get(column) + " holds " + Addresses.quote(value),
                    "a whole number",
                    "",
                    "Report this FE version (" + feVersion.get() + ") and the value."));
        }
    }

    /** The cell as a port, 0 when empty or negative (a disabled port prints -1). */
    public int port(List<String> row, int column) {
        long value = number(row, column);
        return value < 0 || value > 65535 ? 0 : (int) value;
    }

    /** The cell as a version, empty when absent or unreadable (a trunk build, {@code NULL}). */
    public Optional<Version> version(List<String> row, int column) {
        String value = text(row, column);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Version.parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
