package io.dorisops.jdbc.internal;

import io.dorisops.Role;
import io.dorisops.spi.Backend;
import io.dorisops.spi.Frontend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            Frontend frontend = Frontend.builder()
                    .name(table.text(row, name))
                    .host(table.text(row, host))
                    .editLogPort(table.port(row, editLogPort))
                    .httpPort(table.port(row, httpPort))
                    .queryPort(table.port(row, queryPort))
                    .rpcPort(table.port(row, rpcPort))
                    .role(roleText.equals("OBSERVER") ? Role.FE_OBSERVER : Role.FE_FOLLOWER)
                    .master(master)
                    .alive(table.flag(row, alive))
                    .joined(table.flag(row, join))
                    .replayedJournalId(table.number(row, journal))
                    .version(table.version(row, version))
                    .lastHeartbeat(table.text(row, heartbeat))
                    .lastStartTime(table.text(row, startTime))
                    .errMsg(table.text(row, errMsg))
                    .build();
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
        int status = table.optional("Status");
        List<Backend> backends = new ArrayList<>();
        for (List<String> row : table.rows()) {
            boolean computation = table.text(row, nodeRole).equalsIgnoreCase("computation");
            backends.add(Backend.builder()
                    .id(table.number(row, id))
                    .host(table.text(row, host))
                    .heartbeatPort(table.port(row, heartbeatPort))
                    .bePort(table.port(row, bePort))
                    .httpPort(table.port(row, httpPort))
                    .brpcPort(table.port(row, brpcPort))
                    .role(listed == Role.CN || computation ? Role.CN : Role.BE)
                    .alive(table.flag(row, alive))
                    .decommissioning(table.flag(row, decommissioned))
                    .queryDisabled(statusFlag(table.text(row, status), "isQueryDisabled"))
                    .loadDisabled(statusFlag(table.text(row, status), "isLoadDisabled"))
                    .tabletNum(table.number(row, tablets))
                    .version(table.version(row, version))
                    .lastHeartbeat(table.text(row, heartbeat))
                    .lastStartTime(table.text(row, startTime))
                    .errMsg(table.text(row, errMsg))
                    .build());
        }
        return backends;
    }

    /**
     * A boolean of Doris {@code SHOW BACKENDS} {@code Status}, a JSON object ({@code Backend.BackendStatus}:
     * {@code {"lastSuccessReportTabletsTime":"…","isQueryDisabled":true,"isLoadDisabled":true}}); false when
     * the column or the key is absent (StarRocks, whose {@code Status} is not this object).
     */
    static boolean statusFlag(String status, String key) {
        Matcher value = Pattern.compile("\"" + key + "\"\\s*:\\s*(true|false)").matcher(status);
        return value.find() && value.group(1).equals("true");
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
