package io.dorisops.testkit.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.Flavor;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of a new sandbox behind {@code Sandbox.Builder}: the defaults, each value checked when
 * set, and the checks of values that must fit together ({@link #checkTogether()}). {@link Launcher}
 * creates the sandbox from them. Each setter is the {@code Sandbox.Builder} method of the same name,
 * documented there.
 */
public final class SandboxSettings {
    private static final Pattern TAG_ALLOCATION =
            Pattern.compile("\\s*tag\\.location\\.([a-z][a-z0-9_]{0,32})\\s*:\\s*(\\d+)\\s*");

    Flavor flavor = Flavor.DORIS;
    String version = "2.1.7";
    int followers = 1;
    int observers;
    int backends = 1;
    int computeNodes;
    boolean decoupled;
    Path baseDir;
    final Map<Role, Duration> startupDelays = new EnumMap<>(Role.class);
    Duration electionDelay = Duration.ofSeconds(1);
    Duration heartbeatInterval = Duration.ofMillis(300);
    Integer replicationNum;
    int tabletCount = 30;
    double decommissionRate = 10;
    double catchUpRate = SandboxSpec.DEFAULT_CATCH_UP_RATE;
    String sqlPassword = "";
    boolean detached;
    Duration readyTimeout = Duration.ofSeconds(60);
    final List<SandboxSpec.TableSpec> tables = new ArrayList<>();
    int locationTags;
    long tabletBytes = SandboxSpec.DataSpec.DEFAULT.tabletBytes();
    long capacityBytes = SandboxSpec.DataSpec.DEFAULT.capacityBytes();
    boolean emptyHomes;
    boolean hostNames;
    boolean noImage;

    public void withoutImage() {
        this.noImage = true;
    }

    public void emptyHomes() {
        this.emptyHomes = true;
    }

    public void hostNames(boolean byName) {
        this.hostNames = byName;
    }

    public void flavor(Flavor flavor) {
        this.flavor = requireNonNull(flavor, "flavor");
    }

    public void version(String version) {
        requireNonNull(version, "version");
        this.version = Version.parse(version).number();
    }

    public void followers(int count) {
        this.followers = count(count, 1, "followers");
    }

    public void observers(int count) {
        this.observers = count(count, 0, "observers");
    }

    public void backends(int count) {
        this.backends = count(count, 0, "backends");
    }

    public void computeNodes(int count) {
        this.computeNodes = count(count, 0, "computeNodes");
    }

    public void decoupled(boolean decoupled) {
        this.decoupled = decoupled;
    }

    public void baseDir(Path dir) {
        this.baseDir = requireNonNull(dir, "dir");
    }

    public void startupDelay(Role role, Duration delay) {
        requireNonNull(role, "role");
        startupDelays.put(role.isFrontend() ? Role.FE_FOLLOWER : role, duration(delay, "startupDelay"));
    }

    public void electionDelay(Duration delay) {
        this.electionDelay = duration(delay, "electionDelay");
    }

    public void heartbeatInterval(Duration interval) {
        this.heartbeatInterval = duration(interval, "heartbeatInterval");
        if (interval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
    }

    public void replicationNum(int replicas) {
        this.replicationNum = count(replicas, 1, "replicationNum");
    }

    public void tabletCount(int tablets) {
        this.tabletCount = count(tablets, 0, "tabletCount");
    }

    public void decommissionRate(double tabletsPerSecond) {
        if (!(tabletsPerSecond > 0) || Double.isInfinite(tabletsPerSecond)) {
            throw new IllegalArgumentException(
                    "decommissionRate must be a positive number of tablets per second, got " + tabletsPerSecond);
        }
        this.decommissionRate = tabletsPerSecond;
    }

    public void catchUpRate(double replicasPerSecond) {
        if (!(replicasPerSecond > 0) || Double.isInfinite(replicasPerSecond)) {
            throw new IllegalArgumentException(
                    "catchUpRate must be a positive number of replicas per second, got " + replicasPerSecond);
        }
        this.catchUpRate = replicasPerSecond;
    }

    /** A table on tag {@code default} with 10 buckets and one partition. */
    public void table(String qualifiedName, int replicas) {
        table(qualifiedName, Map.of(ReplicaFacts.DEFAULT_TAG, count(replicas, 1, "replicas")), 10, 1);
    }

    /** A table with a Doris replica allocation such as {@code "tag.location.zone1: 1, tag.location.zone2: 2"}. */
    public void table(String qualifiedName, String replicaAllocation) {
        requireNonNull(replicaAllocation, "replicaAllocation");
        Map<String, Integer> allocation = new LinkedHashMap<>();
        for (String part : replicaAllocation.split(",")) {
            Matcher m = TAG_ALLOCATION.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("replicaAllocation \"" + replicaAllocation + "\": \"" + part.strip()
                        + "\" is not tag.location.<tag>: <n>; write e.g. \"tag.location.zone1: 1, tag.location.zone2:"
                        + " 2\"");
            }
            allocation.merge(m.group(1), count(Integer.parseInt(m.group(2)), 1, "replicas"), Integer::sum);
        }
        table(qualifiedName, allocation, 10, 1);
    }

    /** A table with replicas per tag, buckets per partition and partitions. */
    public void table(String qualifiedName, Map<String, Integer> allocation, int buckets, int partitions) {
        requireNonNull(qualifiedName, "qualifiedName");
        requireNonNull(allocation, "allocation");
        if (!qualifiedName.matches("[A-Za-z][A-Za-z0-9_]*\\.[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("table \"" + qualifiedName + "\" is not db.table (letters, digits and"
                    + " '_', each starting with a letter)");
        }
        if (allocation.isEmpty()) {
            throw new IllegalArgumentException("table " + qualifiedName + ": the allocation names no tag");
        }
        allocation.forEach((tag, n) -> count(n, 1, "replicas on tag " + tag));
        String[] name = qualifiedName.split("\\.");
        if (tables.stream()
                .anyMatch(t -> t.database().equals(name[0]) && t.table().equals(name[1]))) {
            throw new IllegalArgumentException("table " + qualifiedName + " is declared twice");
        }
        tables.add(new SandboxSpec.TableSpec(
                name[0], name[1], allocation, count(buckets, 1, "buckets"), count(partitions, 1, "partitions")));
    }

    public void locationTags(int zones) {
        this.locationTags = count(zones, 1, "locationTags");
    }

    public void tabletSize(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("tabletSize must be at least 1 byte, got " + bytes);
        }
        this.tabletBytes = bytes;
    }

    public void backendCapacity(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("backendCapacity must be at least 1 byte, got " + bytes);
        }
        this.capacityBytes = bytes;
    }

    public void sqlPassword(String password) {
        this.sqlPassword = requireNonNull(password, "password");
    }

    public void detached() {
        this.detached = true;
    }

    public void readyTimeout(Duration timeout) {
        this.readyTimeout = duration(timeout, "readyTimeout");
    }

    SandboxSpec.DataSpec data() {
        return new SandboxSpec.DataSpec(tables, locationTags, tabletBytes, capacityBytes);
    }

    /**
     * Checks the values that must fit together.
     *
     * @return the replicas per tablet of the seeded table
     * @throws IllegalArgumentException naming the settings that do not fit and what to change
     */
    int checkTogether() {
        if (decoupled && flavor != Flavor.DORIS) {
            throw new IllegalArgumentException("decoupled: storage-compute decoupled mode with a MetaService is"
                    + " Doris only; use flavor DORIS or decoupled(false)");
        }
        int replicas = replicationNum != null ? replicationNum : Math.max(1, Math.min(3, backends));
        if (!emptyHomes && backends > 0 && tabletCount > 0 && replicas > backends) {
            throw new IllegalArgumentException("replicationNum " + replicas + " needs at least as many backends,"
                    + " but backends is " + backends + "; add backends or lower replicationNum");
        }
        checkPlacement(replicas);
        return replicas;
    }

    /** Every table's replicas per tag fit the BEs of that tag. */
    private void checkPlacement(int replicas) {
        if (locationTags > 0 && flavor != Flavor.DORIS) {
            throw new IllegalArgumentException("locationTags: location tags are Doris (tag.location); StarRocks"
                    + " labels.location is not simulated. Use flavor DORIS or drop locationTags");
        }
        Map<String, Integer> perTag = new LinkedHashMap<>();
        for (int i = 0; i < backends; i++) {
            perTag.merge(data().tag(i), 1, Integer::sum);
        }
        for (SandboxSpec.TableSpec table : tables) {
            table.allocation().forEach((tag, n) -> {
                int have = perTag.getOrDefault(tag, 0);
                if (n > have) {
                    throw new IllegalArgumentException("table " + table.database() + "." + table.table() + " wants "
                            + n + " replicas on tag " + tag + ", but " + have + " BE"
                            + (have == 1 ? " is" : "s are")
                            + " on that tag (" + perTag + "); add backends, change locationTags or lower the"
                            + " replicas");
                }
            });
        }
        if (locationTags > 0 && backends > 0 && tabletCount > 0) {
            Map<String, Integer> spread = Seeder.spread(replicas, locationTags);
            spread.forEach((tag, n) -> {
                if (n > perTag.getOrDefault(tag, 0)) {
                    throw new IllegalArgumentException("sandbox_tbl spreads " + replicas + " replicas over "
                            + locationTags + " zones (" + spread + "), but " + tag + " has "
                            + perTag.getOrDefault(tag, 0) + " BEs; add backends or lower replicationNum");
                }
            });
        }
    }

    private static int count(int value, int min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    private static Duration duration(Duration value, String field) {
        requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }
}
