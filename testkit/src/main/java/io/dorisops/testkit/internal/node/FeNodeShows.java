package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.sql.ShowColumns;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node lists a simulated FE answers: {@code SHOW FRONTENDS}, {@code SHOW BACKENDS} and {@code
 * SHOW COMPUTE NODES} (and their {@code SHOW PROC} forms), built from this FE's copy of the catalog
 * and what the master learned of each node, in the columns of the flavor and version ({@link
 * ShowColumns}).
 */
final class FeNodeShows {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final FeNode fe;
    private final Flavor flavor;
    private final Version version;
    private final ReplicaProcs replicas;

    FeNodeShows(FeNode fe, Flavor flavor, Version version, ReplicaProcs replicas) {
        this.fe = fe;
        this.flavor = flavor;
        this.version = version;
        this.replicas = replicas;
    }

    QueryResult frontends() {
        Catalog catalog = fe.snapshot();
        Optional<Catalog.Fe> master = fe.masterFe();
        List<Map<String, String>> rows = new ArrayList<>();
        int index = 1;
        for (Catalog.Fe each : catalog.frontends) {
            boolean isSelf = each.name.equals(fe.self().name);
            FeNode.FeRuntime runtime = isSelf ? fe.selfRuntime() : fe.feRuntime.get(each.name);
            boolean alive = runtime != null && runtime.alive;
            boolean isMaster = master.isPresent() && master.get().name.equals(each.name);
            Map<String, String> row = new LinkedHashMap<>();
            row.put("Id", String.valueOf(index++));
            row.put("Name", each.name);
            row.put("Host", each.host);
            row.put("IP", each.host);
            row.put("EditLogPort", String.valueOf(each.editLogPort));
            row.put("HttpPort", String.valueOf(port(runtime == null ? 0 : runtime.httpPort, each.httpPort)));
            row.put("QueryPort", String.valueOf(port(runtime == null ? 0 : runtime.queryPort, each.queryPort)));
            row.put("RpcPort", String.valueOf(port(runtime == null ? 0 : runtime.rpcPort, each.rpcPort)));
            row.put("ArrowFlightSqlPort", "-1");
            row.put("Role", flavor == Flavor.STARROCKS && isMaster ? "LEADER" : each.role);
            row.put("IsMaster", String.valueOf(isMaster));
            row.put("ClusterId", String.valueOf(catalog.clusterId));
            row.put("Join", String.valueOf(runtime != null));
            row.put("Alive", String.valueOf(alive));
            row.put("ReplayedJournalId", String.valueOf(runtime == null ? 0 : runtime.replayedJournalId));
            String start = runtime == null || runtime.startTime == 0
                    ? ""
                    : TIME.format(Instant.ofEpochMilli(runtime.startTime));
            String beat = runtime == null || runtime.lastHeartbeat == 0
                    ? ""
                    : TIME.format(Instant.ofEpochMilli(runtime.lastHeartbeat));
            row.put("LastStartTime", start);
            row.put("LastHeartbeat", beat);
            row.put("IsHelper", String.valueOf(each.helper));
            row.put(
                    "ErrMsg",
                    alive || runtime == null ? "" : "got exception when sync with master: connection refused");
            String feVersion = runtime == null ? "" : runtime.version;
            row.put("StartTime", alive ? start : "NULL");
            row.put("Version", flavor == Flavor.STARROCKS && (!alive || feVersion.isEmpty()) ? "NULL" : feVersion);
            row.put("CurrentConnected", isSelf ? "Yes" : "No");
            rows.add(row);
        }
        return project(ShowColumns.frontends(flavor, version), rows);
    }

    private static int port(int runtime, int declared) {
        return runtime != 0 ? runtime : declared;
    }

