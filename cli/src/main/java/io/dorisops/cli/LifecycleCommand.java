package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.Role;
import io.dorisops.RunOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code start}, {@code stop} and {@code restart}: the whole cluster, some roles, or some nodes, in the runbooks' order. */
abstract class LifecycleCommand extends RunCommand {

    @Option(names = "--node", paramLabel = "ID", description = "Only this node (repeatable).")
    List<String> nodes = new ArrayList<>();

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "Only nodes of this role (repeatable): ${COMPLETION-CANDIDATES}.",
            converter = RoleConverter.class)
    List<Role> roles = new ArrayList<>();

    @Mixin
    PlanOptions plan = new PlanOptions();

    /** The kind of operation the command runs. */
    abstract Operation.Kind kind();

    /** The procedure on the chosen nodes. */
    abstract Procedure procedure(List<Node> chosen);

    /** Refuses the command's own flags that do not fit (a usage error) before anything is planned. */
    void checkFlags() {}

    /** True when the plan is printed before it runs (a restart in batches). */
    boolean showsPlan() {
        return false;
    }

    /** {@code started}, {@code stopped}, {@code restarted}. */
    abstract String done();

    @Override
    protected int run(Cluster cluster) {
        choosing(plan, !nodes.isEmpty() || !roles.isEmpty(), "--node/--role", false);
        checkFlags();
        RunOptions options = options();
        List<String> acted;
        try {
            Operation operation = operation(
                    cluster, plan, kind(), () -> cluster.plan(procedure(select(cluster.topology(), nodes, roles))));
            if (shownOnly(plan, operation, showsPlan() || plan.approved())) {
                return OK;
            }
            acted = cluster.run(operation, options).nodes();
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (output().json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("ok", true);
            document.put(done(), acted);
            document.put("events", events());
            printJson(document);
        } else {
            out().println(done() + ": " + (acted.isEmpty() ? "nothing (already so)" : String.join(", ", acted)));
            out().flush();
        }
        return OK;
    }

    /** Reads {@code be}, {@code fe_follower}, {@code FE_OBSERVER}... */
    static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            for (Role role : Role.values()) {
                if (role.key().equalsIgnoreCase(value) || role.name().equalsIgnoreCase(value)) {
                    return role;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown role \"" + value + "\"; expected one of "
                    + java.util.Arrays.stream(Role.values()).map(Role::key).toList());
        }
    }

    @Command(
            name = "start",
            description = "Start nodes in order: followers with the master last, observers, BEs; each verified.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops start --topology cluster.yaml --role be")
    static final class Start extends LifecycleCommand {
        @Override
        Procedure procedure(List<Node> chosen) {
            return Procedure.start(chosen);
        }

        @Override
        Operation.Kind kind() {
            return Operation.Kind.START;
        }

        @Override
        String done() {
            return "started";
        }
    }

    @Command(
            name = "stop",
            description = "Stop nodes in the reverse of the start order.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops stop --topology cluster.yaml --node be-2")
    static final class Stop extends LifecycleCommand {
        @Override
        Procedure procedure(List<Node> chosen) {
            return Procedure.stop(chosen);
        }

        @Override
        Operation.Kind kind() {
            return Operation.Kind.STOP;
        }

        @Override
        String done() {
            return "stopped";
        }
    }

    @Command(
            name = "restart",
            description = "Restart nodes one at a time in upgrade order (BEs first, the master last), each verified.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops restart --topology cluster.yaml --role be --parallel auto")
    static final class Restart extends LifecycleCommand {
        @Mixin
        DrainOption drain = new DrainOption();

        @Override
        void checkFlags() {
            choosing(plan, drain.noDrain, "--no-drain", false);
        }

        @Override
        Procedure procedure(List<Node> chosen) {
            return drain.applyTo(Procedure.restart(chosen, parallel.maxParallel(spec.commandLine())));
        }

        @Override
        Operation.Kind kind() {
            return Operation.Kind.RESTART;
        }

        @Override
        boolean showsPlan() {
            return parallel.enabled();
        }

        @Override
        String done() {
            return "restarted";
        }
    }
}
