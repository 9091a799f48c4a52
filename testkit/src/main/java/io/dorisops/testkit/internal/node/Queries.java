package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.Statement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code SELECT ... FROM} on any FE, as the real planner reads a table: for each tablet one queryable
 * replica (Doris {@code Tablet.getQueryableReplicas}: not failed, at the partition's visible version) on
 * a backend that is alive, not {@code disable_query} and not in its graceful stop ({@link BackendShutdown}),
 * chosen at random; each chosen backend then runs
 * its part for the sandbox's query time ({@code SCAN} on its {@code brpc_port}), all in parallel. A query a
 * backend cut off is planned once more without it where the real FE retries ({@link #retries}). Errors as
 * the real FE words them ({@link DataErrors}): no queryable replica, no scan backend, a backend that
 * stopped during the query.
 */
final class Queries {
    private static final ExecutorService SCANS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "scan");
        thread.setDaemon(true);
        return thread;
    });

    /** The Doris release taken as the first with {@code max_query_retry_time} 1 by default ({@link #retries}). */
    private static final Version DORIS_NO_RETRY = Version.of(2, 0, 0);

    private final FeNode fe;
    private final DataErrors errors;
    private final DataDefinitions definitions;

    Queries(FeNode fe, DataErrors errors, DataDefinitions definitions) {
        this.fe = fe;
        this.errors = errors;
        this.definitions = definitions;
    }

    QueryResult select(Statement.Select select, String sessionDb) throws SqlError {
        String db = definitions.database(select.database().orElse(sessionDb));
        Catalog catalog = fe.snapshot();
        Catalog.Table table =
                catalog.table(db, select.table()).orElseThrow(() -> errors.unknownTable(db, select.table()));
        List<Catalog.Column> schema = table.schema();
        List<Integer> projection = new ArrayList<>();
        if (!select.count()) {
            List<String> names = select.columns().isEmpty()
                    ? schema.stream().map(c -> c.name).toList()
                    : select.columns();
            for (String name : names) {
                projection.add(index(schema, name));
            }
        }
        int filterColumn =
                select.where().isPresent() ? index(schema, select.where().get().column()) : -1;
        List<List<String>> rows = run(catalog, table);
        if (filterColumn >= 0) {
            Statement.Condition where = select.where().get();
            boolean numeric = schema.get(filterColumn).numeric();
            rows.removeIf(row -> !matches(row.get(filterColumn), where, numeric));
        }
        long limit = select.limit().orElse(Long.MAX_VALUE);
        if (select.count()) {
            return QueryResult.rows(List.of("count(*)"), List.of(List.of(String.valueOf(rows.size()))));
        }
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            if (out.size() >= limit) {
                break;
            }
            List<String> projected = new ArrayList<>();
            projection.forEach(i -> projected.add(row.get(i)));
            out.add(projected);
        }
        List<String> columns = projection.stream().map(i -> schema.get(i).name).toList();
        return QueryResult.rows(columns, out);
    }

    /**
     * How often the FE plans a query again after a backend failed it, as the real FE does by default
     * ({@code docs/drain.md}, "A query cut off by a stopping BE"): both run a query at most {@code
     * max_query_retry_time} times in all ({@code StmtExecutor}: {@code for (i = 0; i < retryTime; i++)},
     * the last failure thrown) and only while no result was sent to the client.
     *
     * <ul>
     *   <li>StarRocks: default 2 ({@code fe/fe-core/src/main/java/com/starrocks/common/Config.java}), so one
     *       retry, after an RPC failure or a query cancelled because a backend died ({@code
     *       ExecuteExceptionHandler}: {@code RpcException}, {@code CANCEL_NODE_NOT_ALIVE_ERR}, a new plan).
     *   <li>Doris 2.0 and later: default 1 ({@code fe/fe-core/src/main/java/org/apache/doris/common/Config.java}
     *       in the releases with bilingual descriptions [U: the first release with 1; older ones had 2 or 3]):
     *       no retry at all. Even with more, Doris retries only an {@code RpcException}; a query whose
     *       backend died mid-flight is cancelled with {@code INTERNAL_ERROR} ({@code QueryCancelWorker},
     *       {@code Coordinator.shouldCancel}), which {@code Coordinator.getNext} throws as a {@code
     *       UserException}: never retried.
     *   <li>Doris before 2.0: one retry, as the sandbox did before [U].
     * </ul>
     */
    private int retries() {
        if (fe.ctx.flavor == Flavor.DORIS && BackendShutdown.atLeast(Version.parse(fe.ctx.version), DORIS_NO_RETRY)) {
            return 0;
        }
        return 1;
    }

    /**
     * Plans and runs the scan; when a backend fails during it, plans again without that backend as often
     * as the real FE retries ({@link #retries}), then fails with the first failure.
     */
    private List<List<String>> run(Catalog catalog, Catalog.Table table) throws SqlError {
        java.util.Set<Long> failed = new java.util.HashSet<>();
        SqlError first = null;
        int retries = retries();
        for (int attempt = 0; attempt <= retries; attempt++) {
            Map<Long, List<Long>> plan = new LinkedHashMap<>();
            List<List<String>> rows = new ArrayList<>();
            try {
                for (Catalog.Partition partition : table.partitions) {
                    for (Catalog.Tablet tablet : catalog.tabletsOf(partition.id)) {
                        long backend = replica(catalog, tablet, partition.visibleVersion, failed);
                        plan.computeIfAbsent(backend, id -> new ArrayList<>()).add(tablet.id);
                        rows.addAll(tablet.rowsUpTo(partition.visibleVersion));
                    }
                }
            } catch (SqlError e) {
                throw first != null ? first : e;
            }
            Long down = scan(catalog, plan);
            if (down == null) {
                return rows;
            }
            failed.add(down);
            if (first == null) {
                first = errors.backendStopped(down, host(catalog, down), "the scan was cut off");
            }
        }
        throw first;
    }

    /** The backend of one queryable replica of the tablet, or the real error. */
    private long replica(Catalog catalog, Catalog.Tablet tablet, long visible, java.util.Set<Long> failed)
            throws SqlError {
        List<Long> queryable = tablet.replicas.stream()
                .filter(be -> tablet.versionComplete(be, visible))
                .toList();
        if (queryable.isEmpty()) {
            throw errors.noQueryableReplica(tablet.id);
        }
        List<Long> available = queryable.stream()
                .filter(id -> {
                    FeNode.BeRuntime runtime = fe.beRuntime.get(id);
                    return runtime != null
                            && runtime.alive
                            && !runtime.stopping
                            && !failed.contains(id)
                            && catalog.backends.stream().anyMatch(b -> b.id == id && !b.queryDisabled);
                })
                .toList();
        if (available.isEmpty()) {
            throw errors.noScanBackend(queryable);
        }
        return available.get(ThreadLocalRandom.current().nextInt(available.size()));
    }

    /** Runs the query's part on each chosen backend, in parallel; the first that failed, or null. */
    private Long scan(Catalog catalog, Map<Long, List<Long>> plan) {
        long millis = fe.ctx.spec().queryMillis();
        Map<Long, CompletableFuture<String>> running = new LinkedHashMap<>();
        for (long backend : plan.keySet()) {
            String host = host(catalog, backend);
            int port = fe.beRuntime.get(backend).brpcPort;
            running.put(
                    backend,
                    CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    String answer = Peer.call(host, port, "SCAN " + millis, (int) millis + 5000);
                                    return answer.equals("OK") ? "" : answer;
                                } catch (IOException e) {
                                    return e.getMessage();
                                }
                            },
                            SCANS));
        }
        Long down = null;
        for (Map.Entry<Long, CompletableFuture<String>> part : running.entrySet()) {
            String failure = part.getValue().join();
            if (!failure.isEmpty() && down == null) {
                fe.ctx.log(
                        "WARN",
                        "Query cancelled by crash of backends or RpcException: backend " + part.getKey() + ": "
                                + failure);
                down = part.getKey();
            }
        }
        return down;
    }

    private static String host(Catalog catalog, long backend) {
        return catalog.backends.stream()
                .filter(b -> b.id == backend)
                .map(b -> b.host)
                .findFirst()
                .orElse("?");
    }

    private int index(List<Catalog.Column> schema, String name) throws SqlError {
        for (int i = 0; i < schema.size(); i++) {
            if (schema.get(i).name.equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw errors.unknownColumn(name);
    }

    private static boolean matches(String value, Statement.Condition where, boolean numeric) {
        if (value == null || where.value() == null) {
            return false;
        }
        int order;
        if (numeric && value.matches("-?\\d+(\\.\\d+)?") && where.value().matches("-?\\d+(\\.\\d+)?")) {
            order = new java.math.BigDecimal(value).compareTo(new java.math.BigDecimal(where.value()));
        } else {
            order = value.compareTo(where.value());
        }
        return switch (where.operator()) {
            case "=" -> order == 0;
            case "!=", "<>" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }
}
