package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.ProgressListener;
import io.dorisops.ReplicaFacts;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Events;
import io.dorisops.internal.fecheck.FrontendCheck;
import io.dorisops.internal.gate.OperationContext;
import io.dorisops.internal.host.ConfFiles;
import io.dorisops.internal.journal.RunLock;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.internal.plan.Drains;
import io.dorisops.spi.ComponentControl;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the pre-flight and final gates' checks read of a run ({@link OperationContext}), through the
 * engine's mechanics: its readiness and view, the package it inspects once, the hosts' disks, data
 * directories and ports, the run's history, and {@link FrontendCheck}. A run's context takes the run lock
 * for the {@code lock} gate and releases it when closed; a dry run's ({@link Runner#preflight}) and the
 * final gates' take none.
 */
final class OperationGatesContext extends GatesContext implements OperationContext, AutoCloseable {

    private final Engine engine;
    private final Operation operation;
    private final boolean balanceKnown;
    private final Supplier<List<String>> unfinished;
    private final Optional<Supplier<RunLock>> locking;
    private final Events events;
    private RunLock lock;
    private ReplicaFacts facts;

    /**
     * @param balanceKnown the run restores balance values an earlier run journaled
     * @param unfinished the {@code unfinished-run} failures ({@link RunRecovery#unfinished})
     * @param locking takes the run lock, or empty for a dry run
     * @param events where a gate's long work (the FE metadata check's package upload) reports its progress
     */
    OperationGatesContext(
            Engine engine,
            Operation operation,
            boolean balanceKnown,
            Supplier<List<String>> unfinished,
            Optional<Supplier<RunLock>> locking,
            Events events) {
        super(engine, operation.target(), Optional.empty(), List.of(), RepairWindow.none(engine));
        this.engine = engine;
        this.operation = operation;
        this.balanceKnown = balanceKnown;
        this.unfinished = unfinished;
        this.locking = locking;
        this.events = events;
    }

    /** The context of an operation's final gates: nothing is locked, no progress told. */
    OperationGatesContext(Engine engine, Operation operation) {
        this(engine, operation, false, List::of, Optional.empty(), new Events("final", ProgressListener.NONE));
    }

    @Override
    public Operation operation() {
        return operation;
    }

    @Override
    public Set<String> forced() {
        return engine.options().forced();
    }

    @Override
    public boolean allowDowngrade() {
        return engine.options().allowDowngrade();
    }

    @Override
    public boolean balanceKnown() {
        return balanceKnown;
    }

    @Override
    public List<Node> nodes() {
        return engine.topology().nodes();
    }

    @Override
    public Node node(String id) {
        return engine.node(id);
    }

    @Override
    public void lock() {
        if (lock == null && locking.isPresent()) {
            lock = locking.get().get();
        }
    }

    @Override
    public List<String> unfinishedRun() {
        return unfinished.get();
    }

    @Override
    public boolean isMember(Node node) {
        if (node.role().isFrontend()) {
            return engine.view().frontend(node).isPresent();
        }
        if (node.role().isBackend()) {
            return engine.view().backend(node).isPresent();
        }
        return true;
    }

    @Override
    public Optional<Node> masterNow() {
        return engine.masterNow();
    }

    @Override
    public ReplicaFacts replicaFacts() {
        if (facts == null) {
            facts = engine.admin().replicaFacts();
        }
        return facts;
    }

    @Override
    public List<Node> drained() {
        return Drains.drained(engine.topology(), operation);
    }

    @Override
    public ComponentControl components() {
        return engine.components();
    }

    @Override
    public PackageContents contents(String packageFile) {
        PackageInfo pkg = engine.packageInfo(packageFile);
        return new PackageContents() {
            @Override
            public Path file() {
                return pkg.file();
            }

            @Override
            public Version version() {
                return pkg.version();
            }

            @Override
            public Optional<String> missingFor(Role role) {
                return pkg.missingFor(engine.topology().flavor(), role);
            }
        };
    }

    @Override
    public long freeKilobytes(Node node) {
        return engine.binaries().freeKilobytes(node);
    }

    @Override
    public List<String> dataFiles(Node node) {
        return engine.installer()
                .dataFiles(node, ConfFiles.dataDirs(engine.topology().flavor(), node));
    }

    @Override
    public List<Integer> openPorts(Node from, String host, List<Integer> ports) {
        return engine.installer().openPorts(from, host, ports);
    }

    @Override
    public Optional<String> memberHolding(Node node) {
        return Members.holding(engine.admin(), engine.topology().flavor(), node);
    }

    @Override
    public Optional<Version> installedVersion(Node node) {
        return engine.installer().installedVersion(node);
    }

    @Override
    public Optional<String> frontendMetadataCheck() {
        return FrontendCheck.preflight(engine, operation, events);
    }

    /** Releases the run lock, if this context took it. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }
}
