package io.dorisops.internal.gate;

import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.procedure.ProcedureSpec;
import io.dorisops.spi.ComponentControl;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a pre-flight or final gate's check reads of the operation, the run and the cluster: one per
 * evaluation, given by the runner (the engine implements it, a gate never reaches into the engine).
 * Facts that need the engine's mechanics (a node's readiness, the package, a host's disk, data
 * directories and ports, the run lock and the journals, the FE metadata check) are asked here.
 */
public interface OperationContext extends GateContext {

    /** The operation the gates are evaluated for. */
    Operation operation();

    /** Its procedure's row. */
    default ProcedureSpec spec() {
        return ProcedureSpec.of(operation().kind());
    }

    /** The gates the user forced ({@code --force}), by name. */
    Set<String> forced();

    /** True when the run may take a node to an older patch release ({@code --allow-downgrade}). */
    boolean allowDowngrade();

    /**
     * True when the run restores balance values journaled by an earlier run (a rollback of an unfinished
     * upgrade): the live values may be paused then.
     */
    boolean balanceKnown();

    /** Every node of the topology. */
    List<Node> nodes();

    /** The topology node of this id. */
    Node node(String id);

    /**
     * Takes the run lock for this run, held until the run ends (a dry run takes none).
     *
     * @throws io.dorisops.PreconditionFailedException naming the holder when another run holds it
     */
    void lock();

    /** The {@code unfinished-run} failure when an earlier resumable run of the cluster did not finish, or none. */
    List<String> unfinishedRun();

    /** True when the master lists the node (FE, BE or CN); nodes without SQL membership count as members. */
    boolean isMember(Node node);

    /** The master now, or empty when no FE answers or there is no SQL control plane. */
    Optional<Node> masterNow();

    /** The replica facts of the master ({@code ClusterAdmin#replicaFacts}), read once per evaluation. */
    ReplicaFacts replicaFacts();

    /** The BEs a rolling run of this operation drains and stops ({@code docs/drain.md}). */
    List<Node> drained();

    /** The component control of a cluster run by an operator. */
    ComponentControl components();

    /**
     * What a package file holds, read (and verified) once per run.
     *
     * @throws io.dorisops.DorisOpsException when it cannot be read or is not a release of the flavor
     */
    PackageContents contents(String packageFile);

    /** What a package file holds. */
    interface PackageContents {
        /** The tarball. */
        Path file();

        /** The release in its top directory's name. */
        Version version();

        /** Why it cannot be installed for a role (no component for it), or empty. */
        Optional<String> missingFor(Role role);
    }

    /** The kilobytes free under a node's home, on its host. */
    long freeKilobytes(Node node);

    /** The files in a new node's meta dir or storage roots, on its host. */
    List<String> dataFiles(Node node);

    /** Which of {@code ports} of {@code host} accept connections, seen from {@code from}'s host. */
    List<Integer> openPorts(Node from, String host, List<Integer> ports);

    /** The member holding the node's membership address, described for a message, or empty. */
    Optional<String> memberHolding(Node node);

    /** The version a node's home holds, if it can be told. */
    Optional<Version> installedVersion(Node node);

    /** The {@code fe-metadata-check} failure of an upgrade across minor or major versions, or empty. */
    Optional<String> frontendMetadataCheck();
}
