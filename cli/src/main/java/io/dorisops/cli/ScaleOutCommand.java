package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scale-out}: nodes already added to the topology file join the running cluster: installed
 * from the package when given, added on the master and started (FEs with {@code --helper}).
 */
@Command(
        name = "scale-out",
        description = "Add nodes declared in the topology to the running cluster: install them from --package"
                + " (else their homes are taken as installed), ALTER SYSTEM ADD on the master, start them (FEs"
                + " with --helper the master or --helper ID), each verified alive. A node at another version than"
                + " the cluster's is refused unless --force same-version. The topology file is not changed.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  dorisops scale-out -t ha.yaml --node be-4 --node obs-1 -p doris-2.1.7.tar.gz")
final class ScaleOutCommand extends MembershipCommand {

    @Option(
            names = "--node",
            paramLabel = "ID",
            description = "A node of the topology to add (repeatable; required unless --plan).")
    List<String> nodes = new ArrayList<>();

    @Option(
            names = {"-p", "--package"},
            paramLabel = "FILE",
            description = "Install the nodes from this release tarball first.")
    Path packageFile;

    @Option(names = "--helper", paramLabel = "ID", description = "The FE new FEs join through (default: the master).")
    String helper;

    @Override
    protected int run(Cluster cluster) {
        choosing(plan, !nodes.isEmpty(), "--node", true);
        choosing(plan, packageFile != null || helper != null, "--package/--helper", false);
        return planThenRun(
                cluster,
                Operation.Kind.SCALE_OUT,
                () -> cluster.plan(Procedure.scaleOut(
                        select(cluster.topology(), nodes, List.of()),
                        Optional.ofNullable(packageFile),
                        Optional.ofNullable(helper))));
    }
}