    QueryResult backends(boolean computeNodes) {
        Catalog catalog = fe.snapshot();
        List<Map<String, String>> rows = new ArrayList<>();
        for (Catalog.Be be : catalog.backends) {
            if (flavor == Flavor.STARROCKS && be.computeNode != computeNodes) {
                continue;
            }
            FeNode.BeRuntime runtime = fe.beRuntime.getOrDefault(be.id, new FeNode.BeRuntime());
            Map<String, String> row = new LinkedHashMap<>();
            row.put("BackendId", String.valueOf(be.id));
            row.put("ComputeNodeId", String.valueOf(be.id));
            row.put("Cluster", "default_cluster");
            row.put("Host", be.host);
            row.put("IP", be.host);
            row.put("HeartbeatPort", String.valueOf(be.heartbeatPort));
            row.put("BePort", String.valueOf(port(runtime.bePort, be.bePort == 0 ? -1 : be.bePort)));
            row.put("HttpPort", String.valueOf(port(runtime.httpPort, be.httpPort == 0 ? -1 : be.httpPort)));
            row.put("BrpcPort", String.valueOf(port(runtime.brpcPort, be.brpcPort == 0 ? -1 : be.brpcPort)));
            row.put("ArrowFlightSqlPort", "-1");
            row.put(
                    "LastStartTime",
                    runtime.lastStartTime == 0 ? "NULL" : TIME.format(Instant.ofEpochMilli(runtime.lastStartTime)));
            row.put(
                    "LastHeartbeat",
                    runtime.lastHeartbeat == 0 ? "NULL" : TIME.format(Instant.ofEpochMilli(runtime.lastHeartbeat)));
            row.put("Alive", String.valueOf(runtime.alive));
            row.put("SystemDecommissioned", String.valueOf(be.decommissioned));
            row.put("ClusterDecommissioned", "false");
            row.put("TabletNum", String.valueOf(catalog.replicasOn(be.id)));
            row.put("TrashUsedCapcacity", "0.000 ");
            row.put("TrashUsedCapacity", "0.000 ");
            row.put("RemoteUsedCapacity", "0.000 ");
            row.put("ErrMsg", runtime.errMsg);
            row.put("Version", runtime.version);
            row.put(
                    "Status",
                    "{\"lastSuccessReportTabletsTime\":\""
                            + (runtime.lastHeartbeat == 0
                                    ? "N/A"
                                    : TIME.format(Instant.ofEpochMilli(runtime.lastHeartbeat)))
                            + "\",\"isQueryDisabled\":" + be.queryDisabled + ",\"isLoadDisabled\":"
                            + be.loadDisabled + shutdownStatus(runtime) + "}");
            row.put("HeartbeatFailureCounter", String.valueOf(runtime.failures));
            row.put("NodeRole", runtime.alive ? runtime.nodeRole : "");
            row.put("CpuCores", String.valueOf(Runtime.getRuntime().availableProcessors()));
            row.put("Memory", "8.00 GB");
            row.put("MemLimit", "6.40 GB");
            row.put("NumRunningQueries", String.valueOf(runtime.runningFragments));
            row.put("MemUsedPct", "0.00 %");
            row.put("CpuUsedPct", "0.0 %");
            row.put("DataCacheMetrics", "N/A");
            replicas.backendCells(catalog, be, fe.ctx.spec().data().capacityBytes(), row);
            row.put("StatusCode", runtime.stopping ? "SHUTDOWN" : runtime.alive ? "OK" : "DISCONNECTED");
            row.put("HasStoragePath", "true");
            rows.add(row);
        }
        List<String> columns =
                computeNodes ? ShowColumns.computeNodes(flavor, version) : ShowColumns.backends(flavor, version);
        return project(columns, rows);
    }

    /**
     * Doris since apache/doris#56601 adds {@code isShutdown} to the {@code Status} JSON ({@code
     * Backend.BackendStatus}), true during a graceful stop.
     */
    private String shutdownStatus(FeNode.BeRuntime runtime) {
        return BackendShutdown.showsShutdownStatus(flavor, version) ? ",\"isShutdown\":" + runtime.stopping : "";
    }

    private static QueryResult project(List<String> columns, List<Map<String, String>> rows) {
        List<List<String>> projected = new ArrayList<>();
        for (Map<String, String> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                cells.add(row.getOrDefault(column, ""));
            }
            projected.add(cells);
        }
        return QueryResult.rows(columns, projected);
    }
}
