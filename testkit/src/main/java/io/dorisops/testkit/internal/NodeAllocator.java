package io.dorisops.testkit.internal;

import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.testkit.internal.SandboxSpec.NodeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocates the nodes of a sandbox: their ids ({@code fe-1}, {@code be-2}...), homes under the sandbox
 * directory and free loopback ports, for a new sandbox and for one more node of a running one
 * ({@code Sandbox.prepareNode}).
 */
public final class NodeAllocator {
    /** The category the sandbox logged under before these classes were split out of it. */
    private static final Logger log = LoggerFactory.getLogger("io.dorisops.testkit.Sandbox");

    private NodeAllocator() {}

    /**
     * Lays out one more node of a role with the next free id of its role prefix, writes its home and
     * the grown spec to {@code dir}.
     *
     * @return the spec holding the new node last
     */
    public static SandboxSpec grow(SandboxSpec spec, Path dir, Role role) {
        if (!role.isFrontend() && !role.isBackend()) {
            throw new IllegalArgumentException(
                    "prepareNode lays out an FE follower or observer, a BE or a CN, not " + role.key());
        }
        String prefix =
                switch (role) {
                    case FE_FOLLOWER -> "fe-";
                    case FE_OBSERVER -> "obs-";
                    case BE -> "be-";
                    default -> "cn-";
                };
        int next = 1;
        while (Files.exists(dir.resolve(prefix + next))) {
            next++;
        }
        List<NodeSpec> nodes = new ArrayList<>(spec.nodes());
        List<ServerSocket> held = new ArrayList<>();
        try {
            addNodes(nodes, held, dir, prefix, next, next, role);
        } finally {
            closeAll(held);
        }
        SandboxSpec grown = new SandboxSpec(
                spec.flavor(),
                spec.version(),
                spec.decoupled(),
                nodes,
                spec.startupDelayMillis(),
                spec.electionDelayMillis(),
                spec.heartbeatIntervalMillis(),
                spec.replicationNum(),
                spec.tabletCount(),
                spec.decommissionRate(),
                spec.cloneRate(),
                spec.queryMillis(),
                spec.data());
        Node node = nodes.get(nodes.size() - 1).toNode();
        try {
            Layout.writeHome(spec.flavor(), spec.version(), node, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + node.label() + ": " + e.getMessage(), e);
        }
        grown.write(dir);
        return grown;
    }

    /** Closes the sockets that held ports while nodes were allocated. */
    public static void closeAll(List<ServerSocket> held) {
        for (ServerSocket socket : held) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing a probe socket failed", e);
            }
        }
    }

    /** Adds nodes {@code prefix+first..prefix+last} of a role on 127.0.0.1, their ports held in {@code held}. */
    public static void addNodes(
            List<NodeSpec> nodes, List<ServerSocket> held, Path dir, String prefix, int first, int last, Role role) {
        for (int i = first; i <= last; i++) {
            String id = prefix + i;
            nodes.add(new NodeSpec(id, role, "127.0.0.1", dir.resolve(id).toString(), freePorts(role, held, dir)));
        }
    }

    /** A free loopback port reserved for the sandbox in {@code dir}, as a node's: closed again for the caller to bind. */
    public static int reservePort(Path dir) throws IOException {
        try (ServerSocket socket = freeSocket(dir)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A free loopback port below the kernel's ephemeral range (32768 and up on Linux), reserved for the
     * sandbox in {@code dir} in the machine's {@link PortRegistry}: a port the kernel may hand to an
     * outgoing connection, or another JVM's sandbox may pick, could be taken while its node is
     * restarting, and the restart would fail on a port clash that real clusters do not have.
     */
    private static ServerSocket freeSocket(Path dir) throws IOException {
        ServerSocket[] bound = new ServerSocket[1];
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 32000);
            if (PortRegistry.shared().reserve(port, dir, p -> (bound[0] = bindOrNull(p)) != null)) {
                return bound[0];
            }
        }
        throw new IOException("no free loopback port between 20000 and 32000 after 200 tries: close the sandboxes"
                + " you no longer need (dorisops sandbox stop)");
    }

    private static ServerSocket bindOrNull(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return socket;
            } catch (IOException e) {
                socket.close();
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Free loopback ports, held open until every node has its own so no two nodes get the same one. */
    private static Ports freePorts(Role role, List<ServerSocket> held, Path dir) {
        int[] ports = new int[4];
        try {
            for (int i = 0; i < ports.length; i++) {
                ServerSocket socket = freeSocket(dir);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports: " + e.getMessage(), e);
        }
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> Ports.builder()
                    .httpPort(ports[0])
                    .rpcPort(ports[1])
                    .queryPort(ports[2])
                    .editLogPort(ports[3])
                    .build();
            case BE, CN -> Ports.builder()
                    .httpPort(ports[0])
                    .bePort(ports[1])
                    .heartbeatPort(ports[2])
                    .brpcPort(ports[3])
                    .build();
            default -> Ports.builder().brpcPort(ports[0]).build();
        };
    }
}
