package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.RunRecord;
import io.dorisops.UpgradeOptions;
import io.dorisops.UpgradeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code plan}, {@code upgrade}, {@code resume}, {@code rollback} and {@code history}. */
final class UpgradeCommands {
    private UpgradeCommands() {}

    /** Options shared by the commands that run an upgrade. */
    abstract static class Run extends ClusterCommand {
        @Option(
                names = "--force",
                paramLabel = "CHECK",
                completionCandidates = ForceableChecks.class,
                description = "Skip a check (repeatable): ${COMPLETION-CANDIDATES}, or one of your own checks; each"
                        + " procedure runs its own (docs/DESIGN.md, the gate table). The journal records it.")
        List<String> forced = new ArrayList<>();

        @Option(
                names = "--ready-timeout",
                paramLabel = "DURATION",
                description = "How long a node may take to be ready (e.g. 10m).")
        Duration readyTimeout;

        @Option(
                names = "--sha512",
                paramLabel = "HEX",
                description = "The package's SHA-512 as the release site publishes it; checked before anything is"
                        + " staged (a <package>.sha512 beside the tarball is checked too).")
        String sha512;

        @Option(names = "--allow-downgrade", description = "Let the plan go to an older patch release.")
        boolean allowDowngrade;

        @Option(
                names = "--no-rollback",
                description = "Leave a node that fails to start as it is instead of restoring its backup.")
        boolean noRollback;

        @Option(
                names = "--skip-fe-check",
                description = "Skip the FE metadata compatibility check of a minor or major upgrade (journaled as"
                        + " the forced check fe-metadata-check).")
        boolean skipFeCheck;

        @Option(
                names = "--fe-check-on",
                paramLabel = "HOST",
                description = "Run the pre-flight test FE on this host (default this machine).")
        String feCheckHost;

        @Option(
                names = "--canary",
                negatable = true,
                description = "Upgrade one BE first and watch it for the soak time (default: for a minor or major"
                        + " change; --no-canary never).")
        Boolean canary;

        @Option(
                names = "--canary-node",
                paramLabel = "ID",
                description = "The canary BE (default the one with the fewest tablets).")
        String canaryNode;

        @Option(names = "--soak", paramLabel = "DURATION", description = "How long the canary is watched (default 5m).")
        Duration soak;

        @picocli.CommandLine.Mixin
        ParallelOptions parallel = new ParallelOptions();

        UpgradeOptions options() {
            UpgradeOptions.Builder builder =
                    UpgradeOptions.builder().allowDowngrade(allowDowngrade).rollbackOnFailure(!noRollback);
            parallel.apply(builder, spec.commandLine());
            io.dorisops.Canary chosen = canary == null
                    ? io.dorisops.Canary.auto()
                    : canary ? io.dorisops.Canary.on(io.dorisops.Canary.DEFAULT_SOAK) : io.dorisops.Canary.off();
            if (canaryNode != null) {
                chosen = chosen.node(canaryNode);
            }
            if (soak != null) {
                chosen = chosen.soak(soak);
            }
            builder.canary(chosen);
            if (skipFeCheck) {
                builder.skipFrontendCheck();
            }
            if (feCheckHost != null) {
                builder.frontendCheck(io.dorisops.FrontendCheckOptions.builder()
                        .host(feCheckHost)
                        .build());
            }
            if (readyTimeout != null) {
                builder.readyTimeout(readyTimeout);
            }
            stateDir().ifPresent(builder::stateDir);
            if (sha512 != null) {
                try {
                    builder.packageSha512(sha512);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(
                            spec.commandLine(), "Invalid value for option '--sha512': " + e.getMessage(), e);
                }
            }
            try {
                forced.forEach(builder::force);
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "Invalid value for option '--force': " + e.getMessage(), e);
            }
        }

