package io.dorisops.testkit.internal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * What a sandbox is, written to {@code <dir>/sandbox.json} at start: the builder's settings and
 * every node. The node processes read it for the shared settings; {@code Sandbox.attach} reads it
 * to re-open a running sandbox.
 *
 * @param flavor Doris or StarRocks
 * @param version the release number the nodes report, e.g. {@code 2.1.7}
 * @param decoupled Doris storage-compute decoupled mode
 * @param nodes every node
 * @param startupDelayMillis simulated start-up time per role key
 * @param electionDelayMillis how long followers wait after losing the master before electing one
 * @param heartbeatIntervalMillis how often the master heartbeats backends
 * @param replicationNum replicas per tablet
 * @param tabletCount tablets in the seeded table
 * @param decommissionRate replicas moved off a decommissioned backend per second
 * @param cloneRate replicas per second the master's tablet scheduler clones (a missing replica or
 *     the versions a replica missed) while it is not paused (0 in an older file: the default)
 * @param queryMillis how long a query runs on the backends it reads (0: the default)
 * @param data the tables, location tags and capacities (null in an older file: the default)
 */
public record SandboxSpec(
        Flavor flavor,
        String version,
        boolean decoupled,
        List<NodeSpec> nodes,
        Map<String, Long> startupDelayMillis,
        long electionDelayMillis,
        long heartbeatIntervalMillis,
        int replicationNum,
        int tabletCount,
        double decommissionRate,
        double cloneRate,
        long queryMillis,
        DataSpec data) {

    /** The default {@link #cloneRate}: the 30 replicas of a default sandbox's backend in 1.5 s. */
    public static final double DEFAULT_CLONE_RATE = 20;

    /** The default {@link #queryMillis}. */
    public static final long DEFAULT_QUERY_MILLIS = 20;

    /** The file name under the sandbox directory. */
    public static final String FILE = "sandbox.json";

    /** Shared JSON mapper: unknown fields are ignored so newer files still load. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .addMixIn(Ports.class, PortsJson.class);

    /** {@link Ports} as its ports by name ({@link Ports#inUse()}), read back by {@link Ports#of(Map)}. */
    private abstract static class PortsJson {
        @JsonValue
        abstract Map<String, Integer> inUse();

        @JsonCreator
        static Ports of(Map<String, Integer> ports) {
            return Ports.of(ports);
        }
    }

    public SandboxSpec {
        nodes = List.copyOf(nodes);
        startupDelayMillis = Map.copyOf(startupDelayMillis);
        cloneRate = cloneRate > 0 ? cloneRate : DEFAULT_CLONE_RATE;
        queryMillis = queryMillis > 0 ? queryMillis : DEFAULT_QUERY_MILLIS;
        data = data != null ? data : DataSpec.DEFAULT;
    }

    /**
     * What the seeded catalog holds besides {@code sandbox_db.sandbox_tbl}.
     *
     * @param tables more tables, each with its own replica allocation
     * @param locationTags 0 for every BE on tag {@code default}; n for BEs on {@code zone1..zoneN} in turn
     * @param tabletBytes the data in one replica
     * @param capacityBytes each BE's {@code TotalCapacity}
     */
    public record DataSpec(List<TableSpec> tables, int locationTags, long tabletBytes, long capacityBytes) {
        /** 64 MB replicas on 1 TB backends, every BE on tag {@code default}. */
        public static final DataSpec DEFAULT = new DataSpec(List.of(), 0, 64L << 20, 1L << 40);

        public DataSpec {
            tables = tables == null ? List.of() : List.copyOf(tables);
            tabletBytes = tabletBytes > 0 ? tabletBytes : DEFAULT_TABLET_BYTES;
            capacityBytes = capacityBytes > 0 ? capacityBytes : DEFAULT_CAPACITY_BYTES;
        }

        /** The tag of the i-th BE (0-based). */
        public String tag(int backendIndex) {
            return locationTags <= 0 ? "default" : "zone" + (backendIndex % locationTags + 1);
        }
    }

    private static final long DEFAULT_TABLET_BYTES = 64L << 20;
    private static final long DEFAULT_CAPACITY_BYTES = 1L << 40;

    /**
     * One table to seed.
     *
     * @param database its database, created when new
     * @param table its name
     * @param allocation replicas per location tag
     * @param buckets tablets per partition
     * @param partitions partitions ({@code p1..pN}; one is named like the table, as Doris names it)
     */
    public record TableSpec(
            String database, String table, Map<String, Integer> allocation, int buckets, int partitions) {
        public TableSpec {
            allocation = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(allocation));
        }
    }

    /**
     * One node.
     *
     * @param id e.g. {@code fe-1}
     * @param role its role
     * @param host always a loopback address
     * @param home its home directory
     * @param ports its ports
     */
    public record NodeSpec(String id, Role role, String host, String home, Ports ports) {
        /** As the core model. */
        public Node toNode() {
            return new Node(id, host, role, Path.of(home), ports);
        }
    }

    /** The simulated start-up time of a role. */
    public long startupDelay(Role role) {
        return startupDelayMillis.getOrDefault(role.key(), 0L);
    }

    /** Writes {@code <dir>/sandbox.json} atomically. */
    public void write(Path dir) {
        try {
            Path tmp = dir.resolve(FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code <dir>/sandbox.json}. */
    public static SandboxSpec read(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(FILE).toFile(), SandboxSpec.class);
    }
}
