package io.dorisops.testkit.internal.node;

import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The persistent cluster catalog an FE keeps under {@code <meta_dir>/bdb/catalog.json}: frontends,
 * backends, tablets and their replicas. The master owns it; the others copy it. Mutable, guarded by
 * the owning FE's lock; copies travel as JSON.
 */
public final class Catalog {
    /** The cluster id, as in {@code image/VERSION}. */
    public int clusterId;
    /** The cluster token, as in {@code image/VERSION}. */
    public String token = "";
    /** The meta version of the FE build that wrote the catalog last ({@code Layout.META_VERSION} when seeded). */
    public int metaVersion = io.dorisops.testkit.internal.Layout.META_VERSION;
    /** Bumped by every change; the replayed journal id. */
    public long journalId;
    /** False until the first master is elected; until then only the first follower may become master. */
    public boolean electedOnce;
    /** Next backend id. */
    public long nextBackendId = 10001;
    /** The frontends, in the order they joined. */
    public List<Fe> frontends = new ArrayList<>();
    /** The backends and compute nodes. */
    public List<Be> backends = new ArrayList<>();
    /** Every tablet of every table, each naming its partition. */
    public List<Tablet> tablets = new ArrayList<>();
    /** The tables and their partitions; empty in a catalog written before tables were simulated. */
    public List<Table> tables = new ArrayList<>();
    /** Databases created by SQL that may hold no table yet (a table's database is also one). */
    public List<Database> databases = new ArrayList<>();
    /** Next id of a database, table, partition or tablet created by SQL. */
    public long nextObjectId = 50001;
    /** Next load transaction id. */
    public long nextTxnId = 1001;
    /** The backup repositories ({@link Snapshots}). */
    public List<BackupState.Repository> repositories = new ArrayList<>();
    /** The backup and restore jobs, oldest first ({@link SnapshotJobs}). */
    public List<BackupState.Job> snapshotJobs = new ArrayList<>();

    /** One frontend. */
    public static final class Fe {
        public String name;
        public String host;
        public int editLogPort;
        /** Last known ports; 0 until the FE has reported them. */
        public int httpPort;

        public int queryPort;
        public int rpcPort;
        /** FOLLOWER or OBSERVER. */
        public String role;

        public boolean helper;

        /**
         * A follower added with {@code ALTER SYSTEM ADD FOLLOWER} that has not joined yet: like the real
         * FE ({@code BDBHA.addUnReadyElectableNode}) the master does not count it for the quorum until it
         * first reports, so adding a follower does not cost the master its majority.
         */
        public boolean unready;

        public Fe() {}

        public Fe(String name, String host, int editLogPort, String role, boolean helper) {
            this.name = name;
            this.host = host;
            this.editLogPort = editLogPort;
            this.role = role;
            this.helper = helper;
        }

        boolean follower() {
            return "FOLLOWER".equals(role);
        }

        /** A follower that counts for the quorum: it has joined. */
        boolean voter() {
            return follower() && !unready;
        }

        String address() {
            return host + ":" + editLogPort;
        }
    }

    /** One backend or compute node. */
    public static final class Be {
        public long id;
        public String host;
        public int heartbeatPort;
        /** Ports as declared when the backend was seeded; 0 when added by SQL (learned by heartbeat). */
        public int bePort;

        public int httpPort;
        public int brpcPort;
        public boolean computeNode;
        public boolean decommissioned;
        /** The location tag, Doris {@code tag.location}. */
        public String tag = "default";
        /** Doris {@code ALTER SYSTEM MODIFY BACKEND ... SET ("disable_query" = "true")}: no query reads it. */
        public boolean queryDisabled;
        /**
         * Doris {@code "disable_load" = "true"}: it coordinates no load ({@code Backend.isLoadAvailable}); its
         * replicas still receive writes ({@code Tablet.getNormalReplicaBackendPathMap} checks only liveness).
         */
        public boolean loadDisabled;

        public Be() {}

        public Be(long id, String host, int heartbeatPort, boolean computeNode) {
            this.id = id;
            this.host = host;
            this.heartbeatPort = heartbeatPort;
            this.computeNode = computeNode;
        }

        String address() {
            return host + ":" + heartbeatPort;
        }
    }

