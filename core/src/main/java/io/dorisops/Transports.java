package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.LocalHost;
import io.dorisops.spi.Transport;
import io.dorisops.spi.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves each host of a topology to the transport that reaches it, and keeps one transport per
 * host.
 *
 * <ul>
 *   <li>Loopback hosts ({@code localhost}, 127.0.0.0/8, {@code ::1}, this machine's names and
 *       addresses) use a {@link LocalTransport}, unless {@code ssh.loopback} is set.
 *   <li>Other hosts (and loopback ones with {@code ssh.loopback}) use the first {@link
 *       TransportProvider} found by {@link ServiceLoader} that serves them, when the topology has an
 *       {@code ssh:} section. Without one, or without a provider, resolving fails with a message
 *       naming the host and the fix.
 * </ul>
 *
 * <pre>{@code
 * try (Transports transports = Transports.of(topology)) {
 *     ExecResult result = transports.forNode(node).exec(Command.of("bin/start_be.sh", "--daemon").inDirectory(node.home()));
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} closes every transport it opened.
 */
public final class Transports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    private final Topology topology;
    private final List<TransportProvider> providers;
    private final ConcurrentMap<String, Transport> transports = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Transports(Topology topology, List<TransportProvider> providers) {
        this.topology = requireNonNull(topology, "topology");
        this.providers = List.copyOf(requireNonNull(providers, "providers"));
    }

    /** Transports for a topology, with the providers found on the class path. */
    public static Transports of(Topology topology) {
        List<TransportProvider> found = new ArrayList<>();
        ServiceLoader.load(TransportProvider.class).forEach(found::add);
        return new Transports(topology, found);
    }

    /** Transports for a topology with the given providers, in order of preference. */
    public static Transports of(Topology topology, List<TransportProvider> providers) {
        return new Transports(topology, providers);
    }

    /** The transport of a node's host. */
    public Transport forNode(Node node) {
        requireNonNull(node, "node");
        return forHost(node.host());
    }

    /**
     * The transport of a host, opened on first use and then reused.
     *
     * @throws TransportException naming the host when no transport can reach it
     */
    public Transport forHost(String host) {
        requireNonNull(host, "host");
        if (closed) {
            throw new TransportException(
                    host,
                    host + ": the transports of " + topology.name() + " are closed; open a new Cluster or Transports");
        }
        return transports.computeIfAbsent(host, this::open);
    }

    /** True when a host means this machine, so that it is reached without SSH unless {@code ssh.loopback}. */
    public static boolean isLoopback(String host) {
        return LocalHost.isLocal(requireNonNull(host, "host"));
    }

    private Transport open(String host) {
        SshSettings ssh = topology.ssh();
        if (isLoopback(host) && !(ssh.enabled() && ssh.loopback())) {
            log.debug("{}: local transport", host);
            return LocalTransport.builder()
                    .host(host)
                    .secretVariables(topology.secretVariables())
                    .build();
        }
        if (!ssh.enabled()) {
            throw new TransportException(
                    host,
                    DorisOpsException.message(
                            host,
                            "cannot reach the host",
                            "",
                            "",
                            "It is not this machine and " + topology.source() + " has no ssh: section; add one"
                                    + " (see docs/topology.md) and put dorisops-ssh-transport on the class path"));
        }
        for (TransportProvider provider : providers) {
            Optional<Transport> transport = provider.open(host, topology);
            if (transport.isPresent()) {
                log.debug("{}: transport from {}", host, provider.getClass().getName());
                return transport.get();
            }
        }
        throw new TransportException(
                host,
                DorisOpsException.message(
                        host,
                        "cannot reach the host",
                        "",
                        "",
                        providers.isEmpty()
                                ? "No TransportProvider is on the class path; put dorisops-ssh-transport on it"
                                : "None of the transport providers on the class path serves it; check the ssh:"
                                        + " section of " + topology.source()));
    }

    /** Closes every transport opened so far; a failure to close one is logged and the rest are closed. */
    @Override
    public void close() {
        closed = true;
        for (Transport transport : transports.values()) {
            try {
                transport.close();
            } catch (RuntimeException e) {
                log.warn("{}: closing the transport failed", transport.host(), e);
            }
        }
        transports.clear();
    }
}
