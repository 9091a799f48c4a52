package io.dorisops.internal.host;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Version;
import io.dorisops.spi.BinaryStore;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.PackageFile;
import io.dorisops.spi.Transport.TransferListener;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The binary store on hosts: a package staged under {@code .dorisops/staged/<stamp>} in the node's home
 * ({@link HostPackages}), {@code bin/} and {@code lib/} moved aside as {@code bin_backup_<stamp>} and
 * back, each a constant script of {@link HostScripts}. Data directories are never named, but for the
 * rebuild's set-aside of a BE's storage roots, which moves them and never deletes.
 */
final class HostBinaries implements BinaryStore {

    private final Flavor flavor;
    private final HostShell shell;
    private final HostPackages packages;

    HostBinaries(Flavor flavor, HostShell shell, HostPackages packages) {
        this.flavor = flavor;
        this.shell = shell;
        this.packages = packages;
    }

    @Override
    public Optional<Version> reportedVersion(Node node) {
        if (!node.role().isMetaService()) {
            return Optional.empty();
        }
        ExecResult result = shell.transport(node)
                .exec(Command.of(HostShell.path(node, "bin/" + flavor.startScript(node.role())), "--version")
                        .inDirectory(node.home())
                        .withTimeout(shell.commandTimeout()));
        try {
            return result.succeeded() ? Optional.of(Version.parse(result.stdout())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean hasBackup(Node node, String stamp) {
        return shell.transport(node).exists(node.home().resolve("bin_backup_" + stamp))
                || shell.transport(node).exists(node.home().resolve("lib_backup_" + stamp));
    }

    @Override
    public void backup(Node node, String stamp) {
        shell.run(
                node,
                "backup",
                HostScripts.BACKUP,
                "Check the node's home directory; the backup keeps the old bin/ and lib/ beside the new ones.",
                stamp,
                node.home().toString());
    }

    @Override
    public void deploy(Node node, String stamp) {
        shell.run(
                node,
                "deploy",
                HostScripts.DEPLOY,
                "Stage the package again (resume does) or restore the backup with rollback.",
                stagedDir(node, stamp));
    }

    @Override
    public boolean restore(Node node, String stamp) {
        if (!hasBackup(node, stamp)) {
            return false;
        }
        shell.run(
                node,
                "restore",
                HostScripts.RESTORE,
                "Move the backup directories back by hand: they are beside bin/ and lib/.",
                stamp,
                stagedDir(node, stamp));
        return true;
    }

    @Override
    public void setAsideStorage(Node node, String stamp) {
        // storage_root_path = /a;/b,medium:SSD ... with ${DORIS_HOME}/${STARROCKS_HOME}; default <home>/storage.
        shell.run(
                node,
                "set-aside-storage",
                HostScripts.SET_ASIDE_STORAGE,
                "Move the storage directories aside by hand (they are named in be.conf storage_root_path).",
                stamp,
                node.home().resolve(flavor.confFile(node.role())).toString(),
                node.home().toString());
    }

    @Override
    public void stage(Node node, PackageFile pkg, String stamp) {
        stage(node, pkg, stamp, TransferListener.NONE);
    }

    @Override
    public void stage(Node node, PackageFile pkg, String stamp, TransferListener listener) {
        Path onHost = packages.copyOn(
                node,
                pkg,
                node.home()
                        .resolve(
                                ".dorisops/packages/" + stamp + "-" + pkg.file().getFileName()),
                listener);
        String component = pkg.topDir() + "/" + flavor.packageComponentDir(node.role());
        packages.stage(node, pkg, onHost, stagedDir(node, stamp), stamp, component);
    }

    @Override
    public void pruneStaged(Node node, int keep) {
        // Package files are named <stamp>-<file>, so name order is time order.
        shell.sh(node, HostScripts.PRUNE_STAGED, Integer.toString(keep + 1));
    }

    @Override
    public long freeKilobytes(Node node) {
        ExecResult result =
                shell.sh(node, HostScripts.FREE_KILOBYTES, node.home().toString());
        String out = result.stdout().strip();
        if (!result.succeeded() || !out.matches("\\d+")) {
            throw new DorisOpsException(
                    node.label() + ": cannot read free disk space with df: " + HostShell.oneLine(result.tail(3)));
        }
        return Long.parseLong(out);
    }

    private static String stagedDir(Node node, String stamp) {
        return HostShell.path(node, ".dorisops/staged/" + stamp);
    }
}
