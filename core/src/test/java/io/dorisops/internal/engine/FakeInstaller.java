package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.Version;
import io.dorisops.spi.Installer;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.PackageFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The installer of a {@link FakeCluster}'s hosts, for deploy and scale-out on it: an install puts the
 * package's version in the node's home, each install and conf write is logged; homes are empty and no
 * port is taken unless a test says otherwise.
 */
final class FakeInstaller implements Installer {

    private final FakeCluster cluster;
    /** Files already in a node's data directories, by node id. */
    final Map<String, List<String>> dataFiles = new HashMap<>();
    /** Ports that already accept connections, by node id. */
    final Map<String, List<Integer>> openPorts = new HashMap<>();

    FakeInstaller(FakeCluster cluster) {
        this.cluster = cluster;
    }

    /** The cluster's node control with this installer beside its other capabilities. */
    NodeControl control() {
        return NodeControl.builder()
                .processControl(cluster)
                .binaryStore(cluster)
                .runMarker(cluster)
                .installer(this)
                .build();
    }

    @Override
    public boolean install(Node node, PackageFile pkg) {
        cluster.log.add("install " + node.id());
        cluster.get(node.id()).bin = pkg.version();
        return true;
    }

    @Override
    public Optional<Version> installedVersion(Node node) {
        return Optional.of(cluster.get(node.id()).bin);
    }

    @Override
    public void writeConf(Node node, Map<String, String> keys, List<Path> dataDirs) {
        cluster.log.add("write-conf " + node.id());
    }

    @Override
    public List<String> dataFiles(Node node, List<Path> dirs) {
        return dataFiles.getOrDefault(node.id(), List.of());
    }

    @Override
    public List<Integer> openPorts(Node node, String host, List<Integer> ports) {
        return openPorts.getOrDefault(node.id(), List.of()).stream()
                .filter(ports::contains)
                .toList();
    }
}
