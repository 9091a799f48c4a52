package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.ClusterStatus;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import io.dorisops.Version;
import io.dorisops.testkit.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dorisops demo}: a rolling upgrade of a local sandbox cluster, start to finish. Builds a 3 FE
 * + 3 BE sandbox at one version and a release package of the next, shows the status and the plan,
 * upgrades with the progress view, shows the status again, and cleans up.
 */
@Command(
        name = "demo",
        description = "Rolling upgrade of a local 3 FE + 3 BE sandbox cluster, from start to finish.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops demo",
            "  dorisops demo --flavor starrocks --keep --dir /tmp/demo",
            "  dorisops demo --kubernetes"
        })
final class DemoCommand extends CliCommand {

    @Option(names = "--flavor", defaultValue = "doris", description = "doris or starrocks (default: ${DEFAULT-VALUE}).")
    String flavor;

    @Option(
            names = "--from",
            description = "The version the sandbox starts at (default: 2.1.7 for Doris, 3.3.4 for StarRocks).")
    String from;

    @Option(
            names = "--to",
            description = "The version of the package to upgrade to (default: 2.1.8 for Doris, 3.3.5 for StarRocks).")
    String to;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where the sandbox lives (default: a new temporary directory).")
    Path dir;

    @Option(names = "--keep", description = "Leave the sandbox directory (stopped) for inspection.")
    boolean keep;

    @Option(
            names = "--kubernetes",
            description = "The same upgrade through a local API server whose reconciler plays the operator.")
    boolean kubernetes;

    @Override
    public Integer call() throws IOException {
        Flavor chosen = Flavor.parse(flavor);
        boolean doris = chosen == Flavor.DORIS;
        Version fromVersion = Version.parse(from != null ? from : doris ? "2.1.7" : "3.3.4");
        Version toVersion = Version.parse(to != null ? to : doris ? "2.1.8" : "3.3.5");
        Path base = dir != null ? dir : Files.createTempDirectory("dorisops-demo-");
        Map<String, Object> document = new LinkedHashMap<>();
        if (kubernetes) {
            try {
                Map<String, Object> result =
                        KubernetesDemo.run(chosen, fromVersion, toVersion, base, out(), output().json());
                if (output().json()) {
                    printJson(result);
                }
                return Boolean.TRUE.equals(result.get("ok")) ? OK : FAILED;
            } catch (DorisOpsException e) {
                err().println("dorisops demo: " + e.getMessage());
                return FAILED;
            } finally {
                if (!keep && dir == null) {
                    delete(base);
                }
            }
        }
        ProgressView view = new ProgressView(rawErr(), ProgressView.isTerminal());
        say("1/5 starting a 3 FE + 3 BE " + chosen.key() + " " + fromVersion + " sandbox in " + base);
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(chosen)
                .version(fromVersion.raw())
                .followers(3)
                .backends(3)
                .baseDir(base.resolve("cluster"))
                .start()) {
            Path pkg = Sandbox.buildPackage(chosen, toVersion, base);
            say("2/5 built the release package " + pkg.getFileName());
            RunOptions options =
                    RunOptions.builder().stateDir(base.resolve("state")).build();
            try (Cluster cluster = Cluster.builder(sandbox.topology())
                    .listener(output().json() ? io.dorisops.ProgressListener.NONE : view)
                    .build()) {
                ClusterStatus before = cluster.status();
                show("status before the upgrade", before, cluster);
                document.put("before", StatusCommand.document(before, cluster.topology()));
                Operation plan = cluster.plan(Procedure.upgrade(pkg));
                say("3/5 the plan:");
                if (!output().json()) {
                    out().print(plan.describe());
                    out().flush();
                }
                document.put("plan", tree(plan.toJson()));
                say("4/5 upgrading, one node at a time");
                RunResult result = cluster.run(plan, options);
                document.put("upgraded", result.nodes());
                document.put("elapsedMs", result.elapsed().toMillis());
                ClusterStatus after = cluster.status();
                show("5/5 status after the upgrade: every node at " + toVersion.number(), after, cluster);
                document.put("after", StatusCommand.document(after, cluster.topology()));
                document.put("ok", true);
                if (output().json()) {
                    printJson(document);
                }
                return after.allReady() ? OK : FAILED;
            }
        } catch (DorisOpsException e) {
            err().println("dorisops demo: " + e.getMessage());
            return FAILED;
        } finally {
            if (!keep && dir == null) {
                delete(base);
            } else {
                say("the sandbox directory is kept: " + base);
            }
        }
    }

    private void show(String title, ClusterStatus status, Cluster cluster) {
        if (output().json()) {
            return;
        }
        out().println();
        out().println("== " + title);
        StatusCommand.print(out(), status, cluster.topology());
        out().println();
        out().flush();
    }

    private void say(String text) {
        if (!output().json()) {
            out().println(text);
            out().flush();
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up the demo directory " + root, e);
        }
    }
}
