package io.dorisops.testkit;

import io.dorisops.Node;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs statements on a sandbox FE through the real mysql-connector-j. */
final class Sql {
    private Sql() {}

    static Connection connect(Node fe, String password) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:mysql://" + fe.host() + ":" + fe.ports().queryPort()
                        + "/?connectTimeout=3000&socketTimeout=15000&useSSL=false&allowPublicKeyRetrieval=true",
                "root",
                password);
    }

    /** The rows of a query, each a map from column name to value, in column order. */
    static List<Map<String, String>> query(Node fe, String sql) throws SQLException {
        try (Connection connection = connect(fe, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
            ResultSet rs = statement.getResultSet();
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, String>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The column names of a query. */
    static List<String> columns(Node fe, String sql) throws SQLException {
        try (Connection connection = connect(fe, "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnLabel(i));
            }
            return columns;
        }
    }

    static void execute(Node fe, String sql) throws SQLException {
        try (Connection connection = connect(fe, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Like {@link #query} but an SQL failure counts as no rows (for polling while nodes change). */
    static List<Map<String, String>> poll(Node fe, String sql) {
        try {
            return query(fe, sql);
        } catch (SQLException e) {
            return List.of();
        }
    }
}
