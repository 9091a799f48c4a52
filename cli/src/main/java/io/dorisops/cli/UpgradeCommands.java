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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code plan}, {@code upgrade}, {@code resume}, {@code rollback} and {@code history}. */
final class UpgradeCommands {
    private UpgradeCommands() {}

    @Command(
            name = "plan",
            description = "Show the upgrade to a package as the operation that will run: staging, the canary,"
                    + " batches, image steps, each node's actions and undo; changes nothing. With --json it is the"
                    + " plan file dorisops upgrade --plan runs.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops plan -t cluster.yaml -p doris-2.1.8.tar.gz --json > plan.json")
    static final class Plan extends RunCommand {
        @Option(
                names = {"-p", "--package"},
                required = true,
                paramLabel = "FILE",
                description = "The release tarball.")
        Path packageFile;

        @Mixin
        DrainOption drain = new DrainOption();

        @Override
        protected int run(Cluster cluster) {
            options();
            Operation plan;
            try {
                plan = cluster.plan(drain.applyTo(upgrade(packageFile)));
            } catch (DorisOpsException e) {
                return failed(e);
            }
            if (output().json()) {
                printJsonText(plan.toJson());
            } else {
                out().print(plan.describe());
                out().flush();
            }
            return OK;
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
            description = "Return the nodes the last upgrade changed to their backups, FEs before BEs.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops rollback --topology cluster.yaml")
    static final class Rollback extends RunCommand {
        @Override
        protected int run(Cluster cluster) {
            RunOptions options = options();
            return guarded(() -> cluster.run(Procedure.rollback(Optional.empty()), options));
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
