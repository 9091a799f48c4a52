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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of a simulated FE (issue 4 §3). Reads are answered from this FE's copy of the
 * catalog; writes run on the master, and a non-master forwards them over the edit-log port. Column
 * sets follow the flavor and version ({@link ShowColumns}).
 */
final class FeSql implements QueryHandler {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Pattern ADDRESS = Pattern.compile("[\"']([^\"':]+):(\\d{1,5})[\"']");
    private static final Pattern ALTER_SYSTEM = Pattern.compile(
            "ALTER\\s+SYSTEM\\s+(ADD|DROPP|DROP|DECOMMISSION)\\s+(BACKEND|FOLLOWER|OBSERVER|COMPUTE\\s+NODE)\\s+(.+?)(\\s+FORCE)?",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CANCEL_DECOMMISSION =
            Pattern.compile("CANCEL\\s+DECOMMISSION\\s+BACKEND\\s+(.+)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern SET_CONFIG = Pattern.compile(
            "ADMIN\\s+SET\\s+FRONTEND\\s+CONFIG\\s*\\((.*)\\)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CONFIG_PAIR =
            Pattern.compile("\\s*[\"']([^\"']*)[\"']\\s*=\\s*[\"']([^\"']*)[\"']\\s*");
    private static final Pattern SHOW_CONFIG = Pattern.compile(
            "ADMIN\\s+SHOW\\s+FRONTEND\\s+CONFIG(?:\\s+LIKE\\s+[\"']([^\"']*)[\"'])?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOW_PROC =
            Pattern.compile("SHOW\\s+PROC\\s+[\"']([^\"']+)[\"']", Pattern.CASE_INSENSITIVE);

    private final FeNode fe;
    private final Flavor flavor;
    private final Version version;

    FeSql(FeNode fe) {
        this.fe = fe;
        this.flavor = fe.ctx.flavor;
        this.version = Version.parse(fe.ctx.version);
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
            throw SqlError.of(error("simulated fault sql-refuse: this FE refuses statements"));
        }
        String text = normalize(sql);
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.matches("SELECT\\s+@@(SESSION\\.)?VERSION_COMMENT(\\s+LIMIT\\s+1)?")) {
            return single("@@version_comment", versionComment());
        }
        if (upper.matches("SELECT\\s+VERSION\\(\\)")) {
            return single("version()", flavor == Flavor.DORIS ? "5.7.99" : "8.0.33");
        }
        if (upper.matches("SELECT\\s+CURRENT_VERSION\\(\\)")) {
            return single("current_version()", fe.ctx.version);
        }
        if (upper.equals("SHOW FRONTENDS")) {
            return frontends();
        }
        if (upper.equals("SHOW BACKENDS")) {
            return backends(false);
        }
        if (upper.equals("SHOW COMPUTE NODES") && flavor == Flavor.STARROCKS) {
            return backends(true);
        }
        Matcher proc = SHOW_PROC.matcher(text);
        if (proc.matches()) {
            return switch (proc.group(1).replaceAll("/+$", "")) {
                case "/frontends" -> frontends();
                case "/backends" -> backends(false);
                case "/compute_nodes" -> backends(true);
                case "/statistic" -> statistic();
                default -> throw SqlError.of(error("Proc path '" + proc.group(1) + "' doesn't exist"));
            };
        }
        Matcher showConfig = SHOW_CONFIG.matcher(text);
        if (showConfig.matches()) {
            return QueryResult.rows(fe.configs.columns(), fe.configs.rows(showConfig.group(1)));
        }
        Matcher setConfig = SET_CONFIG.matcher(text);
        if (setConfig.matches()) {
            return setConfig(text, setConfig.group(1));
        }
        if (upper.startsWith("ALTER SYSTEM") || upper.startsWith("CANCEL DECOMMISSION")) {
            return write(text);
        }
        throw syntaxError(text);
    }

    // ---- writes ----

    private QueryResult setConfig(String text, String pairs) throws SqlError {
        List<String[]> parsed = new ArrayList<>();
        for (String pair : pairs.split(",")) {
            Matcher m = CONFIG_PAIR.matcher(pair);
            if (!m.matches()) {
                throw syntaxError(text);
            }
            parsed.add(new String[] {m.group(1), m.group(2)});
        }
        if (parsed.size() != 1) {
            throw SqlError.of(error("config parameter size is not equal to 1"));
        }
        FeConfigs.Item item = fe.configs
                .item(parsed.get(0)[0])
                .orElseThrow(() -> SqlError.of(error("Config '" + parsed.get(0)[0] + "' does not exist")));
        if (item.masterOnly()) {
            return write(text);
        }
        apply(item, parsed.get(0)[1]);
        return QueryResult.ok();
    }

    private void apply(FeConfigs.Item item, String value) throws SqlError {
        Optional<String> problem = fe.configs.set(item, value);
        if (problem.isPresent()) {
            throw SqlError.of(error(problem.get()));
        }
        fe.ctx.info("set config " + item.key() + " = " + value);
    }

    private QueryResult write(String text) throws SqlError {
        if (fe.isMaster()) {
            return executeOnMaster(text);
        }
        Optional<Catalog.Fe> master = fe.masterFe();
        if (master.isEmpty()) {
            throw SqlError.of(error("failed to forward stmt to master: there is no master FE (a majority of"
                    + " followers is not alive). Start the stopped followers and retry"));
        }
        try {
            ObjectNode request = SandboxSpec.JSON.createObjectNode().put("sql", text);
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
            throw SqlError.of(
                    error("failed to forward stmt to master " + master.get().address() + ": " + e.getMessage()));
        }
    }

    /** Runs a forwarded write on the master and encodes the outcome as one JSON line. */
    static String executeForwarded(FeNode fe, String sql) {
        ObjectNode answer = SandboxSpec.JSON.createObjectNode();
        try {
            FeSql handler = new FeSql(fe);
            if (!fe.isMaster()) {
                throw SqlError.of(handler.error("this FE is not the master any more; retry"));
            }
            QueryResult result = handler.executeOnMaster(sql);
            answer.put("affected", result instanceof QueryResult.Ok ok ? ok.affectedRows() : 0);
        } catch (SqlError e) {
            answer.put("code", e.code()).put("state", e.sqlState()).put("message", e.getMessage());
        }
        return answer.toString();
    }

    private QueryResult executeOnMaster(String text) throws SqlError {
        Matcher setConfig = SET_CONFIG.matcher(text);
        if (setConfig.matches()) {
            Matcher pair = CONFIG_PAIR.matcher(setConfig.group(1));
            if (!pair.matches()) {
                throw syntaxError(text);
            }
            FeConfigs.Item item = fe.configs
                    .item(pair.group(1))
                    .orElseThrow(() -> SqlError.of(error("Config '" + pair.group(1) + "' does not exist")));
            apply(item, pair.group(2));
            return QueryResult.ok();
        }
        Matcher cancel = CANCEL_DECOMMISSION.matcher(text);
        if (cancel.matches()) {
            for (String[] address : addresses(text, cancel.group(1))) {
                Catalog.Be be = backend(address);
                fe.mutate(c -> c.backends.stream().filter(b -> b.id == be.id).forEach(b -> b.decommissioned = false));
            }
            return QueryResult.ok();
        }
        Matcher alter = ALTER_SYSTEM.matcher(text);
        if (!alter.matches()) {
            throw syntaxError(text);
        }
        String action = alter.group(1).toUpperCase(Locale.ROOT);
        String target = alter.group(2).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        boolean force = alter.group(4) != null;
        List<String[]> addresses = addresses(text, alter.group(3));
        if (!target.equals("BACKEND") && addresses.size() != 1 && !target.equals("COMPUTE NODE")) {
            throw syntaxError(text);
        }
        if (target.equals("COMPUTE NODE") && flavor != Flavor.STARROCKS) {
            throw syntaxError(text);
        }
        if (action.equals("DROPP") && (flavor != Flavor.DORIS || !target.equals("BACKEND"))) {
            throw syntaxError(text);
        }
        for (String[] address : addresses) {
            switch (target) {
                case "BACKEND", "COMPUTE NODE" -> alterBackend(action, address, force, target.equals("COMPUTE NODE"));
                default -> alterFrontend(action, target, address);
            }
        }
        return QueryResult.ok();
    }

    private void alterBackend(String action, String[] address, boolean force, boolean computeNode) throws SqlError {
        String hostPort = address[0] + ":" + address[1];
        Catalog current = fe.snapshot();
        if (action.equals("ADD")) {
            if (current.backend(address[0], Integer.parseInt(address[1])).isPresent()) {
                throw SqlError.of(error("Same backend already exists[" + hostPort + "]"));
            }
            fe.mutate(c -> c.backends.add(
                    new Catalog.Be(c.nextBackendId++, address[0], Integer.parseInt(address[1]), computeNode)));
            fe.ctx.info("finished to add " + (computeNode ? "compute node " : "backend ") + hostPort);
            return;
        }
        Catalog.Be be = backend(address);
        switch (action) {
            case "DECOMMISSION" -> fe.mutate(
                    c -> c.backends.stream().filter(b -> b.id == be.id).forEach(b -> b.decommissioned = true));
            case "DROP", "DROPP" -> {
                if (flavor == Flavor.DORIS && action.equals("DROP")) {
                    throw SqlError.of(error("It is highly NOT RECOMMENDED to use DROP BACKEND stmt."
                            + " It is not safe to directly drop a backend. All data on this backend will be discarded"
                            + " permanently. If you insist, use DROPP instead of DROP"));
                }
                long replicas = current.replicasOn(be.id);
                if (flavor == Flavor.STARROCKS && !force && replicas > 0) {
                    throw SqlError.of(error("Tablet number on backend " + be.id + " is " + replicas
                            + ", not 0. Decommission it first, or use DROP BACKEND \"" + hostPort
                            + "\" FORCE to drop it and discard its data"));
                }
                fe.mutate(c -> {
                    c.backends.removeIf(b -> b.id == be.id);
                    c.tablets.forEach(t -> t.replicas.remove(be.id));
                });
                fe.beRuntime.remove(be.id);
            }
            default -> throw new IllegalStateException(action);
        }
        fe.ctx.info("finished to " + action.toLowerCase(Locale.ROOT) + " backend " + hostPort);
    }

    private void alterFrontend(String action, String role, String[] address) throws SqlError {
        String hostPort = address[0] + ":" + address[1];
        int port = Integer.parseInt(address[1]);
        Catalog current = fe.snapshot();
        Optional<Catalog.Fe> existing = current.frontend(address[0], port);
        switch (action) {
            case "ADD" -> {
                if (existing.isPresent()) {
                    throw SqlError.of(error("frontend already exists " + existing.get().name + "[" + hostPort + "]"));
                }
                fe.mutate(c -> c.frontends.add(
                        new Catalog.Fe(FeNode.newName(flavor, address[0], port), address[0], port, role, false)));
            }
            case "DROP" -> {
                if (existing.isEmpty()) {
                    throw SqlError.of(error("frontend does not exist[" + hostPort + "]"));
                }
                if (!existing.get().role.equals(role)) {
                    throw SqlError.of(error(role + " does not exist[" + hostPort + "]"));
                }
                if (existing.get().name.equals(fe.self().name)) {
                    throw SqlError.of(error("can not drop current master node."));
                }
                fe.mutate(c -> c.frontends.removeIf(f -> f.name.equals(existing.get().name)));
                fe.feRuntime.remove(existing.get().name);
            }
            default -> throw syntaxError("ALTER SYSTEM " + action + " " + role);
        }
        fe.ctx.info("finished to " + action.toLowerCase(Locale.ROOT) + " " + role.toLowerCase(Locale.ROOT) + " "
                + hostPort);
    }

    private Catalog.Be backend(String[] address) throws SqlError {
        return fe.snapshot()
                .backend(address[0], Integer.parseInt(address[1]))
                .orElseThrow(() -> SqlError.of(error("Backend does not exist[" + address[0] + ":" + address[1] + "]")));
    }

    private List<String[]> addresses(String text, String list) throws SqlError {
        List<String[]> addresses = new ArrayList<>();
        for (String part : list.split(",")) {
            Matcher m = ADDRESS.matcher(part.strip());
            if (!m.matches()) {
                String shown = part.strip().replaceAll("^[\"']|[\"']$", "");
                if (shown.matches("[^\"'\\s]+")) {
                    throw SqlError.of(
                            error(
                                    "Invalid host port format: " + shown
                                            + ". Expected \"host:port\" with the heartbeat port (backend) or the edit log port (frontend)"));
                }
                throw syntaxError(text);
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw SqlError.of(error("Port is out of range: " + port));
            }
            addresses.add(new String[] {m.group(1), m.group(2)});
        }
        return addresses;
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
            row.put("DataUsedCapacity", "0.000 ");
            row.put("TrashUsedCapcacity", "0.000 ");
            row.put("TrashUsedCapacity", "0.000 ");
            row.put("AvailCapacity", "1.000 TB");
            row.put("TotalCapacity", "1.000 TB");
            row.put("UsedPct", "0.00 %");
            row.put("MaxDiskUsedPct", "0.00 %");
            row.put("RemoteUsedCapacity", "0.000 ");
            row.put("Tag", "{\"location\" : \"default\"}");
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
            row.put("DataTotalCapacity", "1.000 TB");
            row.put("DataUsedPct", "0.00 %");
            row.put("NumRunningQueries", "0");
            row.put("MemUsedPct", "0.00 %");
            row.put("CpuUsedPct", "0.0 %");
            row.put("DataCacheMetrics", "N/A");
            row.put("location", "");
            row.put("Location", "");
            row.put("StatusCode", runtime.alive ? "OK" : "DISCONNECTED");
            row.put("HasStoragePath", "true");
            rows.add(row);
        }
        List<String> columns = computeNodes ? ShowColumns.computeNodes(version) : ShowColumns.backends(flavor, version);
        return project(columns, rows);
    }

