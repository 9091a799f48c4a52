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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The statements of a simulated FE (issue 4 §3). Reads are answered from this FE's copy of the
 * catalog; writes run on the master, and a non-master forwards them over the edit-log port. Column
 * sets follow the flavor and version ({@link ShowColumns}); the frontend and backend lists are
 * {@link FeNodeShows}.
 */
final class FeSql implements QueryHandler {
    private final StatementParser parser;
    private final FeNode fe;
    private final Flavor flavor;
    private final Version version;
    private final TabletProcs tablets;
    private final ReplicaProcs replicas;
    private final PlacementProcs placement;
    private final FeNodeShows shows;
    private final FeData data;
    private final Snapshots snapshots;

    FeSql(FeNode fe) {
        this.fe = fe;
        this.flavor = fe.ctx.flavor;
        this.version = Version.parse(fe.ctx.version);
        this.parser = new StatementParser(flavor);
        this.tablets = new TabletProcs(flavor, version, parser);
        this.replicas = new ReplicaProcs(flavor, version, parser);
        this.placement = new PlacementProcs(flavor, version, parser);
        this.shows = new FeNodeShows(fe, flavor, version, replicas);
        this.data = new FeData(fe, version, placement, parser);
        DataErrors errors = new DataErrors(flavor, version);
        this.snapshots = new Snapshots(fe, version, errors, new DataDefinitions(fe, errors));
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
            fe.snapshot().databaseNames().forEach(db -> names.add(List.of(db)));
            return QueryResult.rows(List.of("Database"), names);
        } else if (FeData.isRead(statement)) {
            return data.read(statement, session.database());
        } else if (Snapshots.isRead(statement)) {
            return snapshots.read(statement, session.database());
        } else if (statement instanceof Statement.ShowPartitions show) {
            return replicas.partitions(fe.snapshot(), show.database(), session.database(), show.table());
        } else if (statement instanceof Statement.ShowPartitionProc proc) {
            return placement.answer(fe.snapshot(), proc);
        } else if (statement instanceof Statement.AdminShowReplicaDistribution show) {
            return replicas.replicaDistribution(fe.snapshot(), show.database(), session.database(), show.table());
        } else if (statement instanceof Statement.ShowFrontends) {
            return shows.frontends();
        } else if (statement instanceof Statement.ShowBackends) {
            return shows.backends(false);
        } else if (statement instanceof Statement.ShowComputeNodes) {
            return shows.backends(true);
        } else if (statement instanceof Statement.ShowProc proc) {
            return switch (proc.proc()) {
                case FRONTENDS -> shows.frontends();
                case BACKENDS -> shows.backends(false);
                case COMPUTE_NODES -> shows.backends(true);
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
            if (flavor == Flavor.STARROCKS) {
                // StarRocks sets the key here, then on every other alive FE (ConfigBase.setConfig).
                apply(item, set.value());
                setOnOtherFrontends(item, set.value());
                return QueryResult.ok();
            }
            // Before Doris 3.1 the ALL form of a master-only key was silently applied on the master only.
            boolean legacyAll = version.compareTo(Version.of(3, 1, 0)) < 0 && item.masterOnly();
            if (set.allFrontends() && !legacyAll) {
                apply(item, set.value());
                setOnOtherFrontends(item, set.value());
                return QueryResult.ok();
            }
            if (item.masterOnly()) {
                return write(sql, session.database());
            }
            apply(item, set.value());
            return QueryResult.ok();
        }
        return write(sql, session.database());
    }

    /** Checks {@code USE db} and the database a client connects to: it must exist. */
    @Override
    public void checkDatabase(String db) throws SqlError {
        data.checkDatabase(db);
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
        return fe.configs.item(key).orElseThrow(() -> parser.analysisError(fe.configs.unknown(key)));
    }

