package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.HostPort;
import io.dorisops.testkit.internal.sql.Statement;
import io.dorisops.testkit.internal.sql.StatementParser;
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
     * Doris {@code ALTER SYSTEM MODIFY BACKEND ... SET ("disable_query" | "disable_load" = "true"|"false")}
     * ({@code SystemInfoService.modifyBackends}: {@code be.setQueryDisabled}, {@code be.setLoadDisabled});
     * StarRocks has no such properties [I: its MODIFY BACKEND takes {@code labels.location}].
     */
    private void modifyBackends(Statement.ModifyBackend modify) throws SqlError {
        for (String key : modify.properties().keySet()) {
            boolean known =
                    fe.ctx.flavor == Flavor.DORIS && (key.equals("disable_query") || key.equals("disable_load"));
            if (!known) {
                throw parser.analysisError("Unknown property: " + key);
            }
            String value = modify.properties().get(key);
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw parser.analysisError("Invalid " + key + " value: " + value + ", expected true or false");
            }
        }
        for (HostPort address : modify.backends()) {
            long id = backend(address).id;
            fe.mutate(c -> c.backends.stream().filter(b -> b.id == id).forEach(b -> {
                String query = modify.properties().get("disable_query");
                String load = modify.properties().get("disable_load");
                b.queryDisabled = query == null ? b.queryDisabled : Boolean.parseBoolean(query);
                b.loadDisabled = load == null ? b.loadDisabled : Boolean.parseBoolean(load);
            }));
            fe.ctx.info("finished to modify backend " + address + ": " + modify.properties());
        }
    }

    private Catalog.Be backend(HostPort address) throws SqlError {
        return fe.snapshot()
                .backend(address.host(), address.port())
                .orElseThrow(() -> parser.analysisError("Backend does not exist[" + address + "]"));
    }
}
