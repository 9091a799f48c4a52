package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.HostPort;
import io.dorisops.testkit.internal.sql.Statement;
import io.dorisops.testkit.internal.sql.StatementParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The data statements of a simulated FE, for {@link FeSql}: reads on any FE ({@code SELECT}, {@code SHOW
 * TABLETS}, {@code ADMIN SHOW REPLICA STATUS}, answered from this FE's catalog) and writes on the master
 * ({@code INSERT} by {@link Loads}, {@code CREATE}/{@code DROP} by {@link DataDefinitions}, {@code ALTER
 * SYSTEM MODIFY BACKEND}).
 */
final class FeData {
    private final FeNode fe;
    private final PlacementProcs placement;
    private final StatementParser parser;
    private final DataErrors errors;
    private final DataDefinitions definitions;

    FeData(FeNode fe, Version version, PlacementProcs placement, StatementParser parser) {
        this.fe = fe;
        this.placement = placement;
        this.parser = parser;
        this.errors = new DataErrors(fe.ctx.flavor, version);
        this.definitions = new DataDefinitions(fe, errors);
    }

    static boolean isRead(Statement statement) {
        return statement instanceof Statement.Select
                || statement instanceof Statement.ShowTablets
                || statement instanceof Statement.AdminShowReplicaStatus;
    }

    static boolean isWrite(Statement statement) {
        return statement instanceof Statement.Insert
                || statement instanceof Statement.CreateDatabase
                || statement instanceof Statement.CreateTable
                || statement instanceof Statement.DropTable
                || statement instanceof Statement.ModifyBackend;
    }

    /** {@code USE db} and the handshake's database: it must exist. */
    void checkDatabase(String db) throws SqlError {
        definitions.database(db);
    }

    QueryResult read(Statement statement, String sessionDb) throws SqlError {
        if (statement instanceof Statement.Select select) {
            return new Queries(fe, errors, definitions).select(select, sessionDb);
        }
        Catalog catalog = fe.snapshot();
        if (statement instanceof Statement.ShowTablets show) {
            return placement.tablets(catalog, table(catalog, show.database(), sessionDb, show.table()));
        }
        Statement.AdminShowReplicaStatus show = (Statement.AdminShowReplicaStatus) statement;
        return placement.replicaStatus(
                catalog, table(catalog, show.database(), sessionDb, show.table()), fe.beRuntime, show.status());
    }

    /** Runs a write on the master. */
    QueryResult write(Statement statement, String db) throws SqlError {
        if (statement instanceof Statement.Insert insert) {
            return new Loads(fe, errors, definitions).insert(insert, db);
        } else if (statement instanceof Statement.CreateDatabase create) {
            definitions.createDatabase(create);
        } else if (statement instanceof Statement.CreateTable create) {
            definitions.createTable(create, db);
        } else if (statement instanceof Statement.DropTable drop) {
            definitions.dropTable(drop, db);
        } else {
            modifyBackends((Statement.ModifyBackend) statement);
        }
        return QueryResult.ok();
    }

    /** The table a statement names, or the real error for an unknown database or table. */
    private Catalog.Table table(Catalog catalog, Optional<String> db, String sessionDb, String name) throws SqlError {
        String database = definitions.database(db.orElse(sessionDb));
        return catalog.table(database, name).orElseThrow(() -> errors.unknownTable(database, name));
    }

    /**
     * Doris {@code ALTER SYSTEM MODIFY BACKEND "host:heartbeat_port"[, ...] SET ("disable_query" |
     * "disable_load" = "true"|"false")} (since 1.0, apache/doris#7155), as {@code ModifyBackendClause.analyze}
     * and {@code SystemInfoService.modifyBackends} run it: a value is read with {@code Boolean.valueOf}, so
     * anything but {@code true} (any case) is {@code false} (no error); another key is refused with {@code
     * unknown properties setting for key (k1,k2)}; every backend is looked up before any is changed, an
     * unknown one refused with {@code backend does not exists[host:port]} ({@code DdlException}). The flags
     * show in {@code SHOW BACKENDS} {@code Status} ({@code "isQueryDisabled":true}, {@code
     * "isLoadDisabled":true}). StarRocks has no such properties [I: its MODIFY BACKEND takes {@code
     * labels.location}; its per-FE BE blacklist is another statement, not simulated].
     */
    private void modifyBackends(Statement.ModifyBackend modify) throws SqlError {
        if (fe.ctx.flavor != Flavor.DORIS) {
            throw parser.analysisError("Unknown property: "
                    + modify.properties().keySet().iterator().next());
        }
        List<String> unknown = modify.properties().keySet().stream()
                .filter(key -> !key.equals("disable_query") && !key.equals("disable_load"))
                .toList();
        if (!unknown.isEmpty()) {
            throw parser.analysisError("unknown properties setting for key (" + String.join(",", unknown) + ")");
        }
        String query = modify.properties().get("disable_query");
        String load = modify.properties().get("disable_load");
        List<Long> ids = new ArrayList<>();
        for (HostPort address : modify.backends()) {
            ids.add(fe.snapshot()
                    .backend(address.host(), address.port())
                    .orElseThrow(() -> errors.analysis("backend does not exists[" + address + "]"))
                    .id);
        }
        fe.mutate(c -> c.backends.stream().filter(b -> ids.contains(b.id)).forEach(b -> {
            b.queryDisabled = query == null ? b.queryDisabled : Boolean.parseBoolean(query);
            b.loadDisabled = load == null ? b.loadDisabled : Boolean.parseBoolean(load);
        }));
        fe.ctx.info("finished to modify backend " + modify.backends() + ": " + modify.properties());
    }
}
