package io.dorisops.internal.config;

import io.dorisops.ConfigDrift;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Topology;
import io.dorisops.Transports;
import io.dorisops.internal.host.ConfFiles;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.ConfigItem;
import io.dorisops.spi.Frontend;
import io.dorisops.spi.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the three sources of every FE, BE and CN of a topology and finds the drift ({@link
 * DriftFinder}); what {@code Cluster.configDrift()} returns. Read-only: it runs no statement that changes
 * anything, writes no file and takes no lock.
 *
 * <ol>
 *   <li>Declared: the keys a deploy writes for the node ({@link ConfFiles#keys}: ports, directories,
 *       {@code priority_networks}, the topology's {@code config:}).
 *   <li>Files: the node's conf file ({@code Flavor.confFile}) and, when it exists, its custom file
 *       ({@code Flavor.customConfFile}), read through the node's transport.
 *   <li>Running: an FE's {@code ADMIN SHOW FRONTEND CONFIG} on that FE ({@link
 *       ClusterAdmin#frontendConfigAt}), a BE's or CN's HTTP config page.
 *   <li>The nodes are read concurrently (at most 128 at a time); one that cannot be read is listed as
 *       unread with the reason, and the others are compared without it.
 * </ol>
 */
public final class ConfigDriftReader {
    private static final Logger log = LoggerFactory.getLogger(ConfigDriftReader.class);
    /**
     * At most this many nodes are read at once: the reads wait on the network, and a 100-node cluster
     * read in one round takes about as long as one node (docs/BENCHMARKS.md, "Config drift").
     */
    private static final int PARALLELISM = 128;

    private static final int MAX_CONF_BYTES = 512 * 1024;

    /** Where the running config of a node comes from. */
    interface Running {
        /** The node's running config rows. @throws RuntimeException when it cannot be read */
        List<ConfigItem> of(Node node);
    }

    private ConfigDriftReader() {}

    /** The drift of the topology's FEs, BEs and CNs, read through {@code transports} and {@code admin}. */
    public static ConfigDrift read(Topology topology, Transports transports, Supplier<Optional<ClusterAdmin>> admin) {
        BackendConfigHttp http =
                new BackendConfigHttp(topology.flavor(), topology.timeouts().probe());
        Running running = node -> {
            if (node.role().isFrontend()) {
                ClusterAdmin sql = admin.get()
                        .orElseThrow(() -> new DorisOpsException(node.label()
                                + ": no ClusterAdmin to read its running config; add dorisops-jdbc-probe to the"
                                + " class path"));
                return sql.frontendConfigAt(node.host(), node.ports().queryPort());
            }
            return http.read(node);
        };
        return read(topology, transports::forNode, running, master(topology, admin));
    }

    /** The drift with the given sources (tests and benchmarks pass fakes). */
    static ConfigDrift read(
            Topology topology, Function<Node, Transport> transports, Running running, Optional<String> master) {
        List<Node> nodes = topology.nodes().stream()
                .filter(node -> node.role().isFrontend() || node.role().isBackend())
                .toList();
        boolean fqdn = ConfFiles.fqdn(topology.frontends());
        List<NodeSettings> settings = new ArrayList<>();
        List<ConfigDrift.Unread> unread = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLELISM, nodes.size())), task -> {
            Thread thread = new Thread(task, "dorisops-config-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Read>> reads = new ArrayList<>();
            for (Node node : nodes) {
                reads.add(pool.submit(() -> readNode(topology, node, fqdn, transports, running)));
            }
            for (Future<Read> future : reads) {
                Read read = future.get();
                read.settings().ifPresent(settings::add);
                unread.addAll(read.unread());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DorisOpsException(topology.name() + ": interrupted while reading the nodes' config", e);
        } catch (ExecutionException e) {
            throw new DorisOpsException(topology.name() + ": reading the nodes' config failed: " + e.getCause(), e);
        } finally {
            pool.shutdownNow();
        }
        return DriftFinder.find(settings, master, unread);
    }

    /** One node's sources, or why they could not be read. */
    private record Read(Optional<NodeSettings> settings, List<ConfigDrift.Unread> unread) {}

    private static Read readNode(
            Topology topology, Node node, boolean fqdn, Function<Node, Transport> transports, Running running) {
        Map<String, String> declared = ConfFiles.keys(topology.flavor(), node, fqdn);
        List<NodeSettings.ConfFile> files = new ArrayList<>();
        List<ConfigDrift.Unread> unread = new ArrayList<>();
        try {
            Transport transport = transports.apply(node);
            String main = topology.flavor().confFile(node.role());
            files.add(new NodeSettings.ConfFile(
                    main, ConfText.parse(transport.read(node.home().resolve(main), MAX_CONF_BYTES))));
            Optional<String> custom = topology.flavor().customConfFile(node.role());
            if (custom.isPresent() && transport.exists(node.home().resolve(custom.get()))) {
                files.add(new NodeSettings.ConfFile(
                        custom.get(),
                        ConfText.parse(transport.read(node.home().resolve(custom.get()), MAX_CONF_BYTES))));
            }
        } catch (RuntimeException e) {
            log.warn("{}: cannot read its conf files: {}", node.label(), e.getMessage());
            return new Read(
                    Optional.empty(), List.of(new ConfigDrift.Unread(node.id(), "conf files: " + e.getMessage())));
        }
        Optional<Map<String, ConfigItem>> items = Optional.empty();
        try {
            Map<String, ConfigItem> byKey = new LinkedHashMap<>();
            running.of(node).forEach(item -> byKey.put(item.key(), item));
            items = Optional.of(byKey);
        } catch (RuntimeException e) {
            log.warn("{}: cannot read its running config: {}", node.label(), e.getMessage());
            unread.add(new ConfigDrift.Unread(node.id(), "running config: " + e.getMessage()));
        }
        return new Read(Optional.of(new NodeSettings(node, declared, files, items)), unread);
    }

    /** The master FE's node id, when the admin names one the topology lists. */
    private static Optional<String> master(Topology topology, Supplier<Optional<ClusterAdmin>> admin) {
        try {
            Optional<ClusterAdmin> sql = admin.get();
            if (sql.isEmpty()) {
                return Optional.empty();
            }
            Frontend master = sql.get().master();
            return topology.frontends().stream()
                    .filter(fe -> fe.host().equals(master.host()) && fe.ports().editLogPort() == master.editLogPort())
                    .map(Node::id)
                    .findFirst();
        } catch (RuntimeException e) {
            log.warn("{}: no master known for the config drift: {}", topology.name(), e.getMessage());
            return Optional.empty();
        }
    }
}
