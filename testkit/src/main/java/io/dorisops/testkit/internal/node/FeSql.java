package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.SandboxSpec;
import io.dorisops.testkit.internal.mysql.Authenticator;
import io.dorisops.testkit.internal.mysql.MysqlServer;
import io.dorisops.testkit.internal.mysql.QueryHandler;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.HostPort;
import io.dorisops.testkit.internal.sql.ShowColumns;
import io.dorisops.testkit.internal.sql.Statement;
import io.dorisops.testkit.internal.sql.StatementParser;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The statements of a simulated FE (issue 4 §3). Reads are answered from this FE's copy of the
 * catalog; writes run on the master, and a non-master forwards them over the edit-log port. Column
 * sets follow the flavor and version ({@link ShowColumns}).
 */
final class FeSql implements QueryHandler {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private final StatementParser parser;
    private final FeNode fe;
    private final Flavor flavor;
    private final Version version;
    private final TabletProcs tablets;
    private final ReplicaProcs replicas;
    private final PlacementProcs placement;

    FeSql(FeNode fe) {
        this.fe = fe;
        this.flavor = fe.ctx.flavor;
        this.version = Version.parse(fe.ctx.version);
        this.parser = new StatementParser(flavor);
        this.tablets = new TabletProcs(flavor, version, parser);
        this.replicas = new ReplicaProcs(flavor, version, parser);
        this.placement = new PlacementProcs(flavor, version, parser);
    }

    /**
     * Serves SQL on {@code query_port} as user {@code root} with the sandbox's password (the file
     * {@code <sandbox>/sql-password}, none when absent).
     */
    static MysqlServer serve(FeNode fe) throws IOException {
        Path passwordFile = fe.ctx.sandboxDir.resolve("sql-password");
        String password = Files.exists(passwordFile) ? Files.readString(passwordFile) : "";
        return MysqlServer.start(
                InetAddress.getByName(fe.ctx.host),
                fe.ctx.port("query_port"),
                Authenticator.single("root", password),
                new FeSql(fe),
                fe.ctx.flavor == Flavor.DORIS ? "5.7.99" : "8.0.33");
    }

    @Override
    public QueryResult handle(Session session, String sql) throws SqlError {
        if (fe.ctx.fault(FaultFile.SQL_REFUSE)) {
            throw parser.analysisError("simulated fault sql-refuse: this FE refuses statements");
        }
        Statement statement = parser.parse(sql);
        if (statement instanceof Statement.SelectVersionComment) {
            return single("@@version_comment", versionComment());
        } else if (statement instanceof Statement.SelectVersion) {
            return single("version()", flavor == Flavor.DORIS ? "5.7.99" : "8.0.33");
        } else if (statement instanceof Statement.SelectCurrentVersion) {
            return single("current_version()", fe.ctx.version);
        } else if (statement instanceof Statement.SelectOne) {
            return single("1", "1");
        } else if (statement instanceof Statement.ShowDatabases) {
            List<List<String>> names = new ArrayList<>(List.of(List.of("information_schema")));
            fe.snapshot().tables.stream().map(t -> t.db).distinct().forEach(db -> names.add(List.of(db)));
            return QueryResult.rows(List.of("Database"), names);
        } else if (statement instanceof Statement.ShowPartitions show) {
            return replicas.partitions(fe.snapshot(), show.database(), session.database(), show.table());
        } else if (statement instanceof Statement.ShowPartitionProc proc) {
            return placement.answer(fe.snapshot(), proc);
        } else if (statement instanceof Statement.AdminShowReplicaDistribution show) {
            return replicas.replicaDistribution(fe.snapshot(), show.database(), session.database(), show.table());
        } else if (statement instanceof Statement.ShowFrontends) {
            return frontends();
        } else if (statement instanceof Statement.ShowBackends) {
            return backends(false);
        } else if (statement instanceof Statement.ShowComputeNodes) {
            return backends(true);
        } else if (statement instanceof Statement.ShowProc proc) {
            return switch (proc.proc()) {
                case FRONTENDS -> frontends();
                case BACKENDS -> backends(false);
                case COMPUTE_NODES -> backends(true);
                case STATISTIC -> {
                    Catalog catalog = fe.snapshot();
                    yield tablets.statistic(catalog, tabletStates(catalog), proc.dbId());
                }
                case TABLET_HEALTH -> {
                    Catalog catalog = fe.snapshot();
                    yield tablets.tabletHealth(catalog, tabletStates(catalog));
                }
                case DBS -> replicas.dbs(fe.snapshot(), proc.dbId());
            };
        } else if (statement instanceof Statement.AdminShowConfig show) {
            return QueryResult.rows(
                    fe.configs.columns(), fe.configs.rows(show.pattern().orElse(null)));
        } else if (statement instanceof Statement.AdminSetConfig set) {
            FeConfigs.Item item = configItem(set.key());
            // Before Doris 3.1 the ALL form of a master-only key was silently applied on the master only.
            boolean legacyAll = version.compareTo(Version.of(3, 1, 0)) < 0 && item.masterOnly();
            if (set.allFrontends() && !legacyAll) {
                apply(item, set.value());
                setOnOtherFrontends(item, set.value());
                return QueryResult.ok();
            }
            if (item.masterOnly()) {
                return write(sql);
            }
            apply(item, set.value());
            return QueryResult.ok();
        }
        return write(sql);
    }

