package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deploy}: seed 004 as one command, the whole topology installed into empty homes from a
 * package, the first follower the master, the others joined with {@code --helper}, then BEs and CNs.
 */
@Command(
        name = "deploy",
        description = "Install a package into every node's empty home, write the conf files from the topology,"
                + " start the first follower as master, add and start the other FEs with --helper, then the BEs"
                + " and CNs; each verified alive at the package's version. Resumable (dorisops resume).",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  dorisops deploy -t ha.yaml -p apache-doris-2.1.7-bin-x64.tar.gz")
final class DeployCommand extends MembershipCommand {

    @Option(
            names = {"-p", "--package"},
            paramLabel = "FILE",
            description = "The release tarball of the topology's flavor (required unless --plan).")
    Path packageFile;

    @Override
    protected int run(Cluster cluster) {
        choosing(plan, packageFile != null, "--package", true);
        return planThenRun(cluster, Operation.Kind.DEPLOY, () -> cluster.plan(Procedure.deploy(packageFile)));
    }
}
