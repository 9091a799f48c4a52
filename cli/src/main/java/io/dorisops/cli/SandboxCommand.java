package io.dorisops.cli;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Version;
import io.dorisops.testkit.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dorisops sandbox}: a local sandbox cluster of simulated Doris or StarRocks nodes (real
 * processes with the real layout, scripts and ports) for demos and trying commands out.
 *
 * <p>Without flags every subcommand works on {@code ./sandbox}, and {@code start} makes a Doris 3 FE + 3
 * BE cluster at {@link #NEWEST_DORIS}:
 *
 * <pre>
 * dorisops sandbox start
 * dorisops status --topology sandbox/topology.yaml
 * dorisops sandbox fault --node be-2 drop-heartbeats
 * dorisops sandbox load --qps 20 --loads 2/s --duration 30s
 * dorisops sandbox stop
 * </pre>
 */
@Command(
        name = "sandbox",
        description = "Run a local sandbox cluster of simulated Doris/StarRocks nodes.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops sandbox start      # Doris " + SandboxCommand.NEWEST_DORIS + ", 3 FE + 3 BE, in ./sandbox",
            "  dorisops status --topology sandbox/topology.yaml",
            "  dorisops sandbox stop"
        },
        subcommands = {
            SandboxCommand.Start.class,
            SandboxCommand.Stop.class,
            SandboxCommand.Status.class,
            SandboxCommand.Fault.class,
            SandboxLoadCommand.class,
            SandboxCommand.Package.class
        })
final class SandboxCommand implements Callable<Integer> {
    /**
     * The newest Doris release the testkit simulates with every audited column set (SHOW FRONTENDS,
     * SHOW BACKENDS, SHOW PROC '/statistic'; docs/testkit-sql.md): what {@code sandbox start} runs by default.
     */
    static final String NEWEST_DORIS = "3.0.3";

    /** The newest StarRocks release with every audited column set (frontends, backends, compute nodes). */
    static final String NEWEST_STARROCKS = "3.3.5";

    /** Where the sandbox lives when {@code --dir} is not given: {@code ./sandbox}. */
    static final String DEFAULT_DIR = "sandbox";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** A sandbox subcommand: {@code --json} prints the document, otherwise the lines. */
    abstract static class Sub extends CliCommand {
        int emit(Object document, List<String> lines) {
            if (output().json()) {
                printJson(document);
            } else {
                lines.forEach(out()::println);
                out().flush();
            }
            return OK;
        }

        /** One error line on stderr; returns {@link #FAILED}. */
        int fail(String message) {
            err().println("error: " + message);
            err().flush();
            return FAILED;
        }
    }

    /** A subcommand on the sandbox in {@code --dir}. */
    abstract static class AtDir extends Sub {
        @Option(
                names = "--dir",
                defaultValue = SandboxCommand.DEFAULT_DIR,
                description = "the sandbox directory (default ./${DEFAULT-VALUE})")
        Path dir;
    }