    /** {@code ADMIN SET ALL FRONTENDS CONFIG}: every other reachable FE applies the value too. */
    private void setOnOtherFrontends(FeConfigs.Item item, String value) {
        ObjectNode request =
                SandboxSpec.JSON.createObjectNode().put("key", item.key()).put("value", value);
        for (Catalog.Fe other : fe.snapshot().frontends) {
            if (!other.name.equals(fe.self().name)) {
                try {
                    Peer.call(other.host, other.editLogPort, "CONFIG " + request, 2000);
                } catch (IOException e) {
                    fe.ctx.log("WARN", "cannot set " + item.key() + " on " + other.address() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Applies a config value sent by {@code ADMIN SET ALL FRONTENDS CONFIG} on another FE. */
    static String applyFromPeer(FeNode fe, String key, String value) {
        FeSql handler = new FeSql(fe);
        try {
            handler.apply(handler.configItem(key), value);
            return "{\"ok\":true}";
        } catch (SqlError e) {
            return SandboxSpec.JSON
                    .createObjectNode()
                    .put("error", e.getMessage())
                    .toString();
        }
    }

    // ---- writes ----

    private FeConfigs.Item configItem(String key) throws SqlError {
        return fe.configs.item(key).orElseThrow(() -> parser.analysisError("Config '" + key + "' does not exist"));
    }

    private void apply(FeConfigs.Item item, String value) throws SqlError {
        Optional<String> problem = fe.configs.set(item, value);
        if (problem.isPresent()) {
            throw parser.analysisError(problem.get());
        }
        fe.ctx.info("set config " + item.key() + " = " + value);
    }

    private QueryResult write(String sql) throws SqlError {
        if (fe.isMaster()) {
            return executeOnMaster(sql);
        }
        Optional<Catalog.Fe> master = fe.masterFe();
        if (master.isEmpty()) {
            throw parser.analysisError("failed to forward stmt to master: there is no master FE (a majority of"
                    + " followers is not alive). Start the stopped followers and retry");
        }
        try {
            ObjectNode request = SandboxSpec.JSON.createObjectNode().put("sql", sql);
            JsonNode answer = SandboxSpec.JSON.readTree(
                    Peer.call(master.get().host, master.get().editLogPort, "FORWARD " + request, 10_000));
            if (answer.has("code")) {
                throw new SqlError(
                        answer.get("code").asInt(),
                        answer.get("state").asText(),
                        answer.get("message").asText());
            }
            return new QueryResult.Ok(answer.path("affected").asLong());
        } catch (IOException e) {
            throw parser.analysisError(
                    "failed to forward stmt to master " + master.get().address() + ": " + e.getMessage());
        }
    }

    /** Runs a forwarded write on the master and encodes the outcome as one JSON line. */
    static String executeForwarded(FeNode fe, String sql) {
        ObjectNode answer = SandboxSpec.JSON.createObjectNode();
        try {
            FeSql handler = new FeSql(fe);
            if (!fe.isMaster()) {
                throw handler.parser.analysisError("this FE is not the master any more; retry");
            }
            QueryResult result = handler.executeOnMaster(sql);
            answer.put("affected", result instanceof QueryResult.Ok ok ? ok.affectedRows() : 0);
        } catch (SqlError e) {
            answer.put("code", e.code()).put("state", e.sqlState()).put("message", e.getMessage());
        }
        return answer.toString();
    }

    private QueryResult executeOnMaster(String sql) throws SqlError {
        Statement statement = parser.parse(sql);
        if (statement instanceof Statement.AdminSetConfig set) {
            apply(configItem(set.key()), set.value());
        } else if (statement instanceof Statement.CancelDecommission cancel) {
            for (HostPort address : cancel.backends()) {
                Catalog.Be be = backend(address);
                fe.mutate(c -> c.backends.stream().filter(b -> b.id == be.id).forEach(b -> b.decommissioned = false));
            }
        } else if (statement instanceof Statement.AlterBackends alter) {
            for (HostPort address : alter.backends()) {
                alterBackend(alter.action(), address, false);
            }
        } else if (statement instanceof Statement.AlterComputeNodes alter) {
            for (HostPort address : alter.computeNodes()) {
                alterBackend(
                        alter.action() == Statement.NodeAction.ADD
                                ? Statement.BackendAction.ADD
                                : Statement.BackendAction.FORCE_DROP,
                        address,
                        true);
            }
        } else if (statement instanceof Statement.AlterFrontend alter) {
            alterFrontend(alter.action(), alter.role().name(), alter.frontend());
        } else if (!(statement instanceof Statement.CreateImage)) {
            throw parser.analysisError("statement is not a write: " + sql);
        }
        return QueryResult.ok();
    }

    private void alterBackend(Statement.BackendAction action, HostPort address, boolean computeNode) throws SqlError {
        Catalog current = fe.snapshot();
        if (action == Statement.BackendAction.ADD) {
            if (current.backend(address.host(), address.port()).isPresent()) {
                throw parser.analysisError("Same backend already exists[" + address + "]");
            }
            fe.mutate(c ->
                    c.backends.add(new Catalog.Be(c.nextBackendId++, address.host(), address.port(), computeNode)));
            fe.ctx.info("finished to add " + (computeNode ? "compute node " : "backend ") + address);
            return;
        }
        if (flavor == Flavor.STARROCKS
                && (action == Statement.BackendAction.DROP || action == Statement.BackendAction.FORCE_DROP)
                && current.backend(address.host(), address.port()).isEmpty()) {
            // StarRocks SystemInfoService.dropBackend.
            throw parser.analysisError("backend does not exists[" + address + "]");
        }
        Catalog.Be be = backend(address);
        switch (action) {
            case DECOMMISSION -> fe.mutate(
                    c -> c.backends.stream().filter(b -> b.id == be.id).forEach(b -> b.decommissioned = true));
            case DROP, FORCE_DROP -> {
                if (flavor == Flavor.DORIS && action == Statement.BackendAction.DROP) {
                    throw parser.analysisError("It is highly NOT RECOMMENDED to use DROP BACKEND stmt."
                            + " It is not safe to directly drop a backend. All data on this backend will be discarded"
                            + " permanently. If you insist, use DROPP instead of DROP");
                }
                // StarRocks SystemInfoService.checkWhenNotForceDrop: only single-replica tablets stop a plain DROP.
                Optional<String> single = current.tablets.stream()
                        .filter(t -> t.replicas.contains(be.id))
                        .filter(t -> current.partition(t.partitionId)
                                .map(p -> p.replicationNum() == 1)
                                .orElse(fe.ctx.spec.replicationNum() == 1))
                        .map(t -> current.tableOf(t.partitionId)
                                .map(Catalog.Table::qualified)
                                .orElse(TabletProcs.DB_NAME + "." + TabletProcs.TABLE_NAME))
                        .findFirst();
                if (action == Statement.BackendAction.DROP && single.isPresent()) {
                    String table = single.get();
                    throw parser.analysisError("Tables such as [" + table + "] on the backend[" + address + "]"
                            + " have only one replica. To avoid data loss, please change the replication_num of ["
                            + table + "] to three. ALTER SYSTEM DROP BACKEND <backends> FORCE can be used to"
                            + " forcibly drop the backend. ");
                }
                fe.mutate(c -> {
                    c.backends.removeIf(b -> b.id == be.id);
                    c.tablets.forEach(t -> t.replicas.remove(be.id));
                });
                fe.beRuntime.remove(be.id);
            }
            default -> throw new IllegalStateException(action.name());
        }
        fe.ctx.info("finished to " + action.name().toLowerCase(Locale.ROOT) + " backend " + address);
    }

    private void alterFrontend(Statement.NodeAction action, String role, HostPort address) throws SqlError {
        Catalog current = fe.snapshot();
        Optional<Catalog.Fe> existing = current.frontend(address.host(), address.port());
        if (action == Statement.NodeAction.ADD) {
            if (existing.isPresent()) {
                throw parser.analysisError("frontend already exists " + existing.get().name + "[" + address + "]");
            }
            Catalog.Fe added = new Catalog.Fe(
                    FeNode.newName(flavor, address.host(), address.port()),
                    address.host(),
                    address.port(),
                    role,
                    false);
            added.unready = added.follower();
            fe.mutate(c -> c.frontends.add(added));
        } else {
            if (existing.isEmpty()) {
                throw parser.analysisError("frontend does not exist[" + address + "]");
            }
            if (!existing.get().role.equals(role)) {
                throw parser.analysisError(role + " does not exist[" + address + "]");
            }
            if (existing.get().name.equals(fe.self().name)) {
                throw parser.analysisError("can not drop current master node.");
            }
            fe.mutate(c -> c.frontends.removeIf(f -> f.name.equals(existing.get().name)));
            fe.feRuntime.remove(existing.get().name);
        }
        fe.ctx.info("finished to " + action.name().toLowerCase(Locale.ROOT) + " " + role.toLowerCase(Locale.ROOT) + " "
                + address);
    }

    private Catalog.Be backend(HostPort address) throws SqlError {
        return fe.snapshot()
                .backend(address.host(), address.port())
                .orElseThrow(() -> parser.analysisError("Backend does not exist[" + address + "]"));
    }

    // ---- reads ----

    private QueryResult frontends() {
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

    private QueryResult backends(boolean computeNodes) {
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
                            + "\",\"isQueryDisabled\":false,\"isLoadDisabled\":false}");
            row.put("HeartbeatFailureCounter", String.valueOf(runtime.failures));
            row.put("NodeRole", runtime.alive ? runtime.nodeRole : "");
            row.put("CpuCores", String.valueOf(Runtime.getRuntime().availableProcessors()));
            row.put("Memory", "8.00 GB");
            row.put("MemLimit", "6.40 GB");
            row.put("NumRunningQueries", "0");
            row.put("MemUsedPct", "0.00 %");
            row.put("CpuUsedPct", "0.0 %");
            row.put("DataCacheMetrics", "N/A");
            replicas.backendCells(catalog, be, fe.ctx.spec.data().capacityBytes(), row);
            row.put("StatusCode", runtime.alive ? "OK" : "DISCONNECTED");
            row.put("HasStoragePath", "true");
            rows.add(row);
        }
        List<String> columns =
                computeNodes ? ShowColumns.computeNodes(flavor, version) : ShowColumns.backends(flavor, version);
        return project(columns, rows);
    }

    private List<TabletStates.Status> tabletStates(Catalog catalog) {
        return TabletStates.of(catalog, fe.beRuntime, fe.ctx.spec.replicationNum());
    }

    // ---- helpers ----

    private String versionComment() {
        return flavor == Flavor.DORIS
                ? "Doris version " + fe.ctx.version + (fe.ctx.spec.decoupled() ? " (Cloud Mode)" : "")
                : "StarRocks version " + fe.ctx.version;
    }

    private static QueryResult single(String column, String value) {
        return QueryResult.rows(List.of(column), List.of(List.of(value)));
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