        /**
         * Runs an engine call so that Ctrl-C stops it cleanly: the hook interrupts the run, whose
         * finally blocks restore tablet balancing and journal the outcome, and waits for them.
         */
        int guarded(Supplier<UpgradeResult> call) {
            Thread runner = Thread.currentThread();
            Thread hook = new Thread(
                    () -> {
                        runner.interrupt();
                        try {
                            runner.join(Duration.ofSeconds(60).toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "dorisops-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                UpgradeResult result = call.get();
                printResult(result);
                return OK;
            } catch (PreconditionFailedException e) {
                return failed(e);
            } catch (DorisOpsException e) {
                return failed(e);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is exiting (Ctrl-C): the hook runs and waits for this thread.
                }
            }
        }

        void printResult(UpgradeResult result) {
            if (output().json()) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("ok", true);
                document.put("run", result.runId());
                document.put("nodes", result.upgraded());
                document.put("skipped", result.skipped());
                document.put("elapsedMs", result.elapsed().toMillis());
                document.put("journal", result.journal().toString());
                document.put("events", events());
                printJson(document);
            } else {
                out().println(result.runId() + ": "
                        + (result.upgraded().isEmpty() ? "nothing to do" : String.join(", ", result.upgraded()))
                        + " in " + String.format("%.1fs", result.elapsed().toMillis() / 1000.0));
                out().println("journal: " + result.journal());
                out().flush();
            }
        }
    }

    @Command(
            name = "plan",
            description = "Show the upgrade to a package as the operation that will run: staging, the canary,"
                    + " batches, image steps, each node's actions and undo; changes nothing. With --json it is the"
                    + " plan file dorisops upgrade --plan runs.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops plan -t cluster.yaml -p doris-2.1.8.tar.gz --json > plan.json")
    static final class Plan extends Run {
        @Option(
                names = {"-p", "--package"},
                required = true,
                paramLabel = "FILE",
                description = "The release tarball.")
        Path packageFile;

        @Override
        protected int run(Cluster cluster) {
            Operation plan;
            try {
                plan = cluster.planUpgrade(packageFile, options());
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
    static final class Upgrade extends Run {
        @Option(
                names = {"-p", "--package"},
                paramLabel = "FILE",
                description = "The release tarball: plan the upgrade now and run it.")
        Path packageFile;

        @Option(
                names = "--plan",
                paramLabel = "FILE",
                description = "Run exactly this plan (dorisops plan --json); refused before anything is done when"
                        + " it was edited or the cluster changed since (membership, versions, master, package).")
        Path planFile;

        @Override
        protected int run(Cluster cluster) {
            if ((packageFile == null) == (planFile == null)) {
                throw new ParameterException(
                        spec.commandLine(), "Name the package (--package FILE) or an approved plan (--plan FILE)");
            }
            UpgradeOptions options = options();
            Operation plan;
            try {
                plan = planFile == null ? cluster.planUpgrade(packageFile, options) : approved(planFile);
            } catch (DorisOpsException e) {
                return failed(e);
            }
            if (!output().json()) {
                err().print(plan.describe());
                err().flush();
            }
            return guarded(() -> cluster.upgrade(plan, options));
        }

        private static Operation approved(Path file) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new DorisOpsException("cannot read the plan " + file + ": " + e.getMessage()
                        + "; write one with dorisops plan --json > " + file.getFileName());
            }
            try {
                return Operation.fromJson(text);
            } catch (DorisOpsException e) {
                throw new DorisOpsException("the plan " + file + " is refused: " + e.getMessage(), e);
            }
        }
    }

    @Command(
            name = "resume",
            description = "Continue the last upgrade that did not finish.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops resume --topology cluster.yaml")
    static final class Resume extends Run {
        @Override
        protected int run(Cluster cluster) {
            UpgradeOptions options = options();
            return guarded(() -> cluster.resume(options));
        }
    }

    @Command(
            name = "rollback",
            description = "Return the nodes the last upgrade changed to their backups, FEs before BEs.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops rollback --topology cluster.yaml")
    static final class Rollback extends Run {
        @Override
        protected int run(Cluster cluster) {
            UpgradeOptions options = options();
            return guarded(() -> cluster.rollback(options));
        }
    }

    @Command(
            name = "history",
            description = "List past runs from their journals: who, when, what, outcome.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops history --topology cluster.yaml --json")
    static final class History extends Run {
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
    }
}
