package io.dorisops.jdbc.internal;

import io.dorisops.DorisOpsException;
import io.dorisops.Topology;
import io.dorisops.jdbc.Route;
import io.dorisops.spi.ConfigItem;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One FE's whole {@code ADMIN SHOW FRONTEND CONFIG}, read on a connection of its own to that FE (not
 * the master's session): each FE answers with its own in-memory values ({@code docs/config.md} §1).
 * Doris columns {@code Key, Value, Type, IsMutable, MasterOnly, Comment}; StarRocks {@code Key,
 * AliasNames, Value, Type, IsMutable, Comment} (no master-only column).
 */
public final class FrontendConfigTable {
    private static final Statement SHOW_ALL = Statement.of("ADMIN SHOW FRONTEND CONFIG");

    private final FeConnector connector;
    private final Route route;

    /** Reads with the topology's SQL settings, reaching each FE through {@code route}. */
    public FrontendConfigTable(Topology.Sql sql, Route route) {
        this.connector = new FeConnector(sql);
        this.route = route;
    }

    /**
     * The FE's config rows.
     *
     * @throws DorisOpsException naming the FE when it cannot be reached or refuses the statement
     */
    public List<ConfigItem> read(String id, String host, int queryPort) {
        FeEndpoint endpoint = FeEndpoint.of(id, host, queryPort, route);
        try (Connection connection = connector.open(endpoint);
                java.sql.Statement jdbc = connection.createStatement()) {
            if (!jdbc.execute(SHOW_ALL.text())) {
                throw SqlFailure.of(
                        endpoint, SHOW_ALL, new SQLException("the FE answered without a result set", "HY000"));
            }
            try (ResultSet resultSet = jdbc.getResultSet()) {
                return items(ResultTable.read(resultSet, SHOW_ALL.shown(), endpoint.label(), () -> "unknown"));
            }
        } catch (SQLException e) {
            throw SqlFailure.of(endpoint, SHOW_ALL, e).toException();
        } catch (SqlFailure failure) {
            throw failure.kind() == SqlFailure.Kind.REFUSED
                    ? failure.toException()
                    : new DorisOpsException(DorisOpsException.message(
                            endpoint.label(),
                            "cannot read its frontend config",
                            "",
                            failure.reason(),
                            "Check that the FE runs and its query port is reachable from here."));
        }
    }

    static List<ConfigItem> items(ResultTable table) {
        int key = table.required("Key");
        int value = table.required("Value");
        int type = table.optional("Type");
        int mutable = table.optional("IsMutable");
        int masterOnly = table.optional("MasterOnly");
        List<ConfigItem> items = new ArrayList<>();
        for (List<String> row : table.rows()) {
            String cell = row.get(value);
            items.add(new ConfigItem(
                    table.text(row, key),
                    cell == null ? "" : cell.trim(),
                    table.text(row, type),
                    mutable >= 0 && table.flag(row, mutable),
                    masterOnly < 0 ? Optional.empty() : Optional.of(table.flag(row, masterOnly))));
        }
        return items;
    }
}