    static Map<String, Object> describe(Sandbox sandbox, Node node) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", node.id());
        row.put("role", node.role().key());
        row.put("host", node.host());
        row.put("home", node.home().toString());
        row.put("ports", node.ports().inUse());
        var pid = sandbox.pid(node.id());
        row.put("running", pid.isPresent());
        row.put("pid", pid.isPresent() ? pid.getAsLong() : null);
        return row;
    }

    static String line(Map<String, Object> row) {
        return String.format(
                "%-10s %-12s %-10s %-8s %s",
                row.get("id"),
                row.get("role"),
                row.get("host"),
                Boolean.TRUE.equals(row.get("running")) ? "running" : "stopped",
                row.get("ports"));
    }

    /** {@code sandbox start}. */
    @Command(
            name = "start",
            description = "Start a detached sandbox and write DIR/topology.yaml (with no flags: Doris "
                    + SandboxCommand.NEWEST_DORIS + ", 3 FE + 3 BE, in ./sandbox).",
            footerHeading = "%nExamples:%n",
            footer = {
                "  dorisops sandbox start",
                "  dorisops sandbox start --flavor starrocks --dir /tmp/sr --fe 1 --be 3",
                "  dorisops sandbox start --be 9 --tags 3",
                "  dorisops status --topology sandbox/topology.yaml"
            })
    static final class Start extends AtDir {
        // Not mixinStandardHelpOptions: its -V/--version would take the sandbox's --version.
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help message and exit.")
        boolean help;

        @Option(
                names = "--flavor",
                defaultValue = "doris",
                description = "doris or starrocks (default ${DEFAULT-VALUE})")
        String flavor;

        @Option(
                names = "--version",
                description = "e.g. 2.1.7 or 3.3.5 (default: the newest supported, " + SandboxCommand.NEWEST_DORIS
                        + " for Doris, " + SandboxCommand.NEWEST_STARROCKS + " for StarRocks)")
        String version;

        @Option(names = "--fe", defaultValue = "3", description = "FE followers (default ${DEFAULT-VALUE})")
        int followers;

        @Option(names = "--observers", defaultValue = "0", description = "FE observers (default ${DEFAULT-VALUE})")
        int observers;

        @Option(names = "--be", defaultValue = "3", description = "backends (default ${DEFAULT-VALUE})")
        int backends;

        @Option(names = "--cn", defaultValue = "0", description = "compute nodes (default 0)")
        int computeNodes;

        @Option(names = "--decoupled", description = "Doris storage-compute decoupled mode (MetaService, Recycler)")
        boolean decoupled;

        @Option(
                names = "--tags",
                paramLabel = "N",
                description = "Doris: put the BEs on location tags zone1..zoneN in turn; the seeded table keeps one"
                        + " replica per tag (try upgrade --parallel auto on it)")
        int tags;

        /** The version to run: {@code --version}, else the newest supported one of the flavor. */
        String version(Flavor chosen) {
            if (version != null) {
                return version;
            }
            return chosen == Flavor.STARROCKS ? NEWEST_STARROCKS : NEWEST_DORIS;
        }

        @Override
        public Integer call() {
            try {
                Flavor chosen = Flavor.parse(flavor);
                Sandbox.Builder builder = Sandbox.builder()
                        .flavor(chosen)
                        .version(version(chosen))
                        .followers(followers)
                        .observers(observers)
                        .backends(backends)
                        .computeNodes(computeNodes)
                        .decoupled(decoupled)
                        .baseDir(dir)
                        .detached();
                if (tags != 0) {
                    builder.locationTags(tags);
                }
                Sandbox sandbox = builder.start();
                Path topology = sandbox.dir().resolve("topology.yaml");
                sandbox.writeTopology(topology);
                List<Map<String, Object>> nodes = new ArrayList<>();
                List<String> lines = new ArrayList<>();
                lines.add("sandbox started in " + sandbox.dir() + " ("
                        + sandbox.flavor().key() + " " + sandbox.version() + "); topology: " + topology);
                for (Node node : sandbox.nodes()) {
                    Map<String, Object> row = describe(sandbox, node);
                    nodes.add(row);
                    lines.add(line(row));
                }
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("dir", sandbox.dir().toString());
                document.put("flavor", sandbox.flavor().key());
                document.put("version", sandbox.version().number());
                document.put("topology", topology.toString());
                document.put("nodes", nodes);
                return emit(document, lines);
            } catch (RuntimeException e) {
                return fail(e.getMessage());
            }
        }
    }

    /** {@code sandbox stop}. */
    @Command(
            name = "stop",
            description = "Stop every node of a sandbox.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  dorisops sandbox stop", "  dorisops sandbox stop --dir /tmp/sr"})
    static final class Stop extends AtDir {
        @Override
        public Integer call() {
            try {
                Sandbox sandbox = Sandbox.attach(dir);
                int running = (int) sandbox.nodes().stream()
                        .filter(node -> sandbox.pid(node.id()).isPresent())
                        .count();
                sandbox.close();
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("dir", sandbox.dir().toString());
                document.put("stopped", running);
                return emit(document, List.of("stopped " + running + " nodes in " + sandbox.dir()));
            } catch (RuntimeException e) {
                return fail(e.getMessage());
            }
        }
    }

    /** {@code sandbox status}. */
    @Command(
            name = "status",
            description = "Show every node of a sandbox: role, ports, running or not (exit 1 when one is not).",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops sandbox status --json")
    static final class Status extends AtDir {
        @Override
        public Integer call() {
            try {
                Sandbox sandbox = Sandbox.attach(dir);
                List<Map<String, Object>> nodes = new ArrayList<>();
                List<String> lines = new ArrayList<>();
                for (Node node : sandbox.nodes()) {
                    Map<String, Object> row = describe(sandbox, node);
                    nodes.add(row);
                    lines.add(line(row));
                }
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("dir", sandbox.dir().toString());
                document.put("flavor", sandbox.flavor().key());
                document.put("nodes", nodes);
                emit(document, lines);
                return nodes.stream().allMatch(row -> Boolean.TRUE.equals(row.get("running"))) ? 0 : 1;
            } catch (RuntimeException e) {
                return fail(e.getMessage());
            }
        }
    }

    /** {@code sandbox fault}. */
    @Command(
            name = "fault",
            description = "Inject a fault into a sandbox node.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {
                "  dorisops sandbox fault --node be-2 drop-heartbeats",
                "  dorisops sandbox fault --node fe-1 clear"
            })
    static final class Fault extends AtDir {
        @Option(names = "--node", required = true, description = "the node id, e.g. be-2")
        String node;

        @Parameters(
                index = "0",
                paramLabel = "FAULT",
                description = "fail-next-start, hang-start, crash-after=SECONDS, slow-start=SECONDS, http-500,"
                        + " sql-refuse, drop-heartbeats, kill, incompatible-meta, stall-drain (on an FE), clear")
        String fault;

        @Override
        public Integer call() {
            try {
                Sandbox.attach(dir).faults().apply(node, fault);
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("node", node);
                document.put("fault", fault);
                return emit(document, List.of("fault " + fault + " applied to " + node));
            } catch (RuntimeException e) {
                return fail(e.getMessage());
            }
        }
    }

    /** {@code sandbox package}. */
    @Command(
            name = "package",
            description = "Write a release tarball of simulated nodes for a version.",
            footerHeading = "%nExample:%n",
            footer = "  dorisops sandbox package --version 3.0.4 --out doris-3.0.4.tar.gz")
    static final class Package extends Sub {
        // Not mixinStandardHelpOptions: its -V/--version would take the sandbox's --version.
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help message and exit.")
        boolean help;

        @Option(
                names = "--flavor",
                defaultValue = "doris",
                description = "doris or starrocks (default ${DEFAULT-VALUE})")
        String flavor;

        @Option(names = "--version", required = true, description = "e.g. 2.1.8")
        String version;

        @Option(names = "--out", required = true, description = "the .tar.gz file to write")
        Path out;

        @Override
        public Integer call() {
            try {
                Path target = out.toAbsolutePath();
                Path written = Sandbox.buildPackage(Flavor.parse(flavor), Version.parse(version), target.getParent());
                if (!written.equals(target)) {
                    Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("package", target.toString());
                return emit(document, List.of("wrote " + target));
            } catch (IOException e) {
                return fail("cannot write " + out + ": " + e.getMessage());
            } catch (RuntimeException e) {
                return fail(e.getMessage());
            }
        }
    }
}
