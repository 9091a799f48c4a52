package io.dorisops.spi;

import io.dorisops.Node;
import io.dorisops.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The installer capability of a {@link NodeControl}: putting a package's component into an empty home,
 * writing the node's conf file, and the looks before that (data already there, ports already taken).
 * Deploys and scale-outs need it.
 *
 * <p>Every method is idempotent; the only directories it creates in a data location are the empty meta
 * dir and storage roots.
 */
public interface Installer {

    /**
     * Installs the package's component for the node's role into its home (created when absent); false
     * when this version was installed there already (nothing done).
     */
    boolean install(Node node, PackageFile pkg);

    /**
     * {@link #install(Node, PackageFile)}, telling {@code listener} the bytes of any upload it makes to the
     * node's host. The default installs without telling.
     */
    default boolean install(Node node, PackageFile pkg, Transport.TransferListener listener) {
        return install(node, pkg);
    }

    /** The version an install left in the node's home, or its files report; empty when unknown. */
    Optional<Version> installedVersion(Node node);

    /**
     * Sets the keys in the node's conf file (the rest of the file stays) and creates its data
     * directories, empty, where they are absent.
     */
    void writeConf(Node node, Map<String, String> keys, List<Path> dataDirs);

    /** For each of the directories that holds a file, the first file found; empty when all are empty or absent. */
    List<String> dataFiles(Node node, List<Path> dirs);

    /** The ports among {@code ports} that accept a TCP connection to {@code host}, tried from the node's host. */
    List<Integer> openPorts(Node node, String host, List<Integer> ports);
}
