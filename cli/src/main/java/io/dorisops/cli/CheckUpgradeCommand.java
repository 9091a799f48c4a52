package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.FrontendCheckResult;
import io.dorisops.PreconditionFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code check-upgrade}: the FE metadata compatibility check of a package (seeds 000/001). */
@Command(
        name = "check-upgrade",
        description = "Start a test FE of the package on a copy of the master's meta dir (other ports, cluster id"
                + " 123456, the recovery switch of that version) and say whether it loads the image and replays"
                + " the journal; the live cluster is never written.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  dorisops check-upgrade -t cluster.yaml -p doris-3.0.3.tar.gz --on 10.0.0.9")
final class CheckUpgradeCommand extends ClusterCommand {
    @Option(
            names = {"-p", "--package"},
            required = true,
            paramLabel = "FILE",
            description = "The release tarball.")
    Path packageFile;

    @Option(names = "--on", paramLabel = "HOST", description = "Where the test FE runs (default this machine).")
    String host;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where on that host the test FE's home is made (default its temp dir).")
    Path workDir;

    @Option(names = "--keep", description = "Keep the test FE's home after a pass (always kept after a failure).")
    boolean keep;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "How long the test FE may take to load the metadata (default 5m).")
    Duration timeout;

    @Option(
            names = "--ports",
            paramLabel = "FIRST-LAST",
            description = "The ports the test FE may take (default 18000-18999).")
    String ports;

    @Override
    protected int run(Cluster cluster) {
        FrontendCheckOptions options;
        try {
            FrontendCheckOptions.Builder builder =
                    FrontendCheckOptions.builder().keep(keep).listener(listener());
            if (host != null) {
                builder.host(host);
            }
            if (workDir != null) {
                builder.workDir(workDir.toAbsolutePath());
            }
            if (timeout != null) {
                builder.timeout(timeout);
            }
            if (ports != null) {
                String[] range = ports.split("-");
                if (range.length != 2 || !range[0].matches("\\d+") || !range[1].matches("\\d+")) {
                    throw new IllegalArgumentException("--ports takes FIRST-LAST, e.g. 18000-18999; got " + ports);
                }
                builder.ports(Integer.parseInt(range[0]), Integer.parseInt(range[1]));
            }
            options = builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        FrontendCheckResult result;
        try {
            result = cluster.checkFrontendUpgrade(packageFile, options);
        } catch (PreconditionFailedException e) {
            failed(e);
            return INVALID;
        } catch (DorisOpsException e) {
            return failed(e);
        }
        if (output().json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("ok", result.passed());
            document.put("version", result.version().number());
            document.put("master", result.master());
            document.put("host", result.host());
            document.put("scratchDir", result.scratchDir());
            document.put("kept", result.kept());
            document.put("ports", result.ports());
            document.put("livePorts", result.livePorts());
            document.put("recoverySwitch", result.recoverySwitch());
            document.put("evidence", result.evidence());
            document.put("errors", result.errors());
            document.put("elapsedMs", result.elapsed().toMillis());
            document.put("events", events());
            printJson(document);
        } else {
            (result.passed() ? out() : err()).println(result.summary());
            out().flush();
            err().flush();
        }
        return result.passed() ? OK : FAILED;
    }
}
