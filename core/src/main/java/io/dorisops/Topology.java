package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import io.dorisops.internal.topology.TopologyReader;
import io.dorisops.internal.topology.TopologyWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster as declared: its flavor, its nodes with defaults applied, and the SSH, SQL and timeout
 * settings. Load one with {@code Topology.load(path)} (YAML or JSON); validation reports every
 * problem at once, each naming the file, the node and the field. See {@code docs/topology.md}.
 *
 * @param name the cluster's name, used for the lock and journal directory
 * @param flavor Doris or StarRocks
 * @param nodes every node, ids unique
 * @param ssh how to reach non-local hosts
 * @param sql how to reach the FEs' MySQL port
 * @param timeouts waits and commands
 * @param source the file the topology was read from, or {@code <memory>}
 */
public record Topology(
        String name, Flavor flavor, List<Node> nodes, SshSettings ssh, Sql sql, Timeouts timeouts, String source) {

    public Topology {
        requireNonNull(name, "name");
        requireNonNull(flavor, "flavor");
        nodes = List.copyOf(requireNonNull(nodes, "nodes"));
        requireNonNull(ssh, "ssh");
        requireNonNull(sql, "sql");
        requireNonNull(timeouts, "timeouts");
        requireNonNull(source, "source");
    }

    /**
     * Reads and validates a topology file (YAML, or JSON when it starts with <code>{</code>). The
     * cluster name defaults to the file name without its extension.
     *
     * <pre>{@code
     * Topology topology = Topology.load(Path.of("examples/topologies/doris-3fe-3be.yaml"));
     * topology.warnings().forEach(System.err::println);
     * }</pre>
     *
     * <p>The file is read with limits: at most 512 KiB, strictly UTF-8, values at most 4096 characters,
     * nesting at most 16 levels; a file past them is refused in time linear in the limit, with a short
     * excerpt of the offending value. A node's home and {@code defaults.installDir} may hold only
     * characters no shell treats specially (see {@code docs/topology.md}).
     *
     * @throws InvalidTopologyException listing every problem at once, each naming the file, the node
     *     and the field; also when the file cannot be read, is too large or is not UTF-8
     */
    public static Topology load(Path file) {
        requireNonNull(file, "file");
        return TopologyReader.load(file);
    }

    /**
     * Parses and validates a topology held in a string.
     *
     * @param text YAML or JSON
     * @param sourceName named in problems, e.g. a file name; the default cluster name is derived from it
     * @throws InvalidTopologyException listing every problem at once
     */
    public static Topology parse(String text, String sourceName) {
        requireNonNull(text, "text");
        requireNonNull(sourceName, "sourceName");
        return TopologyReader.parse(text, sourceName);
    }

    /**
     * This topology as YAML that {@link #load} and {@link #parse} read back equal: every node with its
     * home and ports spelled out; secrets as their source ({@code {env: NAME}}), never their value.
     *
     * @throws DorisOpsException when a secret was given with {@link Secret#of}: it has no source to write
     */
    public String toYaml() {
        return TopologyWriter.toYaml(this);
    }

    /**
     * Advice that does not make the topology invalid, one sentence each, e.g. an even number of FE
     * followers (no more fault tolerance than one fewer). The CLI prints them.
     */
    public List<String> warnings() {
        return TopologyReader.warnings(this);
    }

    /**
     * The environment variables this topology's secrets are read from ({@code sql.password}, {@code
     * ssh.passphrase}, {@code ssh.password}); the transports never pass them to a child process.
     */
    public Set<String> secretVariables() {
        Set<String> names = new TreeSet<>();
        for (Secret secret : List.of(sql.password(), ssh.passphrase(), ssh.password())) {
            secret.variable().ifPresent(names::add);
        }
        return Collections.unmodifiableSet(names);
    }

    /** The node with this id. */
    public Optional<Node> node(String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
    }

    /** The nodes of one role, in declaration order. */
    public List<Node> nodes(Role role) {
        return nodes.stream().filter(node -> node.role() == role).toList();
    }

    /**
     * This topology without some nodes, e.g. the file's content after a scale-in removed them (see {@link
     * TopologyFiles#replace}).
     *
     * @throws IllegalArgumentException naming an id that is not a node of this topology
     */
    public Topology without(Collection<String> nodeIds) {
        for (String id : nodeIds) {
            if (node(id).isEmpty()) {
                throw new IllegalArgumentException("no node " + id + " in " + source);
            }
        }
        List<Node> kept =
                nodes.stream().filter(node -> !nodeIds.contains(node.id())).toList();
        return new Topology(name, flavor, kept, ssh, sql, timeouts, source);
    }

    /** Followers then observers, in declaration order. */
    public List<Node> frontends() {
        return nodes.stream().filter(node -> node.role().isFrontend()).toList();
    }

    /**
     * How the SQL connection to an FE uses TLS, as {@code sql.tls} spells it.
     *
     * <ul>
     *   <li>{@code disabled} ({@code false}): plain text.
     *   <li>{@code required} ({@code true}): encrypted, but the FE's certificate is not checked, so a
     *       machine in the middle that answers on the FE's address sees the password and every answer.
     *   <li>{@code verify-ca}: encrypted, and the FE's certificate must be signed by the CA in {@code
     *       sql.tlsCa} (or, without it, by one in the JVM's trust store).
     *   <li>{@code verify-identity}: as {@code verify-ca}, and the certificate must name the FE's host as
     *       the topology spells it.
     * </ul>
     */
    public enum TlsMode {
        DISABLED("disabled"),
        REQUIRED("required"),
        VERIFY_CA("verify-ca"),
        VERIFY_IDENTITY("verify-identity");

        private final String key;

        TlsMode(String key) {
            this.key = key;
        }

        /** How the topology spells it: {@code disabled}, {@code required}, {@code verify-ca}, {@code verify-identity}. */
        public String key() {
            return key;
        }

        /** True when the FE's certificate is checked against a CA. */
        public boolean verifies() {
            return this == VERIFY_CA || this == VERIFY_IDENTITY;
        }
    }

    /**
     * SQL settings for the FEs' MySQL protocol port.
     *
     * @param user the SQL user, {@code root} by default
     * @param password the SQL password
     * @param connectTimeout connect timeout per FE
     * @param socketTimeout read timeout per statement
     * @param tls whether and how TLS is used
     * @param tlsCa a PEM file of the CA certificates that sign the FEs' certificates, for {@code
     *     verify-ca} and {@code verify-identity}; empty: the JVM's trust store
     */
    public record Sql(
            String user,
            Secret password,
            Duration connectTimeout,
            Duration socketTimeout,
            TlsMode tls,
            Optional<Path> tlsCa) {
        public Sql {
            requireNonNull(user, "user");
            requireNonNull(password, "password");
            Durations.positive("sql.connectTimeout", connectTimeout);
            Durations.positive("sql.socketTimeout", socketTimeout);
            requireNonNull(tls, "tls");
            requireNonNull(tlsCa, "tlsCa");
            if (tlsCa.isPresent() && !tls.verifies()) {
                throw new IllegalArgumentException(
                        "tlsCa is used only with TLS verify-ca or verify-identity, not " + tls.key());
            }
        }

        /** Settings with TLS {@code required} ({@code true}) or {@code disabled} ({@code false}). */
        public Sql(String user, Secret password, Duration connectTimeout, Duration socketTimeout, boolean tls) {
            this(
                    user,
                    password,
                    connectTimeout,
                    socketTimeout,
                    tls ? TlsMode.REQUIRED : TlsMode.DISABLED,
                    Optional.empty());
        }

        /** {@code root}, no password, 5 s connect, 30 s socket, no TLS. */
        public static Sql defaults() {
            return new Sql("root", Secret.NONE, Duration.ofSeconds(5), Duration.ofSeconds(30), false);
        }
    }

    /**
     * Timeouts.
     *
     * @param ready how long a started node may take to become ready
     * @param poll how often waits poll
     * @param command how long one command may run
     * @param probe how long one health probe may take
     */
    public record Timeouts(Duration ready, Duration poll, Duration command, Duration probe) {
        public Timeouts {
            Durations.positive("timeouts.ready", ready);
            Durations.positive("timeouts.poll", poll);
            Durations.positive("timeouts.command", command);
            Durations.positive("timeouts.probe", probe);
        }

        /**
         * Reads a duration as the topology file writes one: {@code 500ms}, {@code 30s}, {@code 10m}, {@code
         * 1h}, {@code 1d} or ISO-8601 ({@code PT10M}); the CLI's duration flags read the same forms.
         *
         * @throws IllegalArgumentException saying which forms are accepted
         */
        public static Duration parseDuration(String text) {
            return Durations.parse(requireNonNull(text, "text"));
        }

        /** Ready 5 min, poll 2 s, command 2 min, probe 3 s. */
        public static Timeouts defaults() {
            return new Timeouts(
                    Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofSeconds(3));
        }
    }
}
