package io.dorisops.internal.host;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.spi.NodeControl;
import io.dorisops.spi.Transport;
import java.time.Duration;
import java.util.function.Function;

/**
 * The node control of a cluster on hosts: every capability but component control, each over the node's
 * host {@link Transport} ({@link HostProcesses}, {@link HostBinaries}, {@link HostInstall}, {@link
 * HostRunMarker}). Only {@code bin}, {@code lib}, their backups and the staging area under {@code
 * .dorisops/} are moved; data directories ({@code meta_dir}, {@code storage_root_path}) are never named.
 */
public final class HostNodeControl {

    private HostNodeControl() {}

    /**
     * @param separateRecycler whether the topology has a RECYCLER node ({@link Flavor#startArgs(io.dorisops.Role,
     *     boolean)})
     */
    public static NodeControl of(
            Flavor flavor, Function<Node, Transport> transports, Duration commandTimeout, boolean separateRecycler) {
        HostShell shell = new HostShell(transports, commandTimeout);
        HostPackages packages = new HostPackages(transports, commandTimeout);
        return NodeControl.builder()
                .processControl(new HostProcesses(flavor, shell, separateRecycler))
                .binaryStore(new HostBinaries(flavor, shell, packages))
                .installer(new HostInstall(flavor, transports, commandTimeout, packages))
                .runMarker(new HostRunMarker(shell))
                .build();
    }
}
