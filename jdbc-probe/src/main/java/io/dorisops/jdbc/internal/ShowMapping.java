package io.dorisops.jdbc.internal;

import io.dorisops.ClusterAdmin.Backend;
import io.dorisops.ClusterAdmin.Frontend;
import io.dorisops.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps the SHOW statements' result sets to the core records, by column name. Covers every column set
 * in the reference samples: Doris 1.2 ({@code IP}, {@code Cluster}), 2.0 ({@code TrashUsedCapcacity}),
 * 2.1 ({@code ArrowFlightSqlPort}), 3.x ({@code CpuCores}, {@code Memory}); StarRocks 2.5/3.x (no
 * {@code IsMaster}, {@code Role=LEADER}), 4.x (a leading {@code Id}), {@code location}/{@code
 * Location}. Unknown columns are ignored.
 */
public final class ShowMapping {

    /**
     * One {@code SHOW FRONTENDS} row.
     *
     * @param frontend the record
     * @param connected Doris {@code CurrentConnected=Yes}: the row of the FE that answered
     */
    public record FrontendRow(Frontend frontend, boolean connected) {}

    private ShowMapping() {}

    /** {@code SHOW FRONTENDS}: Doris marks the master {@code IsMaster=true}, StarRocks {@code Role=LEADER}. */
    public static List<FrontendRow> frontends(ResultTable table) {
        int name = table.required("Name");
        int host = table.required("Host", "IP");
        int editLogPort = table.required("EditLogPort");
        int httpPort = table.required("HttpPort");
        int queryPort = table.required("QueryPort");
        int rpcPort = table.required("RpcPort");
        int role = table.required("Role");
        int alive = table.required("Alive");
        int join = table.required("Join");
        int journal = table.required("ReplayedJournalId");
        int heartbeat = table.required("LastHeartbeat");
        int errMsg = table.required("ErrMsg");
        int version = table.required("Version");
        int isMaster = table.optional("IsMaster");
        int startTime = table.optional("LastStartTime", "StartTime");
        int connected = table.optional("CurrentConnected");
        List<FrontendRow> frontends = new ArrayList<>();
        for (List<String> row : table.rows()) {
            String roleText = table.text(row, role).toUpperCase(Locale.ROOT);
            boolean master = roleText.equals("LEADER") || (isMaster >= 0 && table.flag(row, isMaster));
            Frontend frontend = new Frontend(
                    table.text(row, name),
                    table.text(row, host),
                    table.port(row, editLogPort),
                    table.port(row, httpPort),
                    table.port(row, queryPort),
                    table.port(row, rpcPort),
                    roleText.equals("OBSERVER") ? Role.FE_OBSERVER : Role.FE_FOLLOWER,
                    master,
                    table.flag(row, alive),
                    table.flag(row, join),
                    table.number(row, journal),
                    table.version(row, version),
                    table.text(row, heartbeat),
                    table.text(row, startTime),
                    table.text(row, errMsg));
            frontends.add(new FrontendRow(frontend, table.flag(row, connected)));
        }
        return frontends;
    }

    /**
     * {@code SHOW BACKENDS} ({@code listed = BE}) or StarRocks {@code SHOW COMPUTE NODES} ({@code listed =
     * CN}). A Doris backend whose {@code NodeRole} is {@code computation} is a compute node.
     */
    public static List<Backend> backends(ResultTable table, Role listed) {
        int id = table.required("BackendId", "ComputeNodeId");
        int host = table.required("Host", "IP");
        int heartbeatPort = table.required("HeartbeatPort");
        int bePort = table.required("BePort");
        int httpPort = table.required("HttpPort");
        int brpcPort = table.required("BrpcPort");
        int alive = table.required("Alive");
        int decommissioned = table.required("SystemDecommissioned");
        int version = table.required("Version");
        int heartbeat = table.required("LastHeartbeat");
        int startTime = table.required("LastStartTime");
        int errMsg = table.required("ErrMsg");
        // Compute nodes hold no tablets; StarRocks shows TabletNum for them only in shared-data mode.
        int tablets = listed == Role.BE ? table.required("TabletNum") : table.optional("TabletNum");
        int nodeRole = table.optional("NodeRole");
        List<Backend> backends = new ArrayList<>();
        for (List<String> row : table.rows()) {
            boolean computation = table.text(row, nodeRole).equalsIgnoreCase("computation");
            backends.add(new Backend(
                    table.number(row, id),
                    table.text(row, host),
                    table.port(row, heartbeatPort),
                    table.port(row, bePort),
                    table.port(row, httpPort),
                    table.port(row, brpcPort),
                    listed == Role.CN || computation ? Role.CN : Role.BE,
                    table.flag(row, alive),
                    table.flag(row, decommissioned),
                    table.number(row, tablets),
                    table.version(row, version),
                    table.text(row, heartbeat),
                    table.text(row, startTime),
                    table.text(row, errMsg)));
        }
        return backends;
    }

    /**
     * One row of {@code ADMIN SHOW FRONTEND CONFIG}.
     *
     * @param value the value, as text
     * @param masterOnly Doris {@code MasterOnly}: set on the master, it governs the cluster; a key that
     *     is not master-only applies only to the FE it is set on. Empty when the FE does not say.
     */
    public record ConfigEntry(String value, Optional<Boolean> masterOnly) {}

    /** The row of {@code key} in an {@code ADMIN SHOW FRONTEND CONFIG} result, matched exactly. */
    public static Optional<ConfigEntry> config(ResultTable table, String key) {
        int name = table.required("Key");
        int value = table.required("Value");
        int masterOnly = table.optional("MasterOnly");
        for (List<String> row : table.rows()) {
            // LIKE treats '_' as a wildcard, so the rows may hold more than the key asked for.
            if (key.equalsIgnoreCase(table.text(row, name))) {
                String cell = row.get(value);
                return Optional.of(new ConfigEntry(
                        cell == null ? "" : cell,
                        masterOnly < 0 ? Optional.empty() : Optional.of(table.flag(row, masterOnly))));
            }
        }
        return Optional.empty();
    }
}
