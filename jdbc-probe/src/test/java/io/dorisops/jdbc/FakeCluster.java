package io.dorisops.jdbc;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.Secret;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.Authenticator;
import io.dorisops.testkit.internal.mysql.MysqlServer;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.ColumnSet;
import io.dorisops.testkit.internal.sql.ColumnSet.Show;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted cluster catalog served by one real {@link MysqlServer} per FE on loopback, answering the
 * statements Doris and StarRocks answer with the column sets of the audited table ({@link ColumnSet}, the
 * rows of {@code docs/testkit-sql.md}) for its flavor and version. The state is
 * plain fields a test changes directly; {@link #intercept} injects faults before a statement runs.
 */
final class FakeCluster implements AutoCloseable {

    static final String PASSWORD = "s3cret-pw";

    /** One FE: its server and its memory-only config values. */
    final class Fe {
        final int index;
        final String name;
        final Role role;
        final int editLogPort;
        final Map<String, String> config = new LinkedHashMap<>();
        final List<String> received = new CopyOnWriteArrayList<>();
        MysqlServer server;
        int queryPort;
        boolean alive = true;
        boolean member = true;

        Fe(int index, Role role) {
            this.index = index;
            this.name = "fe_" + index + "_" + flavor.key();
            this.role = role;
            this.editLogPort = 19010 + index;
            resetConfig();
        }

        /** What a restarted FE has: the configs' defaults, since ADMIN SET is memory-only. */
        void resetConfig() {
            config.clear();
            config.put("disable_balance", "false");
            config.put("disable_colocate_balance", "false");
            config.put("disable_tablet_scheduler", "false");
            config.put("tablet_sched_disable_balance", "false");
            config.put("tablet_sched_disable_colocate_balance", "false");
            config.put("tablet_sched_max_scheduling_tablets", "10000");
            config.put("tablet_sched_max_balancing_tablets", "500");
        }

        /** Stops answering: every open connection breaks, new ones are refused. */
        void kill() {
            alive = false;
            server.close();
        }

        Node node() {
            return new Node(
                    "fe-" + index,
                    "127.0.0.1",
                    role,
                    Path.of("/opt/fe-" + index),
                    Ports.builder()
                            .httpPort(8030)
                            .rpcPort(9020)
                            .queryPort(queryPort)
                            .editLogPort(editLogPort)
                            .build());
        }
    }

    /** One backend or compute node row. */
    static final class Be {
        final long id;
        final String host;
        final int heartbeatPort;
        final Role role;
        boolean alive = true;
        boolean decommissioning;
        long tablets;
        String version;
        String tag = "default";
        /** StarRocks {@code Location}: {@code rack:r1}, empty when the BE has no label. */
        String location = "";
        /** DataUsedCapacity, AvailCapacity, TotalCapacity as the FE prints them. */
        String used = "1.875 GB";

        String avail = "998.125 GB";
        String total = "1000.000 GB";

        Be(long id, String host, int heartbeatPort, Role role, long tablets, String version) {
            this.id = id;
            this.host = host;
            this.heartbeatPort = heartbeatPort;
            this.role = role;
            this.tablets = tablets;
            this.version = version;
        }
    }

    /**
     * One database as {@code SHOW PROC '/statistic'} and {@code '/cluster_health/tablet_health'} list it.
     * {@code counts} holds any column of either statement by name; {@code HealthyNum} defaults to the
     * tablets not counted under a tablet-health problem column.
     */
    record Db(long id, String name, long tablets, long replicas, Map<String, Long> counts) {
        Map<String, String> values() {
            Map<String, String> values = new HashMap<>();
            values.put("DbId", "" + id);
            values.put("DbName", name);
            values.put("TableNum", "1");
            values.put("PartitionNum", "1");
            values.put("IndexNum", "1");
            values.put("TabletNum", "" + tablets);
            values.put("ReplicaNum", "" + replicas);
            long problems = counts.entrySet().stream()
                    .filter(e -> HEALTH_PROBLEMS.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            values.put("HealthyNum", "" + (tablets - problems));
            counts.forEach((column, count) -> values.put(column, "" + count));
            return values;
        }
    }

    /** The tablet_health columns that classify a tablet (each tablet has one status, HEALTHY or one of these). */
    static final java.util.Set<String> HEALTH_PROBLEMS = java.util.Set.of(
            "ReplicaMissingNum",
            "VersionIncompleteNum",
            "ReplicaRelocatingNum",
            "RedundantNum",
            "ReplicaMissingInClusterNum",
            "ReplicaMissingForTagNum",
            "ForceRedundantNum",
            "ColocateMismatchNum",
            "ColocateRedundantNum",
            "NeedFurtherRepairNum",
            "UnrecoverableNum");

    /**
     * One table of {@code SHOW PROC '/dbs/<dbId>'} and its {@code SHOW PARTITIONS} rows.
     *
     * @param allocation Doris {@code ReplicaAllocation} text, empty for StarRocks
     */
    record Table(long dbId, String db, long id, String name, String type, int replicationNum, String allocation) {}

    /** Doris before 2.1: {@code SHOW PROC '/dbs'} prints {@code default_cluster:<db>} (DbsProcDir, getFullName). */
    volatile boolean clusterPrefix;

    /** The tables the replica statements list, in order. */
    final List<Table> tables = new CopyOnWriteArrayList<>();

    /** Adds an OLAP table with one partition named like it. */
    Table table(String db, String name, int replicationNum, String allocation) {
        long dbId = tables.stream()
                .filter(t -> t.db().equals(db))
                .map(Table::dbId)
                .findFirst()
                .orElse(11001L + tables.stream().map(Table::db).distinct().count());
        Table table = new Table(dbId, db, 12001 + tables.size(), name, "OLAP", replicationNum, allocation);
        tables.add(table);
        return table;
    }

    /** Runs before a statement on an FE; it may change the state, kill FEs or throw an error. */
    @FunctionalInterface
    interface Interceptor {
        void before(Fe fe, String sql) throws SqlError;
    }

    private static final Pattern HOST_PORT = Pattern.compile("\"([^\"]+):(\\d+)\"");
    private static final Pattern SET_CONFIG = Pattern.compile("\\(\"([^\"]+)\" = \"([^\"]*)\"\\)");
    private static final Pattern LIKE = Pattern.compile("LIKE \"([^\"]+)\"");

    final Flavor flavor;
    final List<Fe> fes = new ArrayList<>();
    final List<Be> backends = new CopyOnWriteArrayList<>();
    final List<String> statements = new CopyOnWriteArrayList<>();
    volatile int master;
    volatile String version;
    volatile List<String> frontendColumns;
    volatile List<String> backendColumns;
    volatile List<String> computeNodeColumns;
    /** {@code SHOW PROC '/statistic'}, from the audited table for the flavor and version. */
    volatile List<String> statisticColumns;
    /** {@code SHOW PROC '/cluster_health/tablet_health'}; empty where the FE has no such proc. */
    volatile Optional<List<String>> tabletHealthColumns;
    /** The databases the tablet procs list, one row each before the {@code Total} row. */
    final List<Db> databases = new CopyOnWriteArrayList<>();

    volatile Interceptor interceptor = (fe, sql) -> {};
    private final java.util.Optional<javax.net.ssl.SSLContext> tls;

    FakeCluster(Flavor flavor, int frontends) {
        this(flavor, frontends, java.util.Optional.empty());
    }

    /** FEs that offer TLS with this server context. */
    FakeCluster(Flavor flavor, int frontends, java.util.Optional<javax.net.ssl.SSLContext> tls) {
        this.tls = tls;
        this.flavor = flavor;
        boolean starRocks = flavor == Flavor.STARROCKS;
        this.version = starRocks ? "3.3.5-7ef2b4a" : "doris-2.1.8-rc01-ae923f7";
        version(this.version);
        for (int i = 1; i <= frontends; i++) {
            Fe fe = new Fe(i, i <= 3 ? Role.FE_FOLLOWER : Role.FE_OBSERVER);
            fes.add(fe);
            start(fe, 0);
        }
        master = 1;
    }

    static FakeCluster doris(int frontends) {
        return new FakeCluster(Flavor.DORIS, frontends);
    }

    static FakeCluster starRocks(int frontends) {
        return new FakeCluster(Flavor.STARROCKS, frontends);
    }

    Fe fe(int index) {
        return fes.get(index - 1);
    }

    Be addBackend(long id, String host, long tablets) {
        Be be = new Be(id, host, 9050, Role.BE, tablets, version);
        backends.add(be);
        return be;
    }

    /**
     * Sets the FE version and every column set to the audited table's for this flavor and version
     * ({@link ColumnSet}), never to what the testkit's simulated FE answers.
     */
    void version(String version) {
        this.version = version;
        Version parsed = Version.parse(version);
        this.frontendColumns = ColumnSet.of(Show.FRONTENDS, flavor, parsed).columns();
        this.backendColumns = ColumnSet.of(Show.BACKENDS, flavor, parsed).columns();
        this.computeNodeColumns = flavor == Flavor.STARROCKS
                ? ColumnSet.of(Show.COMPUTE_NODES, flavor, parsed).columns()
                : List.of();
        this.statisticColumns = ColumnSet.of(Show.STATISTIC, flavor, parsed).columns();
        this.tabletHealthColumns = ColumnSet.of(Show.TABLET_HEALTH).stream()
                .filter(set -> set.flavor() == flavor && set.covers(parsed))
                .findFirst()
                .map(ColumnSet::columns);
    }

    /** Adds a database to the tablet procs. */
    Db database(String name, long tablets, long replicas, Map<String, Long> counts) {
        Db db = new Db(10002 + databases.size(), name, tablets, replicas, Map.copyOf(counts));
        databases.add(db);
        return db;
    }

    /** A topology of these FEs with the right password and short timeouts. */
    Topology topology() {
        return topology(Secret.of(PASSWORD));
    }

    Topology topology(Secret password) {
        return topology(new Topology.Sql("root", password, Duration.ofSeconds(2), Duration.ofSeconds(5), false));
    }

    Topology topology(Topology.Sql sql) {
        return new Topology(
                "fake-" + flavor.key(),
                flavor,
                fes.stream().map(Fe::node).toList(),
                SshSettings.disabled(),
                sql,
                new Topology.Timeouts(
                        Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(2)),
                "<memory>");
    }

    /** An admin on these FEs that waits at most 5 s for a master. */
    JdbcClusterAdmin admin() {
        return JdbcClusterAdmin.builder(topology())
                .failoverTimeout(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .build();
    }

    /** Statements the FEs ran, without the driver's connect-time ones. */
    List<String> statements() {
        return List.copyOf(statements);
    }

    /** The statements that change something. */
    List<String> changes() {
        return statements.stream()
                .filter(sql -> sql.startsWith("ALTER") || sql.startsWith("ADMIN SET") || sql.startsWith("CANCEL"))
                .toList();
    }

    private void start(Fe fe, int port) {
        try {
            fe.server = MysqlServer.start(
                    InetAddress.getLoopbackAddress(),
                    port,
                    Authenticator.single("root", PASSWORD),
                    (session, sql) -> handle(fe, sql),
                    "5.7.99",
                    // A login may take as long as the clients here wait (a TLS handshake on a loaded machine
                    // took over the default 10 s once, over 30 s at load 60), so the server never cuts a slow
                    // handshake first.
                    new MysqlServer.Limits(
                            MysqlServer.Limits.DEFAULTS.maxConnections(),
                            Duration.ofSeconds(120),
                            MysqlServer.Limits.DEFAULTS.idleTimeout()),
                    tls);
            fe.queryPort = fe.server.port();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private QueryResult handle(Fe fe, String sql) throws SqlError {
        String text = sql.trim().replaceAll("\\s+", " ");
        fe.received.add(text);
        statements.add(text);
        interceptor.before(fe, text);
        synchronized (this) {
            return answer(fe, text);
        }
    }

    private QueryResult answer(Fe fe, String text) throws SqlError {
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.equals("SELECT @@VERSION_COMMENT")) {
            return QueryResult.rows(
                    List.of("@@version_comment"),
                    List.of(List.of((flavor == Flavor.DORIS ? "Doris version " : "StarRocks version ") + version)));
        }
        if (upper.equals("SHOW FRONTENDS")) {
            return QueryResult.rows(
                    frontendColumns,
                    fes.stream()
                            .filter(each -> each.member)
                            .map(each -> frontendRow(each, fe))
                            .toList());
        }
        if (upper.equals("SHOW BACKENDS")) {
            List<List<String>> rows = new ArrayList<>();
            for (Be be : backends) {
                if (be.role == Role.BE || flavor == Flavor.DORIS) {
                    rows.add(backendRow(be, backendColumns));
                }
            }
            return QueryResult.rows(backendColumns, rows);
        }
        if (upper.equals("SHOW COMPUTE NODES") && flavor == Flavor.STARROCKS) {
            return QueryResult.rows(
                    computeNodeColumns,
                    backends.stream()
                            .filter(be -> be.role == Role.CN)
                            .map(be -> backendRow(be, computeNodeColumns))
                            .toList());
        }
        if (upper.equals("SHOW PROC '/STATISTIC'")) {
            return tabletProc(statisticColumns);
        }
        if (upper.equals("SHOW PROC '/CLUSTER_HEALTH/TABLET_HEALTH'")) {
            if (tabletHealthColumns.isEmpty()) {
                throw SqlError.of(
                        "errCode = 2, detailMessage = Proc path '/cluster_health/tablet_health' doesn't" + " exist");
            }
            return tabletProc(tabletHealthColumns.get());
        }
        if (upper.startsWith("SHOW PROC '/DBS")) {
            return dbsProc(upper);
        }
        if (upper.startsWith("SHOW PARTITIONS FROM ")) {
            return partitions(text.substring("SHOW PARTITIONS FROM ".length()));
        }
        if (upper.startsWith("ADMIN SHOW FRONTEND CONFIG")) {
            Matcher like = LIKE.matcher(text);
            String pattern = like.find() ? like.group(1) : "%";
            String regex = pattern.replace("%", ".*").replace("_", ".");
            List<List<String>> rows = new ArrayList<>();
            fe.config.forEach((key, value) -> {
                if (key.matches(regex)) {
                    rows.add(List.of(key, value, "boolean", "true", "true", ""));
                }
            });
            return QueryResult.rows(List.of("Key", "Value", "Type", "IsMutable", "MasterOnly", "Comment"), rows);
        }
        if (upper.startsWith("ADMIN SET FRONTEND CONFIG")) {
            Matcher set = SET_CONFIG.matcher(text);
            if (!set.find()) {
                throw SqlError.of("errCode = 2, detailMessage = Syntax error in " + text);
            }
            if (!fe.config.containsKey(set.group(1))) {
                throw SqlError.of("errCode = 2, detailMessage = Config '" + set.group(1) + "' does not exist or is"
                        + " not mutable: " + set.group(2));
            }
            fe.config.put(set.group(1), set.group(2));
            return QueryResult.ok();
        }
        if (upper.startsWith("ALTER SYSTEM") || upper.startsWith("CANCEL DECOMMISSION")) {
            if (fe.index != master) {
                throw SqlError.of("errCode = 2, detailMessage = failed to forward stmt to master: no master");
            }
            return alter(upper, text);
        }
        throw new SqlError(SqlError.PARSE_ERROR, "42000", "errCode = 2, detailMessage = Syntax error: " + text);
    }

    private QueryResult alter(String upper, String text) throws SqlError {
        Matcher address = HOST_PORT.matcher(text);
        if (upper.equals("ALTER SYSTEM CREATE IMAGE")) {
            return QueryResult.ok();
        }
        if (!address.find()) {
            throw SqlError.of("errCode = 2, detailMessage = Invalid host port format: " + text);
        }
        String host = address.group(1);
        int port = Integer.parseInt(address.group(2));
        Optional<Be> be = backends.stream()
                .filter(each -> each.host.equals(host) && each.heartbeatPort == port)
                .findFirst();
        if (upper.startsWith("ALTER SYSTEM ADD BACKEND") || upper.startsWith("ALTER SYSTEM ADD COMPUTE NODE")) {
            if (be.isPresent()) {
                throw SqlError.of(
                        "errCode = 2, detailMessage = Same backend already exists[" + host + ":" + port + "]");
            }
            Be added =
                    new Be(10000 + backends.size(), host, port, upper.contains("COMPUTE") ? Role.CN : Role.BE, 0, "");
            added.alive = false;
            backends.add(added);
            return QueryResult.ok();
        }
        if (upper.startsWith("ALTER SYSTEM ADD FOLLOWER") || upper.startsWith("ALTER SYSTEM ADD OBSERVER")) {
            return QueryResult.ok();
        }
        if (upper.startsWith("ALTER SYSTEM DROP FOLLOWER") || upper.startsWith("ALTER SYSTEM DROP OBSERVER")) {
            fes.stream().filter(fe -> fe.editLogPort == port).forEach(fe -> fe.member = false);
            return QueryResult.ok();
        }
        if (be.isEmpty()) {
            throw SqlError.of("errCode = 2, detailMessage = Backend does not exist[" + host + ":" + port + "]");
        }
        if (upper.startsWith("ALTER SYSTEM DECOMMISSION BACKEND")) {
            be.get().decommissioning = true;
        } else if (upper.startsWith("CANCEL DECOMMISSION BACKEND")) {
            be.get().decommissioning = false;
        } else if (upper.startsWith("ALTER SYSTEM DROPP BACKEND")
                || upper.startsWith("ALTER SYSTEM DROP COMPUTE NODE")
                || (upper.startsWith("ALTER SYSTEM DROP BACKEND") && upper.endsWith("FORCE"))) {
            backends.remove(be.get());
        } else {
            throw SqlError.of("errCode = 2, detailMessage = It is highly NOT RECOMMENDED to use DROP BACKEND stmt.");
        }
        return QueryResult.ok();
    }

    /** One row per database, then the Total row: every number summed, {@code DbName} the database count. */
    private QueryResult tabletProc(List<String> columns) {
        List<List<String>> rows = new ArrayList<>();
        Map<String, Long> sums = new HashMap<>();
        for (Db db : databases) {
            Map<String, String> values = db.values();
            rows.add(zeroed(columns, values));
            values.forEach((column, value) -> {
                if (!column.equals("DbId") && !column.equals("DbName")) {
                    sums.merge(column, Long.parseLong(value), Long::sum);
                }
            });
        }
        Map<String, String> total = new HashMap<>();
        sums.forEach((column, sum) -> total.put(column, "" + sum));
        total.put("DbId", "Total");
        total.put("DbName", "" + databases.size());
        rows.add(zeroed(columns, total));
        return QueryResult.rows(columns, rows);
    }

    /** {@code SHOW PROC '/dbs'} or {@code '/dbs/<id>'} with the audited columns. */
    private QueryResult dbsProc(String upper) throws SqlError {
        Version parsed = Version.parse(version);
        Matcher id = Pattern.compile("'/DBS/(\\d+)'").matcher(upper);
        if (!id.find()) {
            List<String> columns = ColumnSet.of(Show.DBS, flavor, parsed).columns();
            List<List<String>> rows = new ArrayList<>();
            String prefix = clusterPrefix ? "default_cluster:" : "";
            rows.add(Samples.row(
                    columns, Map.of("DbId", "0", "DbName", prefix + "information_schema", "TableNum", "30")));
            tables.stream().map(Table::db).distinct().forEach(db -> {
                long dbId = tables.stream()
                        .filter(t -> t.db().equals(db))
                        .findFirst()
                        .orElseThrow()
                        .dbId();
                rows.add(Samples.row(columns, Map.of("DbId", "" + dbId, "DbName", prefix + db, "TableNum", "1")));
            });
            return QueryResult.rows(columns, rows);
        }
        long dbId = Long.parseLong(id.group(1));
        List<String> columns = ColumnSet.of(Show.TABLES, flavor, parsed).columns();
        List<List<String>> rows = new ArrayList<>();
        tables.stream()
                .filter(t -> t.dbId() == dbId)
                .forEach(t -> rows.add(
                        Samples.row(columns, Map.of("TableId", "" + t.id(), "TableName", t.name(), "Type", t.type()))));
        rows.add(Samples.row(columns, Map.of("TableId", "99999", "TableName", "a_view", "Type", "VIEW")));
        return QueryResult.rows(columns, rows);
    }

    /** {@code SHOW PARTITIONS FROM `db`.`tbl`}; the names must be backquoted. */
    private QueryResult partitions(String name) throws SqlError {
        Matcher m = Pattern.compile("`([^`]+)`\\.`([^`]+)`").matcher(name);
        if (!m.matches()) {
            throw SqlError.of("errCode = 2, detailMessage = Syntax error in " + name);
        }
        // ClusterNamespace.linkString keeps a name holding ':' as it is: `default_cluster:db1` names db1.
        String db = clusterPrefix ? m.group(1).replaceFirst("^default_cluster:", "") : m.group(1);
        Table table = tables.stream()
                .filter(t -> t.db().equals(db) && t.name().equals(m.group(2)))
                .findFirst()
                .orElseThrow(() -> SqlError.of("errCode = 2, detailMessage = Unknown table '" + m.group(2) + "'"));
        List<String> columns =
                ColumnSet.of(Show.PARTITIONS, flavor, Version.parse(version)).columns();
        Map<String, String> values = new HashMap<>();
        values.put("PartitionId", "" + (table.id() + 1000));
        values.put("PartitionName", table.name());
        values.put("Buckets", "10");
        values.put("ReplicationNum", "" + table.replicationNum());
        values.put("VisibleVersion", "17"); // PartitionsProcDir: partition.getVisibleVersion()
        values.put("DataSize", "640.000 MB");
        values.put("ReplicaAllocation", table.allocation());
        return QueryResult.rows(columns, List.of(Samples.row(columns, values)));
    }

    private static List<String> zeroed(List<String> columns, Map<String, String> values) {
        return columns.stream().map(c -> values.getOrDefault(c, "0")).toList();
    }

    private List<String> frontendRow(Fe each, Fe answering) {
        boolean starRocks = flavor == Flavor.STARROCKS;
        boolean isMaster = each.index == master;
        String none = starRocks ? "NULL" : "";
        Map<String, String> values = new HashMap<>();
        values.put("Id", "" + each.index);
        values.put("Name", each.name);
        values.put("Host", "127.0.0.1");
        values.put("IP", "127.0.0.1");
        values.put("EditLogPort", "" + each.editLogPort);
        values.put("HttpPort", "8030");
        values.put("QueryPort", "" + each.queryPort);
        values.put("RpcPort", "9020");
        values.put("ArrowFlightSqlPort", "-1");
        String role = each.role == Role.FE_OBSERVER ? "OBSERVER" : "FOLLOWER";
        values.put("Role", starRocks && isMaster ? "LEADER" : role);
        values.put("IsMaster", "" + isMaster);
        values.put("ClusterId", "744773562");
        values.put("Join", "true");
        values.put("Alive", "" + each.alive);
        values.put("ReplayedJournalId", "1093");
        values.put("LastStartTime", each.alive ? "2024-01-18 10:00:00" : none);
        values.put("StartTime", each.alive ? "2024-01-18 10:00:00" : none);
        values.put("LastHeartbeat", "2024-01-18 10:05:00");
        values.put("IsHelper", "true");
        values.put("ErrMsg", each.alive ? "" : "got exception when sync with master: connection refused");
        values.put("Version", each.alive ? version : none);
        values.put("CurrentConnected", each == answering ? "Yes" : "No");
        return Samples.row(frontendColumns, values);
    }

    private List<String> backendRow(Be be, List<String> columns) {
        String none = flavor == Flavor.STARROCKS ? "NULL" : "";
        Map<String, String> values = new HashMap<>();
        values.put("BackendId", "" + be.id);
        values.put("ComputeNodeId", "" + be.id);
        values.put("Host", be.host);
        values.put("IP", be.host);
        values.put("HeartbeatPort", "" + be.heartbeatPort);
        values.put("BePort", "9060");
        values.put("HttpPort", "8040");
        values.put("BrpcPort", "8060");
        values.put("ArrowFlightSqlPort", "-1");
        values.put("LastStartTime", be.alive ? "2024-01-18 10:00:00" : none);
        values.put("LastHeartbeat", "2024-01-18 10:05:00");
        values.put("Alive", "" + be.alive);
        values.put("SystemDecommissioned", "" + be.decommissioning);
        values.put("ClusterDecommissioned", "false");
        values.put("TabletNum", "" + be.tablets);
        values.put("ErrMsg", be.alive ? "" : "connect failed");
        values.put("Version", be.alive && !be.version.isEmpty() ? be.version : none);
        values.put("NodeRole", be.role == Role.CN ? "computation" : "mix");
        values.put("DataUsedCapacity", be.used);
        values.put("AvailCapacity", be.avail);
        values.put("TotalCapacity", be.total);
        values.put("Tag", "{\"location\" : \"" + be.tag + "\"}");
        // StarRocks BackendsProcDir: PropertyAnalyzer.convertLocationMapToString(backend.getLocation()), e.g. rack:r1.
        values.put("Location", be.location);
        return Samples.row(columns, values);
    }

    @Override
    public void close() {
        for (Fe fe : fes) {
            fe.server.close();
        }
    }
}
