package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.HostMatch;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of {@code SHOW BACKENDS} or {@code SHOW COMPUTE NODES}, columns read by name. Made with {@link
 * #builder()}; a column read later becomes one more accessor and builder method with a default, so adding
 * it breaks no caller.
 *
 * <pre>{@code
 * Backend be = Backend.builder().id(10001).host("10.0.0.21").heartbeatPort(9050).alive(true).tabletNum(120).build();
 * }</pre>
 */
public final class Backend {
    private final long id;
    private final String host;
    private final int heartbeatPort;
    private final int bePort;
    private final int httpPort;
    private final int brpcPort;
    private final Role role;
    private final boolean alive;
    private final boolean decommissioning;
    private final boolean queryDisabled;
    private final boolean loadDisabled;
    private final long tabletNum;
    private final Optional<Version> version;
    private final String lastHeartbeat;
    private final String lastStartTime;
    private final String errMsg;

    private Backend(Builder b) {
        this.id = b.id;
        this.host = requireNonNull(b.host, "host");
        this.heartbeatPort = b.heartbeatPort;
        this.bePort = b.bePort;
        this.httpPort = b.httpPort;
        this.brpcPort = b.brpcPort;
        this.role = requireNonNull(b.role, "role");
        this.alive = b.alive;
        this.decommissioning = b.decommissioning;
        this.queryDisabled = b.queryDisabled;
        this.loadDisabled = b.loadDisabled;
        this.tabletNum = b.tabletNum;
        this.version = requireNonNull(b.version, "version");
        this.lastHeartbeat = requireNonNull(b.lastHeartbeat, "lastHeartbeat");
        this.lastStartTime = requireNonNull(b.lastStartTime, "lastStartTime");
        this.errMsg = requireNonNull(b.errMsg, "errMsg");
    }

    /** A builder: a BE, not alive, not decommissioning, queries and loads enabled, no tablets, no version, empty texts; {@code host} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this row's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .host(host)
                .heartbeatPort(heartbeatPort)
                .bePort(bePort)
                .httpPort(httpPort)
                .brpcPort(brpcPort)
                .role(role)
                .alive(alive)
                .decommissioning(decommissioning)
                .queryDisabled(queryDisabled)
                .loadDisabled(loadDisabled)
                .tabletNum(tabletNum)
                .version(version)
                .lastHeartbeat(lastHeartbeat)
                .lastStartTime(lastStartTime)
                .errMsg(errMsg);
    }

    /** {@code BackendId} or {@code ComputeNodeId}. */
    public long id() {
        return id;
    }

    /** {@code Host} or {@code IP}. */
    public String host() {
        return host;
    }

    /** {@code HeartbeatPort}. */
    public int heartbeatPort() {
        return heartbeatPort;
    }

    /** {@code BePort}. */
    public int bePort() {
        return bePort;
    }

    /** {@code HttpPort}. */
    public int httpPort() {
        return httpPort;
    }

    /** {@code BrpcPort}. */
    public int brpcPort() {
        return brpcPort;
    }

    /** {@link Role#BE} or {@link Role#CN}. */
    public Role role() {
        return role;
    }

    /** {@code Alive}. */
    public boolean alive() {
        return alive;
    }

    /** {@code SystemDecommissioned=true}. */
    public boolean decommissioning() {
        return decommissioning;
    }

    /**
     * Doris {@code isQueryDisabled} of the {@code Status} JSON: {@code ALTER SYSTEM MODIFY BACKEND ... SET
     * ("disable_query" = "true")} keeps the planner from reading its replicas; false where the flavor has no
     * such flag (StarRocks).
     */
    public boolean queryDisabled() {
        return queryDisabled;
    }

    /** Doris {@code isLoadDisabled} of the {@code Status} JSON ({@code "disable_load" = "true"}); false on StarRocks. */
    public boolean loadDisabled() {
        return loadDisabled;
    }

    /** {@code TabletNum}: replicas held; 0 for compute nodes. */
    public long tabletNum() {
        return tabletNum;
    }

    /** {@code Version}; empty when the backend did not report one. */
    public Optional<Version> version() {
        return version;
    }

    /** {@code LastHeartbeat} as the FE prints it. */
    public String lastHeartbeat() {
        return lastHeartbeat;
    }

    /** {@code LastStartTime} as the FE prints it. */
    public String lastStartTime() {
        return lastStartTime;
    }

    /** {@code ErrMsg}, empty when none. */
    public String errMsg() {
        return errMsg;
    }

    /** {@code host:heartbeatPort}, the address ALTER SYSTEM names a backend by. */
    public String address() {
        return host + ":" + heartbeatPort;
    }

    /**
     * True when this row is the topology node: same heartbeat port and the same host, by name or by
     * address.
     */
    public boolean matches(Node node) {
        return heartbeatPort == node.ports().heartbeatPort() && HostMatch.same(host, node.host());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backend b
                && id == b.id
                && host.equals(b.host)
                && heartbeatPort == b.heartbeatPort
                && bePort == b.bePort
                && httpPort == b.httpPort
                && brpcPort == b.brpcPort
                && role == b.role
                && alive == b.alive
                && decommissioning == b.decommissioning
                && queryDisabled == b.queryDisabled
                && loadDisabled == b.loadDisabled
                && tabletNum == b.tabletNum
                && version.equals(b.version)
                && lastHeartbeat.equals(b.lastHeartbeat)
                && lastStartTime.equals(b.lastStartTime)
                && errMsg.equals(b.errMsg);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, host, heartbeatPort, role, alive, decommissioning, tabletNum, version);
    }

    @Override
    public String toString() {
        return "Backend[id=" + id + ", host=" + host + ", heartbeatPort=" + heartbeatPort + ", bePort=" + bePort
                + ", httpPort=" + httpPort + ", brpcPort=" + brpcPort + ", role=" + role + ", alive=" + alive
                + ", decommissioning=" + decommissioning + ", queryDisabled=" + queryDisabled + ", loadDisabled="
                + loadDisabled + ", tabletNum=" + tabletNum + ", version="
                + version.map(Version::toString).orElse("") + ", lastHeartbeat=" + lastHeartbeat
                + ", lastStartTime=" + lastStartTime + ", errMsg=" + errMsg + "]";
    }

    /** Sets a {@link Backend}'s columns; each method names its column. */
    public static final class Builder {
        private long id;
        private String host;
        private int heartbeatPort;
        private int bePort;
        private int httpPort;
        private int brpcPort;
        private Role role = Role.BE;
        private boolean alive;
        private boolean decommissioning;
        private boolean queryDisabled;
        private boolean loadDisabled;
        private long tabletNum;
        private Optional<Version> version = Optional.empty();
        private String lastHeartbeat = "";
        private String lastStartTime = "";
        private String errMsg = "";

        private Builder() {}

        /** The host, ports and role of a topology node (an implementation's fake reports its topology this way). */
        public Builder node(Node node) {
            return host(node.host())
                    .heartbeatPort(node.ports().heartbeatPort())
                    .bePort(node.ports().bePort())
                    .httpPort(node.ports().httpPort())
                    .brpcPort(node.ports().brpcPort())
                    .role(node.role());
        }

        public Builder id(long id) {
            this.id = id;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder heartbeatPort(int port) {
            this.heartbeatPort = port;
            return this;
        }

        public Builder bePort(int port) {
            this.bePort = port;
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder brpcPort(int port) {
            this.brpcPort = port;
            return this;
        }

        public Builder role(Role role) {
            this.role = role;
            return this;
        }

        public Builder alive(boolean alive) {
            this.alive = alive;
            return this;
        }

        public Builder decommissioning(boolean decommissioning) {
            this.decommissioning = decommissioning;
            return this;
        }

        public Builder queryDisabled(boolean disabled) {
            this.queryDisabled = disabled;
            return this;
        }

        public Builder loadDisabled(boolean disabled) {
            this.loadDisabled = disabled;
            return this;
        }

        public Builder tabletNum(long tablets) {
            this.tabletNum = tablets;
            return this;
        }

        public Builder version(Optional<Version> version) {
            this.version = version;
            return this;
        }

        public Builder version(Version version) {
            return version(Optional.of(version));
        }

        public Builder lastHeartbeat(String text) {
            this.lastHeartbeat = text;
            return this;
        }

        public Builder lastStartTime(String text) {
            this.lastStartTime = text;
            return this;
        }

        public Builder errMsg(String text) {
            this.errMsg = text;
            return this;
        }

        /** @throws NullPointerException naming a field that was set to null, or {@code host} when unset */
        public Backend build() {
            return new Backend(this);
        }
    }
}
