package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.HostMatch;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of {@code SHOW FRONTENDS}, columns read by name. Made with {@link #builder()}; a column read
 * later becomes one more accessor and builder method with a default, so adding it breaks no caller.
 *
 * <pre>{@code
 * Frontend fe = Frontend.builder().name("fe_1").host("10.0.0.11").editLogPort(9010).master(true).alive(true).build();
 * }</pre>
 */
public final class Frontend {
    private final String name;
    private final String host;
    private final int editLogPort;
    private final int httpPort;
    private final int queryPort;
    private final int rpcPort;
    private final Role role;
    private final boolean master;
    private final boolean alive;
    private final boolean joined;
    private final long replayedJournalId;
    private final Optional<Version> version;
    private final String lastHeartbeat;
    private final String lastStartTime;
    private final String errMsg;

    private Frontend(Builder b) {
        this.name = requireNonNull(b.name, "name");
        this.host = requireNonNull(b.host, "host");
        this.editLogPort = b.editLogPort;
        this.httpPort = b.httpPort;
        this.queryPort = b.queryPort;
        this.rpcPort = b.rpcPort;
        this.role = requireNonNull(b.role, "role");
        this.master = b.master;
        this.alive = b.alive;
        this.joined = b.joined;
        this.replayedJournalId = b.replayedJournalId;
        this.version = requireNonNull(b.version, "version");
        this.lastHeartbeat = requireNonNull(b.lastHeartbeat, "lastHeartbeat");
        this.lastStartTime = requireNonNull(b.lastStartTime, "lastStartTime");
        this.errMsg = requireNonNull(b.errMsg, "errMsg");
    }

    /** A builder: a follower, not master, not alive, not joined, no version, empty texts; {@code host} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this row's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .host(host)
                .editLogPort(editLogPort)
                .httpPort(httpPort)
                .queryPort(queryPort)
                .rpcPort(rpcPort)
                .role(role)
                .master(master)
                .alive(alive)
                .joined(joined)
                .replayedJournalId(replayedJournalId)
                .version(version)
                .lastHeartbeat(lastHeartbeat)
                .lastStartTime(lastStartTime)
                .errMsg(errMsg);
    }

    /** The FE's generated name. */
    public String name() {
        return name;
    }

    /** {@code Host} (Doris 2.0+) or {@code IP}. */
    public String host() {
        return host;
    }

    /** {@code EditLogPort}. */
    public int editLogPort() {
        return editLogPort;
    }

    /** {@code HttpPort}. */
    public int httpPort() {
        return httpPort;
    }

    /** {@code QueryPort}. */
    public int queryPort() {
        return queryPort;
    }

    /** {@code RpcPort}. */
    public int rpcPort() {
        return rpcPort;
    }

    /** {@link Role#FE_FOLLOWER} (also for the master) or {@link Role#FE_OBSERVER}. */
    public Role role() {
        return role;
    }

    /** Doris {@code IsMaster=true} or StarRocks {@code Role=LEADER}. */
    public boolean master() {
        return master;
    }

    /** {@code Alive}. */
    public boolean alive() {
        return alive;
    }

    /** {@code Join}. */
    public boolean joined() {
        return joined;
    }

    /** {@code ReplayedJournalId}. */
    public long replayedJournalId() {
        return replayedJournalId;
    }

    /** {@code Version}; empty when the FE did not report one ({@code NULL} in StarRocks). */
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

    /** {@code host:editLogPort}, the address ALTER SYSTEM names an FE by. */
    public String address() {
        return host + ":" + editLogPort;
    }

    /**
     * True when this row is the topology node: same edit log port and the same host, by name or by
     * address (an FE registered by IP matches a topology naming it by host name).
     */
    public boolean matches(Node node) {
        return editLogPort == node.ports().editLogPort() && HostMatch.same(host, node.host());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frontend f
                && name.equals(f.name)
                && host.equals(f.host)
                && editLogPort == f.editLogPort
                && httpPort == f.httpPort
                && queryPort == f.queryPort
                && rpcPort == f.rpcPort
                && role == f.role
                && master == f.master
                && alive == f.alive
                && joined == f.joined
                && replayedJournalId == f.replayedJournalId
                && version.equals(f.version)
                && lastHeartbeat.equals(f.lastHeartbeat)
                && lastStartTime.equals(f.lastStartTime)
                && errMsg.equals(f.errMsg);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, host, editLogPort, role, master, alive, version);
    }

    @Override
    public String toString() {
        return "Frontend[name=" + name + ", host=" + host + ", editLogPort=" + editLogPort + ", httpPort=" + httpPort
                + ", queryPort=" + queryPort + ", rpcPort=" + rpcPort + ", role=" + role + ", master=" + master
                + ", alive=" + alive + ", joined=" + joined + ", replayedJournalId=" + replayedJournalId
                + ", version=" + version.map(Version::toString).orElse("") + ", lastHeartbeat=" + lastHeartbeat
                + ", lastStartTime=" + lastStartTime + ", errMsg=" + errMsg + "]";
    }

    /** Sets a {@link Frontend}'s columns; each method names its column. */
    public static final class Builder {
        private String name = "";
        private String host;
        private int editLogPort;
        private int httpPort;
        private int queryPort;
        private int rpcPort;
        private Role role = Role.FE_FOLLOWER;
        private boolean master;
        private boolean alive;
        private boolean joined;
        private long replayedJournalId;
        private Optional<Version> version = Optional.empty();
        private String lastHeartbeat = "";
        private String lastStartTime = "";
        private String errMsg = "";

        private Builder() {}

        /** The host, ports and role of a topology node (an implementation's fake reports its topology this way). */
        public Builder node(Node node) {
            return host(node.host())
                    .editLogPort(node.ports().editLogPort())
                    .httpPort(node.ports().httpPort())
                    .queryPort(node.ports().queryPort())
                    .rpcPort(node.ports().rpcPort())
                    .role(node.role());
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder editLogPort(int port) {
            this.editLogPort = port;
            return this;
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder queryPort(int port) {
            this.queryPort = port;
            return this;
        }

        public Builder rpcPort(int port) {
            this.rpcPort = port;
            return this;
        }

        public Builder role(Role role) {
            this.role = role;
            return this;
        }

        public Builder master(boolean master) {
            this.master = master;
            return this;
        }

        public Builder alive(boolean alive) {
            this.alive = alive;
            return this;
        }

        public Builder joined(boolean joined) {
            this.joined = joined;
            return this;
        }

        public Builder replayedJournalId(long id) {
            this.replayedJournalId = id;
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
        public Frontend build() {
            return new Frontend(this);
        }
    }
}