    private QueryResult statistic() {
        Catalog catalog = fe.snapshot();
        int replication = fe.ctx.spec.replicationNum();
        long replicas =
                catalog.tablets.stream().mapToLong(t -> t.replicas.size()).sum();
        long unhealthy = catalog.tablets.stream()
                .filter(t -> t.replicas.size() < replication
                        || t.replicas.stream().anyMatch(id -> {
                            FeNode.BeRuntime runtime = fe.beRuntime.get(id);
                            return runtime == null || !runtime.alive;
                        }))
                .count();
        List<List<String>> rows = new ArrayList<>();
        String tablets = String.valueOf(catalog.tablets.size());
        String dbs = catalog.tablets.isEmpty() ? "0" : "1";
        if (!catalog.tablets.isEmpty()) {
            rows.add(List.of(
                    "10002",
                    "sandbox_db",
                    "1",
                    "1",
                    "1",
                    tablets,
                    String.valueOf(replicas),
                    String.valueOf(unhealthy),
                    "0",
                    "0"));
        }
        rows.add(List.of(
                "Total", dbs, dbs, dbs, dbs, tablets, String.valueOf(replicas), String.valueOf(unhealthy), "0", "0"));
        return QueryResult.rows(ShowColumns.STATISTIC, rows);
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

    /** The message shape of the flavor: Doris {@code errCode = 2, detailMessage = ...}. */
    private String error(String message) {
        return flavor == Flavor.DORIS ? "errCode = 2, detailMessage = " + message : message;
    }

    private SqlError syntaxError(String text) {
        String message = flavor == Flavor.DORIS
                ? "errCode = 2, detailMessage = Syntax error in line 1:\n" + text
                        + "\nunsupported or malformed statement"
                : "Getting syntax error at line 1, column 0. Detail message: unsupported or malformed statement: "
                        + text + ".";
        return new SqlError(SqlError.PARSE_ERROR, "42000", message);
    }

    private static String normalize(String sql) {
        String text = sql.replaceAll("/\\*.*?\\*/", " ").strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text.replaceAll("\\s+", " ");
    }
}
