package io.dorisops.cli;

import io.dorisops.Canary;
import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The base of every command that runs a procedure: the flags of a run (forced gates, ready timeout, no
 * rollback, the state directory through {@link ClusterCommand}) and those of an upgrade, which every
 * such command has always accepted; {@link #guarded} runs the engine call so that Ctrl-C stops it
 * cleanly and prints its result.
 */
abstract class RunCommand extends ClusterCommand {
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

    @Option(
            names = "--transfer-parallel",
            paramLabel = "N",
            description = "Stage (upload, verify, unpack the package) on at most N hosts at once (default "
                    + RunOptions.TRANSFER_PARALLEL + "; 1 one host after the other).")
    Integer transferParallel;

    /** The run's options from the flags: forced gates, ready timeout, rollback, the state directory. */
    RunOptions options() {
        RunOptions.Builder builder = RunOptions.builder().rollbackOnFailure(!noRollback);
        upgradeFlagsChecked();
        if (skipFeCheck) {
            builder.force("fe-metadata-check");
        }
        if (readyTimeout != null) {
            builder.readyTimeout(readyTimeout);
        }
        if (transferParallel != null) {
            try {
                builder.transferParallel(transferParallel);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "Invalid value for option '--transfer-parallel': " + e.getMessage(), e);
            }
        }
        stateDir().ifPresent(builder::stateDir);
        try {
            forced.forEach(builder::force);
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--force': " + e.getMessage(), e);
        }
    }

    /** The upgrade to {@code packageFile} with the upgrade's flags: canary, batches, SHA-512, FE check, downgrade. */
    Procedure.Upgrade upgrade(Path packageFile) {
        Canary chosen = canary == null ? Canary.auto() : canary ? Canary.on(Canary.DEFAULT_SOAK) : Canary.off();
        if (canaryNode != null) {
            chosen = chosen.node(canaryNode);
        }
        if (soak != null) {
            chosen = chosen.soak(soak);
        }
        Procedure.Upgrade upgrade = Procedure.upgrade(packageFile)
                .allowDowngrade(allowDowngrade)
                .canary(chosen)
                .maxParallel(parallel.maxParallel(spec.commandLine()));
        if (skipFeCheck) {
            upgrade = upgrade.skipFrontendCheck();
        }
        if (feCheckHost != null) {
            upgrade = upgrade.frontendCheck(
                    FrontendCheckOptions.builder().host(feCheckHost).build());
        }
        return sha512 == null ? upgrade : upgrade.packageSha512(upgradeFlagsChecked());
    }

    /** Refuses a bad upgrade flag on every command that takes them, as a usage error; returns the SHA-512. */
    private String upgradeFlagsChecked() {
        parallel.maxParallel(spec.commandLine());
        if (sha512 == null) {
            return null;
        }
        try {
            Procedure.upgrade(Path.of("package")).packageSha512(sha512);
            return sha512;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--sha512': " + e.getMessage(), e);
        }
    }

    /**
     * The operation the command runs: the approved plan file {@code --plan} names, else {@code plan} now.
     *
     * @throws DorisOpsException when the file cannot be read, was edited, or holds a plan of another kind
     *     than {@code kind} or of another cluster (naming both); nothing is changed
     */
    Operation operation(Cluster cluster, PlanOptions flags, Operation.Kind kind, Supplier<Operation> plan) {
        if (!flags.approved()) {
            return plan.get();
        }
        Path file = flags.file;
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DorisOpsException("cannot read the plan " + file + ": " + e.getMessage() + "; write one with"
                    + " dorisops " + spec.name() + " --dry-run --json > " + file.getFileName());
        }
        Operation approved;
        try {
            approved = Operation.fromJson(text);
        } catch (DorisOpsException e) {
            throw new DorisOpsException("the plan " + file + " is refused: " + e.getMessage(), e);
        }
        String name = cluster.topology().name();
        if (approved.kind() != kind || !approved.cluster().equals(name)) {
            throw new DorisOpsException("the plan " + file + " is a "
                    + approved.kind().key() + " of "
                    + approved.cluster() + ", but dorisops " + spec.name() + " runs a " + kind.key() + " of " + name
                    + " (" + cluster.topology().source()
                    + "); pass a plan its --dry-run --json wrote for this cluster");
        }
        return approved;
    }

    /**
     * Shows {@code operation}: with {@code --dry-run} on standard output (as JSON with {@code --json}) and
     * returns true, the command then stops; else, when {@code beforeRun}, on standard error before it runs
     * (nothing with {@code --json}).
     */
    boolean shownOnly(PlanOptions flags, Operation operation, boolean beforeRun) {
        if (flags.dryRun && output().json()) {
            printJsonText(operation.toJson());
        } else if (flags.dryRun) {
            out().print(operation.describe());
            out().flush();
        } else if (beforeRun && !output().json()) {
            err().print(operation.describe());
            err().flush();
        }
        return flags.dryRun;
    }

    /**
     * Checks a flag that chooses what a plan holds ({@code --node}, {@code --role}, {@code --package}...)
     * against {@code --plan}: refused beside an approved plan, which runs its own; missing without one when
     * {@code required}. Both are usage errors.
     */
    void choosing(PlanOptions flags, boolean given, String option, boolean required) {
        if (flags.approved() && given) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + " chooses what a plan holds, and the approved plan " + flags.file + " runs its own:"
                            + " drop " + option + " or --plan");
        }
        if (!flags.approved() && !given && required) {
            throw new ParameterException(
                    spec.commandLine(), "Missing required option: '" + option + "' (or an approved plan: --plan FILE)");
        }
    }

    /**
     * Runs an engine call so that Ctrl-C stops it cleanly: the hook interrupts the run, whose
     * finally blocks restore tablet balancing and journal the outcome, and waits for them.
     */
    int guarded(Supplier<RunResult> call) {
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
            RunResult result = call.get();
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

    void printResult(RunResult result) {
        if (output().json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("ok", true);
            document.put("run", result.runId());
            document.put("nodes", result.nodes());
            document.put("skipped", result.skipped());
            document.put("elapsedMs", result.elapsed().toMillis());
            document.put("journal", result.journal().toString());
            document.put("events", events());
            printJson(document);
        } else {
            out().println(result.runId() + ": "
                    + (result.nodes().isEmpty() ? "nothing to do" : String.join(", ", result.nodes()))
                    + " in " + String.format("%.1fs", result.elapsed().toMillis() / 1000.0));
            out().println("journal: " + result.journal());
            out().flush();
        }
    }
}
