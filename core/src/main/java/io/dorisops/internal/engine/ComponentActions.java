package io.dorisops.internal.engine;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.gate.ReplicaGates;
import io.dorisops.spi.ComponentControl;
import io.dorisops.spi.NodeControl.Capability;

/**
 * The handlers of the component-level actions of a cluster run by a Kubernetes operator, through the
 * component-control capability ({@link ComponentControl}): patch the image or the replicas, await the rollout,
 * drain and drop members. Their steps name a component, not a node; their WAITING events are the
 * component's ({@code be: ...}). A drop of members that are backends passes the {@code drop-replicas} gate
 * first, member by member, as a host's unforced drop of a backend does.
 */
final class ComponentActions {

    private ComponentActions() {}

    static void register(ActionHandlers.Table table) {
        table.needs(
                Capability.COMPONENT_CONTROL,
                Action.PatchImage.class,
                Action.PatchReplicas.class,
                Action.AwaitRollout.class,
                Action.DrainMembers.class,
                Action.DropMembers.class);
        table.done(Action.PatchImage.class, (patch, run) -> {
            if (!run.engine().components().patchImage(patch.component(), patch.image())) {
                run.note("", patch.component() + " already has " + patch.image() + ": nothing to do");
            }
        });
        table.done(Action.PatchReplicas.class, (patch, run) -> {
            if (!run.engine().components().patchReplicas(patch.component(), patch.replicas())) {
                run.note("", patch.component() + " already has " + patch.replicas() + " replicas: nothing to do");
            }
        });
        table.done(Action.AwaitRollout.class, (await, run) -> run.engine()
                .components()
                .awaitRollout(
                        await.component(),
                        await.version(),
                        run.engine().readyTimeout(),
                        run.waiting("", await.component() + ": ")));
        table.done(Action.DrainMembers.class, (drain, run) -> run.engine()
                .components()
                .drain(
                        drain.component(),
                        drain.members(),
                        run.engine().readyTimeout(),
                        run.waiting("", drain.component() + ": ")));
        table.done(Action.DropMembers.class, (drop, run) -> {
            Engine engine = run.engine();
            Flavor flavor = engine.topology().flavor();
            drop.members().stream()
                    .map(engine::node)
                    .filter(node -> isBackend(node, flavor))
                    .forEach(node -> ReplicaGates.requireDroppable(
                            engine.admin(),
                            engine.topology().name(),
                            flavor,
                            node.host(),
                            node.ports().heartbeatPort()));
            engine.components().drop(drop.component(), drop.members());
        });
    }

    /** A member the master lists in {@code SHOW BACKENDS}: a BE, or a CN of a flavor without compute nodes of its own. */
    private static boolean isBackend(Node node, Flavor flavor) {
        return node.role() == Role.BE || (node.role() == Role.CN && !flavor.separateComputeNodes());
    }
}
