package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.ConfigDrift;
import io.dorisops.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dorisops config}: configuration as code ({@code docs/config.md}). {@code config diff} reads
 * every FE, BE and CN (declared in the topology, in its conf files, running) and prints where they
 * disagree ({@link Cluster#configDrift()}); exit 0 when nothing differs, {@value CliCommand#NOT_HEALTHY}
 * when something does, 1 when a node could not be read and nothing else differs.
 */
@Command(
        name = "config",
        description = "Configuration as code: compare what the topology declares with the nodes' conf files and"
                + " running values.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  dorisops config diff -t cluster.yaml", "  dorisops config diff -t cluster.yaml --json"},
        subcommands = {ConfigCommand.Diff.class})
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code config diff}. */
    @Command(
            name = "diff",
            description = "Show every key where a node's declared, file and running values disagree, and which value"
                    + " its next start brings (exit 0: none; 3: drift; 1: a node could not be read).",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  dorisops config diff -t cluster.yaml", "  dorisops config diff -t cluster.yaml --json"})
    static final class Diff extends CliCommand {
        @Option(
                names = {"-t", "--topology"},
                required = true,
                paramLabel = "FILE",
                description = "The topology file (YAML or JSON).")
        Path topologyFile;

        @Override
        public Integer call() {
            Topology topology = loadTopology(topologyFile);
            if (topology == null) {
                return INVALID;
            }
            ConfigDrift drift;
            try (Cluster cluster = Cluster.of(topology)) {
                drift = cluster.configDrift();
            }
            if (output().json()) {
                printJson(document(topology, drift));
            } else {
                print(topology, drift);
            }
            if (!drift.differences().isEmpty()) {
                return NOT_HEALTHY;
            }
            return drift.unread().isEmpty() ? OK : FAILED;
        }

        private void print(Topology topology, ConfigDrift drift) {
            if (drift.differences().isEmpty()) {
                out().println(topology.name() + ": no config drift"
                        + (drift.unread().isEmpty() ? "" : " on the nodes read"));
            } else {
                Table table = new Table("NODE", "KEY", "DECLARED", "FILE", "RUNNING", "NEXT START", "KIND");
                for (ConfigDrift.Difference d : drift.differences()) {
                    table.row(
                            d.node(),
                            d.key(),
                            shown(d.declared()),
                            shown(d.file()),
                            shown(d.running()),
                            shown(d.nextStart()) + " (" + d.nextStartFrom() + ")",
                            d.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                table.print(out());
                for (ConfigDrift.Difference d : drift.differences()) {
                    out().println(d.node() + " " + d.key() + ": " + d.kind().sentence()
                            + (d.note().isEmpty() ? "" : "; " + d.note()));
                }
            }
            out().flush();
            drift.unread().forEach(u -> err().println("not read: " + u.node() + ": " + u.reason()));
            err().flush();
        }

        private static String shown(Optional<String> value) {
            return value.orElse("-");
        }

        static Map<String, Object> document(Topology topology, ConfigDrift drift) {
            List<Map<String, Object>> differences = new ArrayList<>();
            for (ConfigDrift.Difference d : drift.differences()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("node", d.node());
                row.put("key", d.key());
                row.put("kind", d.kind().name());
                row.put("explanation", d.kind().sentence());
                row.put("declared", d.declared().orElse(null));
                row.put("file", d.file().orElse(null));
                row.put("running", d.running().orElse(null));
                row.put("nextStart", d.nextStart().orElse(null));
                row.put("nextStartFrom", d.nextStartFrom());
                row.put("note", d.note());
                differences.add(row);
            }
            List<Map<String, Object>> unread = new ArrayList<>();
            drift.unread().forEach(u -> unread.add(Map.of("node", u.node(), "reason", u.reason())));
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("cluster", topology.name());
            document.put("clean", drift.clean());
            document.put("differences", differences);
            document.put("unread", unread);
            return document;
        }
    }
}
