package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.RunRecord;
import io.dorisops.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code plan}, {@code upgrade}, {@code resume}, {@code rollback} and {@code history}. */
final class UpgradeCommands {
    private UpgradeCommands() {}

    @Command(
            name = "plan",
            customSynopsis = "dorisops plan [-hV] [PROCEDURE] [OPTIONS...]",
            description = {
                "Show what a procedure will run as the operation the run journals: staging, the canary, batches,"
                        + " image steps, each node's actions and undo; changes nothing. With --json it is the plan"
                        + " file the procedure's --plan runs.",
                "PROCEDURE is a command with --dry-run (restart, deploy, scale-out, scale-in, rebuild-backend,"
                        + " rollback, ...), followed by its options; without one it is upgrade. The same as the"
                        + " procedure's --dry-run."
            },
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {
                "  dorisops plan -t cluster.yaml -p doris-2.1.8.tar.gz --json > plan.json",
                "  dorisops plan restart -t cluster.yaml --role be --json > restart.json",
                "  dorisops plan scale-out -t cluster.yaml --node be-4"
            })
    static final class Plan implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        /** The procedure (default: upgrade) and its options. */
        @Unmatched
        List<String> args = new ArrayList<>();

        /** Runs the procedure's command with {@code --dry-run}: its plan, shown, nothing changed. */
        @Override
        public Integer call() {
            CommandLine root = spec.commandLine().getParent();
            List<String> rest = new ArrayList<>(args);
            String name =
                    rest.isEmpty() || !root.getSubcommands().containsKey(rest.get(0)) ? "upgrade" : rest.remove(0);
            CommandLine procedure = root.getSubcommands().get(name);
            if (procedure.getCommandSpec().findOption("--dry-run") == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "dorisops " + name + " is not a procedure with a plan; plan one of: "
                                + String.join(", ", plannable(root)));
            }
            rest.add("--dry-run");
            return procedure.execute(rest.toArray(String[]::new));
        }

        /** The commands {@code plan} plans: those with {@code --dry-run}. */
        private static List<String> plannable(CommandLine root) {
            return root.getSubcommands().entrySet().stream()
                    .filter(command -> command.getValue().getCommandSpec().findOption("--dry-run") != null)
                    .map(Map.Entry::getKey)
                    .toList();
        }
    }

    @Command(
            name = "upgrade",
            description = "Rolling upgrade to a package, or exactly an approved plan file: pre-flight, BEs one by"
                    + " one, FEs with the master last, balancing paused and restored.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {
                "  dorisops upgrade -t cluster.yaml -p doris-2.1.8.tar.gz --parallel auto",
                "  dorisops upgrade -t cluster.yaml --plan plan.json"
            })
    static final class Upgrade extends RunCommand {
        @Option(
                names = {"-p", "--package"},
                paramLabel = "FILE",
                description = "The release tarball: plan the upgrade now and run it.")
        Path packageFile;

        @Mixin
        PlanOptions plan = new PlanOptions();

        @Mixin
        DrainOption drain = new DrainOption();

        @Override
        protected int run(Cluster cluster) {
            choosing(plan, drain.noDrain, "--no-drain", false);
            if ((packageFile == null) != plan.approved()) {
                throw new ParameterException(
                        spec.commandLine(), "Name the package (--package FILE) or an approved plan (--plan FILE)");
            }
            RunOptions options = options();
            Operation operation;
            try {
                operation = operation(
                        cluster, plan, Operation.Kind.UPGRADE, () -> cluster.plan(drain.applyTo(upgrade(packageFile))));
            } catch (DorisOpsException e) {
                return failed(e);
            }
            return shownOnly(plan, operation, true) ? OK : guarded(() -> cluster.run(operation, options));
        }
    }

    @Command(
            name = "resume",
            description = "Continue the last upgrade that did not finish.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops resume --topology cluster.yaml")
    static final class Resume extends RunCommand {
        @Override
        protected int run(Cluster cluster) {
            RunOptions options = options();
            return guarded(() -> cluster.resume(options));
        }
    }

    @Command(
            name = "rollback",
            description = "Return the nodes the last upgrade changed to their backups, FEs before BEs; or run exactly"
                    + " an approved rollback plan.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops rollback --topology cluster.yaml")
    static final class Rollback extends RunCommand {
        @Mixin
        PlanOptions plan = new PlanOptions();

        @Override
        protected int run(Cluster cluster) {
            RunOptions options = options();
            Operation operation;
            try {
                operation = operation(
                        cluster,
                        plan,
                        Operation.Kind.ROLLBACK,
                        () -> cluster.plan(Procedure.rollback(Optional.empty())));
            } catch (DorisOpsException e) {
                return failed(e);
            }
            return shownOnly(plan, operation, plan.approved()) ? OK : guarded(() -> cluster.run(operation, options));
        }
    }

    @Command(
            name = "history",
            description = "List past runs from their journals: who, when, what, outcome.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops history --topology cluster.yaml --json")
    static final class History extends RunCommand {
        @Override
        protected int run(Cluster cluster) {
            List<RunRecord> runs = cluster.history(options());
            if (output().json()) {
                printJson(runs.stream()
                        .map(run -> {
                            Map<String, Object> map = new LinkedHashMap<>();
                            map.put("run", run.runId());
                            map.put("kind", run.kind());
                            map.put("user", run.user());
                            map.put("machine", run.machine());
                            map.put("started", run.started().toString());
                            map.put("target", run.target());
                            map.put("done", run.done());
                            map.put("forced", run.forced());
                            map.put("outcome", run.outcome());
                            map.put("message", run.message().orElse(null));
                            map.put("damaged", run.damaged());
                            map.put(
                                    "nodeTimes",
                                    run.nodeTimes().stream()
                                            .map(History::nodeTime)
                                            .toList());
                            map.put(
                                    "traffic",
                                    run.traffic().map(History::traffic).orElse(null));
                            return map;
                        })
                        .toList());
                return OK;
            }
            Table table = new Table("RUN", "KIND", "STARTED", "USER@MACHINE", "TARGET", "DONE", "OUTCOME");
            for (RunRecord run : runs) {
                table.row(
                        run.runId(),
                        run.kind(),
                        run.started().toString(),
                        run.user() + "@" + run.machine(),
                        run.target(),
                        String.valueOf(run.done().size()),
                        run.outcome() + (run.forced().isEmpty() ? "" : " (forced " + run.forced() + ")"));
            }
            table.print(out());
            // A damaged journal (or line) is listed with what and where; it blocks no other run.
            runs.forEach(run -> run.damaged().forEach(why -> out().println(run.runId() + ": " + why)));
            return OK;
        }

        /** A node's drain and downtime in seconds (null: none, or not ready again), and its step's traffic. */
        private static Map<String, Object> nodeTime(RunRecord.NodeTime time) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("node", time.node());
            map.put("drainSeconds", time.drain().map(History::seconds).orElse(null));
            map.put("downtimeSeconds", time.downtime().map(History::seconds).orElse(null));
            map.put("traffic", time.traffic().map(History::traffic).orElse(null));
            return map;
        }

        private static Map<String, Object> traffic(Traffic.Counts counts) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("queriesOk", counts.queriesOk());
            map.put("queriesFailed", counts.queriesFailed());
            map.put("loadsOk", counts.loadsOk());
            map.put("loadsFailed", counts.loadsFailed());
            return map;
        }

        private static double seconds(Duration duration) {
            return duration.toMillis() / 1000.0;
        }
    }
}
