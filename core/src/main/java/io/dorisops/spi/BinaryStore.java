package io.dorisops.spi;

import io.dorisops.Node;
import io.dorisops.Version;
import java.util.Optional;

/**
 * The binary-store capability of a {@link NodeControl}: the swap of a node's software in place (stage
 * a package beside the home, back up {@code bin/} and {@code lib/}, deploy the staged ones, restore the
 * backup) and the rebuild's set-aside of a BE's storage. Upgrades by package, rollbacks and rebuilds
 * need it; a backend that replaces software by image does not have it.
 *
 * <p>Every method is idempotent. Only {@code bin/}, {@code lib/}, their backups and the staging area are
 * moved; {@link #setAsideStorage} is the one place a data directory is moved, never deleted.
 */
public interface BinaryStore {

    /** Puts the package's {@code bin/} and {@code lib/} for the node's role beside its home. */
    void stage(Node node, PackageFile pkg, String stamp);

    /**
     * {@link #stage(Node, PackageFile, String)}, telling {@code listener} the bytes of any upload it makes
     * to the node's host. The default stages without telling: a store that copies nothing has nothing to
     * tell.
     */
    default void stage(Node node, PackageFile pkg, String stamp, Transport.TransferListener listener) {
        stage(node, pkg, stamp);
    }

    /** Moves {@code bin/} and {@code lib/} aside as the backup of {@code stamp}. */
    void backup(Node node, String stamp);

    /** True when a backup of {@code stamp} exists. */
    boolean hasBackup(Node node, String stamp);

    /** Moves the staged {@code bin/} and {@code lib/} of {@code stamp} into place. */
    void deploy(Node node, String stamp);

    /** Puts the backup of {@code stamp} back; false when there is none. */
    boolean restore(Node node, String stamp);

    /** Removes staged packages on the node's host but the newest {@code keep}. */
    void pruneStaged(Node node, int keep);

    /**
     * Moves each {@code storage_root_path} of a BE aside as {@code <path>_aside_<stamp>} and recreates it
     * empty (the rebuild rollback).
     */
    void setAsideStorage(Node node, String stamp);

    /** The version the node's own files report (MetaService {@code --version}), when they do. */
    Optional<Version> reportedVersion(Node node);

    /** Free kilobytes where the node's home is (room to stage a package). */
    long freeKilobytes(Node node);
}
