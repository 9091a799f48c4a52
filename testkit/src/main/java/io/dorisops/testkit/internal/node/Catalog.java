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

    /** One OLAP table of a database. */
    public static final class Table {
        public long dbId;
        public String db;
        public long id;
        public String name;
        public List<Partition> partitions = new ArrayList<>();

        String qualified() {
            return db + "." + name;
        }
    }

    /** One partition: its replicas per location tag and its buckets. */
    public static final class Partition {
        public long id;
        public String name;
        /** Replicas per tag, Doris {@code ReplicaAllocation}. */
        public java.util.Map<String, Integer> allocation = new java.util.LinkedHashMap<>();

        public int buckets;

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

        public Tablet() {}

        public Tablet(long id, List<Long> replicas) {
            this.id = id;
            this.replicas = new ArrayList<>(replicas);
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