    /** One database created by {@code CREATE DATABASE}. */
    public static final class Database {
        public long id;
        public String name;

        public Database() {}

        Database(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    /** One OLAP table of a database. */
    public static final class Table {
        public long dbId;
        public String db;
        public long id;
        public String name;
        public List<Partition> partitions = new ArrayList<>();
        /** Its columns in order; a seeded table has {@link #SEEDED_COLUMNS}. */
        public List<Column> columns = new ArrayList<>();
        /** The {@code DISTRIBUTED BY HASH} column; empty for a seeded table (its first column). */
        public String distribution = "";

        String qualified() {
            return db + "." + name;
        }

        /** Its columns: those declared, or {@code k1 INT, v1 VARCHAR(64)} for a seeded table. */
        List<Column> schema() {
            return columns.isEmpty() ? SEEDED_COLUMNS : columns;
        }

        /** The index of the distribution column in {@link #schema()}. */
        int distributionIndex() {
            for (int i = 0; i < schema().size(); i++) {
                if (schema().get(i).name.equalsIgnoreCase(distribution)) {
                    return i;
                }
            }
            return 0;
        }
    }

    /** The schema of a seeded table, which no statement declared. */
    static final List<Column> SEEDED_COLUMNS = List.of(new Column("k1", "INT"), new Column("v1", "VARCHAR(64)"));

    /** One column: its name and its type as declared. */
    public static final class Column {
        public String name;
        public String type;

        public Column() {}

        public Column(String name, String type) {
            this.name = name;
            this.type = type;
        }

        /** True for an integer or decimal type: its values compare as numbers. */
        boolean numeric() {
            String t = type.toUpperCase(java.util.Locale.ROOT);
            return t.startsWith("INT")
                    || t.startsWith("BIGINT")
                    || t.startsWith("SMALLINT")
                    || t.startsWith("TINYINT")
                    || t.startsWith("LARGEINT")
                    || t.startsWith("DOUBLE")
                    || t.startsWith("FLOAT")
                    || t.startsWith("DECIMAL");
        }
    }

    /** One partition: its replicas per location tag and its buckets. */
    public static final class Partition {
        public long id;
        public String name;
        /** Replicas per tag, Doris {@code ReplicaAllocation}. */
        public java.util.Map<String, Integer> allocation = new java.util.LinkedHashMap<>();

        public int buckets;
        /**
         * The last committed version, Doris {@code Partition.visibleVersion}: 1 for a new partition
         * ({@code Partition.PARTITION_INIT_VERSION}), one more per load.
         */
        public long visibleVersion = 1;

        int replicationNum() {
            return allocation.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** One tablet and the backends holding its replicas. */
    public static final class Tablet {
        public long id;
        public List<Long> replicas = new ArrayList<>();
        /** Its partition; 0 in a catalog written before tables were simulated. */
        public long partitionId;
        /** The data in one replica. */
        public long bytes;
        /**
         * The versions of each replica, by backend id; a replica without an entry has every version of its
         * partition (seeded, or written before versions were simulated).
         */
        public java.util.Map<Long, Versions> versions = new java.util.LinkedHashMap<>();
        /** The loaded rows, one rowset per committed version that wrote rows here. */
        public List<Rowset> rowsets = new ArrayList<>();

        public Tablet() {}

        public Tablet(long id, List<Long> replicas) {
            this.id = id;
            this.replicas = new ArrayList<>(replicas);
        }

        /** The versions of the replica on {@code backend}, at {@code visible} when it has no entry. */
        Versions versionsOn(long backend, long visible) {
            Versions v = versions.get(backend);
            return v != null ? v : Versions.complete(visible);
        }

        /**
         * Doris {@code Tablet.getHealthStatusWithPriority}: a replica is version-complete when it failed no
         * version and has the partition's visible one ({@code replica.getLastFailedVersion() > 0 ||
         * replica.getVersion() < visibleVersion} makes it incomplete).
         */
        boolean versionComplete(long backend, long visible) {
            Versions v = versionsOn(backend, visible);
            return v.lastFailedVersion < 0 && v.version >= visible;
        }

        /** The rows of every version up to {@code version}. */
        List<List<String>> rowsUpTo(long version) {
            List<List<String>> rows = new ArrayList<>();
            rowsets.stream().filter(r -> r.version <= version).forEach(r -> rows.addAll(r.rows));
            return rows;
        }
    }

    /**
     * A replica's versions as {@code Replica} keeps them: {@code version} (the last it has, with every
     * one before), {@code lastSuccessVersion} and {@code lastFailedVersion} (-1 when none failed).
     */
    public static final class Versions {
        public long version;
        public long lastSuccessVersion;
        public long lastFailedVersion = -1;
        /** When the last version failed here, epoch millis; 0 when none. */
        public long lastFailedTime;

        static Versions complete(long visible) {
            Versions v = new Versions();
            v.version = visible;
            v.lastSuccessVersion = visible;
            return v;
        }
    }

    /** The rows one committed load wrote to one tablet. */
    public static final class Rowset {
        public long version;
        public List<List<String>> rows = new ArrayList<>();

        public Rowset() {}

        Rowset(long version, List<List<String>> rows) {
            this.version = version;
            this.rows = rows;
        }
    }

    /** The frontend with this edit-log address. */
    Optional<Fe> frontend(String host, int editLogPort) {
        return frontends.stream()
                .filter(fe -> fe.host.equals(host) && fe.editLogPort == editLogPort)
                .findFirst();
    }

    /** The backend or compute node with this heartbeat address. */
    Optional<Be> backend(String host, int heartbeatPort) {
        return backends.stream()
                .filter(be -> be.host.equals(host) && be.heartbeatPort == heartbeatPort)
                .findFirst();
    }

    /** Replicas held by one backend. */
    long replicasOn(long backendId) {
        return tablets.stream().filter(t -> t.replicas.contains(backendId)).count();
    }

    /** The partition with this id, if any. */
    Optional<Partition> partition(long id) {
        for (Table table : tables) {
            for (Partition partition : table.partitions) {
                if (partition.id == id) {
                    return Optional.of(partition);
                }
            }
        }
        return Optional.empty();
    }

    /** The table {@code db.name}, if any (names compare as the FE compares them: case-sensitive). */
    Optional<Table> table(String db, String name) {
        return tables.stream()
                .filter(t -> t.db.equals(db) && t.name.equals(name))
                .findFirst();
    }

    /** The id of a database, if it exists (created by SQL or holding a table). */
    Optional<Long> databaseId(String name) {
        return databases.stream()
                .filter(d -> d.name.equals(name))
                .map(d -> d.id)
                .findFirst()
                .or(() -> tables.stream()
                        .filter(t -> t.db.equals(name))
                        .map(t -> t.dbId)
                        .findFirst());
    }

    /** Every database name, those with tables first, in catalog order. */
    List<String> databaseNames() {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        tables.forEach(t -> names.add(t.db));
        databases.forEach(d -> names.add(d.name));
        return new ArrayList<>(names);
    }

    /** The tablets of a partition, in catalog order. */
    List<Tablet> tabletsOf(long partitionId) {
        return tablets.stream().filter(t -> t.partitionId == partitionId).toList();
    }

    /** The table holding a partition, if any. */
    Optional<Table> tableOf(long partitionId) {
        return tables.stream()
                .filter(t -> t.partitions.stream().anyMatch(p -> p.id == partitionId))
                .findFirst();
    }

    /** The data on one backend: the bytes of every replica it holds. */
    long bytesOn(long backendId) {
        return tablets.stream()
                .filter(t -> t.replicas.contains(backendId))
                .mapToLong(t -> t.bytes)
                .sum();
    }

    /** Followers that count for the quorum (joined ones). */
    long followerCount() {
        return frontends.stream().filter(Fe::voter).count();
    }

    /** A deep copy through JSON. */
    Catalog copy() {
        return SandboxSpec.JSON.convertValue(this, Catalog.class);
    }

    /** Writes the catalog atomically. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        SandboxSpec.JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a catalog file. */
    public static Catalog read(Path file) throws IOException {
        return SandboxSpec.JSON.readValue(file.toFile(), Catalog.class);
    }

    /** The catalog file under a meta dir. */
    public static Path file(Path metaDir) {
        return metaDir.resolve("bdb").resolve("catalog.json");
    }
}
