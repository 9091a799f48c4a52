package io.dorisops.cli;

import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.Version;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.DebugResult;
import io.dorisops.kubernetes.KubernetesAccessException;
import io.dorisops.kubernetes.KubernetesCluster;
import io.dorisops.kubernetes.KubernetesStatus;
import io.dorisops.kubernetes.ResourceKind;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dorisops k8s status|upgrade|scale|debug}: the seed 002 procedures on a {@code DorisCluster} or
 * {@code StarRocksCluster}, through the kubeconfig's API server and the FE's MySQL port: directly where the
 * pods' FQDNs resolve (a pod of the cluster), or with {@code --port-forward} from outside.
 */
@Command(
        name = "k8s",
        description = "Operate a DorisCluster or StarRocksCluster run by its Kubernetes operator.",
        mixinStandardHelpOptions = true,
        subcommands = {K8sCommand.Status.class, K8sCommand.Upgrade.class, K8sCommand.Scale.class, K8sCommand.Debug.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops k8s status --namespace doris --name dcr-1",
            "  dorisops k8s upgrade --namespace doris --name dcr-1 --to 2.1.8",
            "  dorisops k8s status --namespace doris --name dcr-1 --port-forward"
        })
final class K8sCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** The options every k8s subcommand shares. */
    abstract static class Base extends CliCommand {
        @Option(names = "--namespace", required = true, description = "The resource's namespace.")
        String namespace;

        @Option(names = "--name", required = true, description = "The DorisCluster or StarRocksCluster.")
        String name;

        @Option(
                names = "--kind",
                description = "dcr (DorisCluster) or src (StarRocksCluster); default: whichever has the name.")
        String kind;

        @Option(
                names = "--context",
                description =
                        "The kubeconfig context (default: the current one); one the kubeconfig does not have is refused.")
        String context;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "Where runs are journaled.")
        Path stateDir;

        @Option(
                names = "--port-forward",
                description = "Reach the FEs' MySQL ports through port-forwards of the API server (from outside"
                        + " the cluster; needs create on pods/portforward).")
        boolean portForward;

        @Option(
                names = "--sql-user",
                paramLabel = "USER",
                description =
                        "The SQL user (default: the DorisCluster's spec.authSecret or spec.adminUser, else root).")
        String sqlUser;

        @Option(
                names = "--sql-password-env",
                paramLabel = "VAR",
                description = "The environment variable holding the SQL password (never on the command line).")
        String sqlPasswordEnv;

        /**
         * Applied to the cluster's builder last. Package-private seam for tests, which map the pods to sandbox
         * nodes ({@code Addressing}) and shorten the waits: nothing the command line sets.
         */
        UnaryOperator<KubernetesCluster.Builder> tuning = UnaryOperator.identity();

        abstract int run(KubernetesCluster cluster) throws Exception;

        @Override
        public Integer call() throws Exception {
            ClusterRef ref;
            try {
                Optional<ResourceKind> chosen = Optional.empty();
                if (kind != null) {
                    chosen = Optional.of(ResourceKind.of(kind)
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "--kind " + kind + " is neither dcr (DorisCluster) nor src (StarRocksCluster)")));
                }
                ref = new ClusterRef(namespace, name, chosen);
                if (sqlPasswordEnv != null && System.getenv(sqlPasswordEnv) == null) {
                    throw new IllegalArgumentException("--sql-password-env " + sqlPasswordEnv
                            + ": the environment variable is not set; export it first (the password never goes"
                            + " on the command line)");
                }
            } catch (IllegalArgumentException e) {
                err().println("dorisops k8s: " + e.getMessage());
                return INVALID;
            }
            Config config = context == null ? Config.autoConfigure(null) : Config.autoConfigure(context);
            List<String> contexts = contextNames(config);
            if (context != null && !contexts.contains(context)) {
                // fabric8 falls back to the current context: that would operate another cluster.
                err().println("dorisops k8s: --context " + context + " is not a context of the kubeconfig"
                        + (contexts.isEmpty() ? "" : "; it has " + String.join(", ", contexts)));
                return INVALID;
            }
            try (KubernetesClient client =
                            new KubernetesClientBuilder().withConfig(config).build();
                    KubernetesCluster cluster = builder(client, ref).build()) {
                return run(cluster);
            } catch (KubernetesAccessException | IllegalArgumentException e) {
                err().println("dorisops k8s: " + e.getMessage());
                return INVALID;
            } catch (DorisOpsException e) {
                err().println("dorisops k8s: " + e.getMessage());
                return FAILED;
            }
        }

        private static List<String> contextNames(Config config) {
            return config.getContexts() == null
                    ? List.of()
                    : config.getContexts().stream()
                            .map(io.fabric8.kubernetes.api.model.NamedContext::getName)
                            .toList();
        }

        private KubernetesCluster.Builder builder(KubernetesClient client, ClusterRef ref) {
            KubernetesCluster.Builder builder = KubernetesCluster.builder(client, ref)
                    .context(context == null ? "" : context)
                    .portForward(portForward);
            if (sqlUser != null || sqlPasswordEnv != null) {
                builder.sql(sql());
            }
            return tuning.apply(builder);
        }

        private io.dorisops.Topology.Sql sql() {
            io.dorisops.Topology.Sql defaults = io.dorisops.Topology.Sql.defaults();
            return new io.dorisops.Topology.Sql(
                    sqlUser == null ? "root" : sqlUser,
                    sqlPasswordEnv == null ? io.dorisops.Secret.NONE : io.dorisops.Secret.fromEnv(sqlPasswordEnv),
                    defaults.connectTimeout(),
                    defaults.socketTimeout(),
                    defaults.tls(),
                    defaults.tlsCa());
        }

        RunOptions.Builder options() {
            RunOptions.Builder builder = RunOptions.builder();
            if (stateDir != null) {
                builder.stateDir(stateDir);
            }
            return builder;
        }
    }

    /** Prints an operation's result, or a refusal. */
    static int report(CliCommand command, RunResult result) {
        if (command.output().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("run", result.runId());
            doc.put("elapsedMs", result.elapsed().toMillis());
            doc.put("journal", result.journal().toString());
            command.printJson(doc);
        } else {
            command.out()
                    .println("done: " + result.runId() + " in "
                            + result.elapsed().toSeconds() + " s");
            command.out().flush();
        }
        return CliCommand.OK;
    }

    /** Prints the status side by side; exit 3 when not healthy. */
    static int status(CliCommand command, KubernetesStatus status) {
        if (command.output().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("resource", status.ref().toString());
            doc.put("healthy", status.healthy());
            List<Map<String, Object>> components = new ArrayList<>();
            status.components().forEach(c -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", c.name());
                row.put("image", c.image());
                row.put("desired", c.desired());
                row.put("ready", c.ready());
                row.put("phase", c.phase().orElse(null));
                components.add(row);
            });
            doc.put("components", components);
            List<Map<String, Object>> members = new ArrayList<>();
            status.members().forEach(m -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("pod", m.name());
                row.put("role", m.role().key());
                row.put("phase", m.pod().map(p -> p.phase()).orElse(null));
                row.put("ready", m.pod().map(p -> p.ready()).orElse(false));
                row.put("restarts", m.pod().map(p -> p.restarts()).orElse(0));
                row.put("image", m.pod().map(p -> p.image()).orElse(null));
                row.put("alive", m.alive().orElse(null));
                row.put("version", m.version().map(Version::toString).orElse(null));
                row.put("master", m.master());
                members.add(row);
            });
            doc.put("members", members);
            doc.put("disagreements", status.disagreements());
            doc.put("sqlError", status.sqlError().orElse(null));
            command.printJson(doc);
        } else {
            command.out().print(status.describe());
            command.out().flush();
        }
        return status.healthy() ? CliCommand.OK : CliCommand.NOT_HEALTHY;
    }

    @Command(
            name = "status",
            description = "Components, pods and the master's view side by side, with every disagreement.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  dorisops k8s status --namespace doris --name dcr-1 --json"})
    static final class Status extends Base {
        @Override
        int run(KubernetesCluster cluster) {
            return status(this, cluster.status());
        }
    }

    @Command(
            name = "upgrade",
            description =
                    "Upgrade by image: BE and CN first, FE after, broker last, each fully rolled out before the next.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {
                "  dorisops k8s upgrade --namespace doris --name dcr-1 --to 2.1.8 --dry-run",
                "  dorisops k8s upgrade --namespace doris --name dcr-1 --image be=my/be:2.1.8",
                "  dorisops k8s upgrade --namespace doris --name dcr-1 --resume"
            })
    static final class Upgrade extends Base {
        @Option(names = "--to", description = "The target version (each image re-tagged with it).")
        String to;

        @Option(names = "--image", description = "COMPONENT=IMAGE to use instead of re-tagging.")
        Map<String, String> images = new LinkedHashMap<>();

        @Option(
                names = "--force",
                paramLabel = "CHECK",
                completionCandidates = ForceableChecks.class,
                description = "Skip a check by name (repeatable): ${COMPLETION-CANDIDATES}.")
        List<String> force = new ArrayList<>();

        @Option(names = "--dry-run", description = "Print the plan; change nothing.")
        boolean dryRun;

        @Option(names = "--resume", description = "Continue the run that did not finish.")
        boolean resume;

        @Override
        int run(KubernetesCluster cluster) {
            RunOptions.Builder builder = options();
            force.forEach(builder::force);
            if (resume) {
                return report(this, cluster.resume(builder.build()));
            }
            if (to == null) {
                err().println("dorisops k8s upgrade: give --to VERSION (or --resume)");
                return INVALID;
            }
            Operation plan = cluster.planUpgrade(Version.parse(to), images);
            if (dryRun || !output().json()) {
                if (output().json()) {
                    printJsonText(plan.toJson());
                    return OK;
                }
                out().print(plan.describe());
                out().flush();
                if (dryRun) {
                    return OK;
                }
            }
            try {
                return report(this, cluster.execute(plan, builder.build()));
            } catch (PreconditionFailedException e) {
                err().println("dorisops k8s upgrade: " + e.getMessage());
                return FAILED;
            }
        }
    }

    @Command(
            name = "scale",
            description = "Change a component's replicas; a BE scale-in decommissions the highest ordinals first.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  dorisops k8s scale --namespace doris --name dcr-1 be 2"})
    static final class Scale extends Base {
        @Parameters(index = "0", description = "fe, be, cn or broker.")
        String component;

        @Parameters(index = "1", description = "The new replicas.")
        int replicas;

        @Option(
                names = "--force",
                paramLabel = "CHECK",
                completionCandidates = ForceableChecks.class,
                description = "Skip a gate of the scale-in (repeatable): replicas-fit, tablets-healthy,"
                        + " follower-majority (any of ${COMPLETION-CANDIDATES}). The journal records it.")
        List<String> force = new ArrayList<>();

        @Option(names = "--dry-run", description = "Print the plan; change nothing.")
        boolean dryRun;

        @Override
        int run(KubernetesCluster cluster) {
            RunOptions.Builder builder = options();
            force.forEach(builder::force);
            RunOptions chosen = builder.build();
            Operation plan;
            try {
                plan = cluster.planScale(component, replicas, chosen);
            } catch (PreconditionFailedException e) {
                err().println("dorisops k8s scale: " + e.getMessage());
                return FAILED;
            }
            if (!output().json()) {
                out().print(plan.describe());
                out().flush();
            }
            if (dryRun) {
                return OK;
            }
            return report(this, cluster.execute(plan, chosen));
        }
    }

    @Command(
            name = "debug",
            description = "Enter (on) or leave (off) the Doris operator's debug run mode for one pod.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  dorisops k8s debug --namespace doris --name dcr-1 dcr-1-be-0 on"})
    static final class Debug extends Base {
        @Parameters(index = "0", description = "The pod.")
        String pod;

        @Parameters(index = "1", description = "on or off.")
        String mode;

        @Option(names = "--timeout", defaultValue = "5m", description = "How long to wait (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        int run(KubernetesCluster cluster) {
            if (!mode.equals("on") && !mode.equals("off")) {
                err().println("dorisops k8s debug: the mode is on or off, not " + mode);
                return INVALID;
            }
            DebugResult result = cluster.debug(pod, mode.equals("on"), timeout);
            if (output().json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("pod", result.pod().name());
                doc.put("state", result.pod().describe());
                doc.put("note", result.note());
                printJson(doc);
            } else {
                out().println(result.pod().describe());
                out().println(result.note());
                out().flush();
            }
            return OK;
        }
    }
}