    private void apply(FeConfigs.Item item, String value) throws SqlError {
        Optional<String> problem = fe.configs.set(item, value);
        if (problem.isPresent()) {
            throw parser.analysisError(problem.get());
        }
        fe.ctx.info("set config " + item.key() + " = " + value);
    }

    /**
     * Runs a write on the master; a non-master forwards it with the session's database, as Doris {@code
     * MasterOpExecutor} sends the statement and the current database to the master.
     */
    private QueryResult write(String sql, String db) throws SqlError {
        if (fe.isMaster()) {
            return executeOnMaster(sql, db);
        }
        Optional<Catalog.Fe> master = fe.masterFe();
        if (master.isEmpty()) {
            throw parser.analysisError("failed to forward stmt to master: there is no master FE (a majority of"
                    + " followers is not alive). Start the stopped followers and retry");
        }
        try {
            ObjectNode request =
                    SandboxSpec.JSON.createObjectNode().put("sql", sql).put("db", db);
            JsonNode answer = SandboxSpec.JSON.readTree(
                    Peer.call(master.get().host, master.get().editLogPort, "FORWARD " + request, 10_000));
            if (answer.has("code")) {
                throw new SqlError(
                        answer.get("code").asInt(),
                        answer.get("state").asText(),
                        answer.get("message").asText());
            }
            awaitReplayed(answer.path("journalId").asLong());
            return new QueryResult.Ok(answer.path("affected").asLong());
        } catch (IOException e) {
            throw parser.analysisError(
                    "failed to forward stmt to master " + master.get().address() + ": " + e.getMessage());
        }
    }

    /**
     * After a forwarded write, waits (up to 5 s) until this FE has replayed the master's journal up to it,
     * as Doris {@code MasterOpExecutor.waitOnReplaying} does, so the client reads its own write here.
     */
    private void awaitReplayed(long journalId) {
        long deadline = System.currentTimeMillis() + 5000;
        while (fe.journalId() < journalId && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Runs a forwarded write on the master and encodes the outcome as one JSON line. */
    static String executeForwarded(FeNode fe, String sql, String db) {
        ObjectNode answer = SandboxSpec.JSON.createObjectNode();
        try {
            FeSql handler = new FeSql(fe);
            if (!fe.isMaster()) {
                throw handler.parser.analysisError("this FE is not the master any more; retry");
            }
            QueryResult result = handler.executeOnMaster(sql, db);
            answer.put("affected", result instanceof QueryResult.Ok ok ? ok.affectedRows() : 0);
            answer.put("journalId", fe.journalId());
        } catch (SqlError e) {
            answer.put("code", e.code()).put("state", e.sqlState()).put("message", e.getMessage());
        }
        return answer.toString();
    }

    private QueryResult executeOnMaster(String sql, String db) throws SqlError {
        Statement statement = parser.parse(sql);
        if (FeData.isWrite(statement)) {
            return data.write(statement, db);
        } else if (Snapshots.isWrite(statement)) {
            return snapshots.write(statement, db);
        } else if (statement instanceof Statement.AdminSetConfig set) {
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
                                .orElse(fe.ctx.spec().replicationNum() == 1))
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
                    c.tablets.forEach(t -> {
                        t.replicas.remove(be.id);
                        t.versions.remove(be.id);
                    });
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
                    FeMeta.newName(flavor, address.host(), address.port()),
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

    private List<TabletStates.Status> tabletStates(Catalog catalog) {
        return TabletStates.of(catalog, fe.beRuntime, fe.ctx.spec().replicationNum());
    }

    // ---- helpers ----

    private String versionComment() {
        return flavor == Flavor.DORIS
                ? "Doris version " + fe.ctx.version + (fe.ctx.spec().decoupled() ? " (Cloud Mode)" : "")
                : "StarRocks version " + fe.ctx.version;
    }

    private static QueryResult single(String column, String value) {
        return QueryResult.rows(List.of(column), List.of(List.of(value)));
    }
}
