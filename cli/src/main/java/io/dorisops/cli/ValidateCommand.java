package io.dorisops.cli;

import io.dorisops.Role;
import io.dorisops.Topology;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dorisops validate FILE}: reads a topology and reports every problem at once. */
@Command(
        name = "validate",
        description = "Check a topology file and report every problem at once (exit 2 when it has errors).",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  dorisops validate cluster.yaml")
final class ValidateCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The topology file (YAML or JSON).")
    Path file;

    @Override
    public Integer call() {
        Topology topology = loadTopology(file);
        if (topology == null) {
            return INVALID;
        }
        List<String> warnings = topology.warnings();
        String summary = topology.nodes().stream()
                .collect(Collectors.groupingBy(node -> node.role(), LinkedHashMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .map(entry -> entry.getValue() + " " + roleName(entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", "));
        if (output().json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("file", file.toString());
            document.put("valid", true);
            document.put("cluster", topology.name());
            document.put("flavor", topology.flavor().key());
            document.put("nodes", topology.nodes().size());
            document.put("problems", List.of());
            document.put("warnings", warnings);
            printJson(document);
        } else {
            out().println(file + ": valid " + topology.flavor().key() + " topology \"" + topology.name() + "\" ("
                    + summary + ")");
            out().flush();
        }
        printWarnings(warnings);
        return OK;
    }

    private static String roleName(Role role, long count) {
        String name =
                switch (role) {
                    case FE_FOLLOWER -> "FE follower";
                    case FE_OBSERVER -> "FE observer";
                    case BE -> "BE";
                    case CN -> "compute node";
                    case BROKER -> "broker";
                    case META_SERVICE -> "MetaService";
                    case RECYCLER -> "Recycler";
                };
        return count == 1 ? name : name + "s";
    }
}
