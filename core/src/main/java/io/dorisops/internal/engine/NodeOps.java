package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The node-operations port: how the runner acts on one node. {@link HostNodeOps} does it with the
 * flavor's scripts through each host's {@code Transport}; a Kubernetes implementation patches a
 * component and waits for its pods. The runner, the gates and the plans never know which.
 *
 * <p>Every method is idempotent (a resumed run repeats the one a crash cut short) and never touches a
 * data directory.
 */
public interface NodeOps {

    /** What a node looked like just before a start, so a wait can tell this start's failure from an old one. */
    interface StartMark {}

    /** True when the node's process (or pod) is running now. */
    boolean running(Node node);

    /** Marks the node's state before a start; give it to {@link #startFailure}. */
    StartMark mark(Node node);

    /** Starts the node; false when it was already running (nothing done). */
    boolean start(Node node);

    /**
     * Stops the node and waits until it is gone; false when it was already stopped.
     *
     * @param waiting told each time what the wait sees changes
     */
    boolean stop(Node node, boolean graceful, Duration timeout, Consumer<String> waiting);

    /**
     * Why a start can no longer succeed (the process exited, a fatal log line, nothing started), or
     * empty while it still may.
     *
     * @param sinceStart how long ago the start was made
     */
    Optional<String> startFailure(Node node, StartMark mark, Duration sinceStart);

    /**
     * The first fatal line the node's logs gained while it runs (a canary's soak), or empty; the default
     * sees none. Each call reads only what the logs gained since the previous call with this {@code mark}
     * (since the mark on the first), and a rotated or truncated log from the start of the new file.
     */
    default Optional<String> fatalLogLine(Node node, StartMark mark) {
        return Optional.empty();
    }

    /**
     * Moves each {@code storage_root_path} of a BE aside as {@code <path>_aside_<stamp>} and recreates it
     * empty (the rebuild rollback; the one place a data directory is moved, never deleted).
     */
    default void setAsideStorage(Node node, String stamp) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot set storage aside");
    }

    /** Puts the package's {@code bin/} and {@code lib/} for the node's role beside its home. */
    void stage(Node node, PackageInfo pkg, String stamp);

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

    /** The version the node's own files report (MetaService {@code --version}), when they do. */
    Optional<Version> reportedVersion(Node node);

    /** Free kilobytes where the node's home is. */
    long freeKilobytes(Node node);

    /**
     * Claims the cluster for a run with a marker kept on the node (one of {@link #markerNodes}), so two
     * operators on two machines cannot run at once. Atomic: of two runs claiming at once, one wins.
     *
     * @param holder who, where and when, for the other operator's refusal
     * @param takeOver a run whose marker this one may replace (the run it resumes or rolls back), or empty
     * @return empty when claimed; else the marker of the run that holds the cluster
     */
    Optional<String> claim(Node node, String runId, String holder, String takeOver);

    /**
     * The nodes that keep a run marker, of the cluster's frontends in a fixed order ({@link #claim} on
     * each): by default every one; a port whose marker is one for the whole cluster keeps it on the first.
     */
    default List<Node> markerNodes(List<Node> frontends) {
        return frontends;
    }

    /** Removes the marker when it is the run's own. */
    void release(Node node, String runId);

    /** Where the marker lives, for messages. */
    String markerLocation(Node node);

    /** The last lines of the node's logs, for messages; empty when there are none. */
    String logTail(Node node);

    /** Starts the node with further start options (a new FE's {@code --helper}); false when it was running. */
    default boolean start(Node node, List<String> args) {
        if (args.isEmpty()) {
            return start(node);
        }
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start with " + args);
    }

    /**
     * Installs the package's component for the node's role into its home (created when absent); false
     * when this version was installed there already (nothing done).
     */
    default boolean install(Node node, PackageInfo pkg) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not install packages");
    }

    /** The version a dorisops install left in the node's home, or its files report; empty when unknown. */
    default Optional<Version> installedVersion(Node node) {
        return Optional.empty();
    }

    /**
     * Sets the keys in the node's conf file (the rest of the file stays) and creates its data
     * directories, empty, where they are absent.
     */
    default void writeConf(Node node, Map<String, String> keys, List<Path> dataDirs) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not write conf files");
    }

    /** For each of the directories that holds a file, the first file found; empty when all are empty or absent. */
    default List<String> dataFiles(Node node, List<Path> dirs) {
        return List.of();
    }

    /** The ports among {@code ports} that accept a TCP connection to {@code host}, tried from the node's host. */
    default List<Integer> openPorts(Node node, String host, List<Integer> ports) {
        return List.of();
    }
}
