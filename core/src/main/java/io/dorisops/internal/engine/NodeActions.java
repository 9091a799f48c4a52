package io.dorisops.internal.engine;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.host.ConfFiles;
import io.dorisops.spi.BinaryStore;
import io.dorisops.spi.Installer;
import io.dorisops.spi.NodeControl.Capability;
import io.dorisops.spi.ProcessControl;

/**
 * The handlers of the actions on one node's process and files, each through a capability of the node
 * control ({@link ProcessControl}, {@link BinaryStore}, {@link Installer}) and idempotent: stage, stop, backup, deploy, start, await-ready, restore, set the
 * storage aside, install and write the conf file. A stop or start that changed the node adds it to the
 * run's changed nodes; a start keeps its start mark, so a later await of the node names what its log
 * gained since.
 */
final class NodeActions {

    private NodeActions() {}

    static void register(ActionHandlers.Table table) {
        table.needs(Capability.PROCESS_CONTROL, Action.Stop.class, Action.Start.class, Action.AwaitReady.class);
        table.needs(
                Capability.BINARY_STORE,
                Action.Stage.class,
                Action.Backup.class,
                Action.Deploy.class,
                Action.Restore.class,
                Action.SetAsideStorage.class);
        table.needs(Capability.INSTALLER, Action.Install.class, Action.WriteConf.class);
        table.done(Action.Stage.class, (stage, run) -> {
            Node node = run.node(stage);
            run.engine()
                    .binaries()
                    .stage(node, run.engine().packageFile(stage.packageFile()), run.stamp(), run.uploads(node));
        });
        table.done(Action.Stop.class, NodeActions::stop);
        table.done(
                Action.Backup.class, (backup, run) -> run.engine().binaries().backup(run.node(backup), backup.stamp()));
        table.done(
                Action.Deploy.class, (deploy, run) -> run.engine().binaries().deploy(run.node(deploy), deploy.stamp()));
        table.done(Action.Start.class, NodeActions::start);
        table.done(Action.AwaitReady.class, NodeActions::awaitReady);
        table.done(
                Action.Restore.class,
                (restore, run) -> run.engine().binaries().restore(run.node(restore), restore.stamp()));
        table.done(
                Action.SetAsideStorage.class,
                (aside, run) -> run.engine().binaries().setAsideStorage(run.node(aside), aside.stamp()));
        table.done(Action.Install.class, NodeActions::install);
        table.done(Action.WriteConf.class, NodeActions::writeConf);
    }

    private static void stop(Action.Stop stop, ActionContext run) {
        Node node = run.node(stop);
        Engine engine = run.engine();
        boolean stopped = engine.processes()
                .stop(node, engine.options().gracefulStop(), engine.readyTimeout(), run.waiting(node.id(), ""));
        if (stopped) {
            run.changed().add(node.id());
        } else {
            run.note(node.id(), node.label() + " was already stopped: nothing to do");
        }
    }

    private static void start(Action.Start start, ActionContext run) {
        Node node = run.node(start);
        ProcessControl ops = run.engine().processes();
        run.marks().put(node.id(), ops.mark(node));
        if (ops.start(node, start.args())) {
            run.changed().add(node.id());
        } else {
            run.note(node.id(), node.label() + " was already running: nothing to do");
        }
    }

    private static void awaitReady(Action.AwaitReady await, ActionContext run) {
        Node node = run.node(await);
        Engine engine = run.engine();
        ProcessControl.StartMark marked = run.marks().get(node.id());
        ProcessControl.StartMark before =
                marked != null ? marked : engine.processes().mark(node);
        engine.readiness()
                .await(node, await.version(), before, await.sqlView() && engine.hasAdmin(), run.waiter(node.id()));
    }

    private static void install(Action.Install install, ActionContext run) {
        Node node = run.node(install);
        if (!run.engine()
                .installer()
                .install(node, run.engine().packageFile(install.packageFile()), run.uploads(node))) {
            run.note(
                    node.id(),
                    node.label() + " has " + install.version().number() + " installed already: nothing to do");
        }
    }

    private static void writeConf(Action.WriteConf writeConf, ActionContext run) {
        Node node = run.node(writeConf);
        Engine engine = run.engine();
        Flavor flavor = engine.topology().flavor();
        engine.installer()
                .writeConf(
                        node,
                        ConfFiles.keys(
                                flavor, node, ConfFiles.fqdn(engine.topology().frontends())),
                        ConfFiles.dataDirs(flavor, node));
    }
}
