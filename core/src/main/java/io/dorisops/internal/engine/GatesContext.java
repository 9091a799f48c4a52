package io.dorisops.internal.engine;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation.Step;
import io.dorisops.Version;
import io.dorisops.internal.context.ClusterView.NodeState;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Readiness;
import io.dorisops.internal.gate.GateContext;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.Frontend;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the per-node and action gates' checks read of a run ({@link GateContext}), through the engine's
 * readers: its readiness, the master's view, the majority gate with the run's repair window. One per
 * evaluation of a phase ({@link Gates}); the pre-flight and final gates read more ({@link
 * OperationGatesContext}).
 */
class GatesContext implements GateContext {
    private final Engine engine;
    private final Optional<Version> target;
    private final Optional<Step> previous;
    private final Collection<Node> together;
    private final RepairWindow repair;

    /**
     * @param target the version the run goes to, if any
     * @param previous the node step finished last in this run, if any
     * @param together the nodes that stop with the next one, or none
     * @param repair the run's repair window, for the majority gate
     */
    GatesContext(
            Engine engine,
            Optional<Version> target,
            Optional<Step> previous,
            Collection<Node> together,
            RepairWindow repair) {
        this.engine = engine;
        this.target = target;
        this.previous = previous;
        this.together = together;
        this.repair = repair;
    }

    @Override
    public String cluster() {
        return engine.topology().name();
    }

    @Override
    public Flavor flavor() {
        return engine.topology().flavor();
    }

    @Override
    public boolean hasAdmin() {
        return engine.hasAdmin();
    }

    @Override
    public ClusterAdmin admin() {
        return engine.admin();
    }

    @Override
    public Optional<Version> target() {
        return target;
    }

    @Override
    public List<Node> frontends() {
        return engine.topology().frontends();
    }

    @Override
    public Optional<Node> previous() {
        return previous.map(step -> engine.node(step.nodeId()));
    }

    @Override
    public Optional<Version> previousVersion() {
        return previous.flatMap(Gates::awaited);
    }

    @Override
    public Optional<String> notReady(Node node, Optional<Version> version) {
        NodeState state = engine.readiness().observe(node, true);
        return Readiness.ready(state, version, true) ? Optional.empty() : Optional.of(state.describe());
    }

    @Override
    public Optional<Node> master() {
        return engine.view().master();
    }

    @Override
    public Optional<Version> frontendVersion(Node frontend) {
        return engine.view().frontend(frontend).flatMap(Frontend::version);
    }

    @Override
    public Optional<String> majorityLost(Node next) {
        return new MajorityGate(engine, repair).check(engine.admin(), next, together);
    }
}
