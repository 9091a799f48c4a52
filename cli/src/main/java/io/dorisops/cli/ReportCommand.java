package io.dorisops.cli;

import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.RunOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dorisops report}: one run's report as a self-contained HTML page (timeline of each node's
 * downtime, the plan, every journal entry, forced checks, balance before and after, the outcome). Reads
 * only the journal, so it works while the cluster is down.
 */
@Command(
        name = "report",
        description = "Write a run's report as one self-contained HTML page: each node's downtime on a timeline,"
                + " the master change, the plan, every event, forced checks, balance before and after, the outcome.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops report --topology cluster.yaml --out report.html",
            "  dorisops report -t cluster.yaml --run upgrade-20261201-100000 -o up.html"
        })
final class ReportCommand extends ClusterCommand {

    @Option(
            names = "--run",
            paramLabel = "ID",
            description = "The run, as 'dorisops history' lists it (default: the newest run).")
    String run;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            defaultValue = "report.html",
            description = "Where to write the page (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    protected int run(Cluster cluster) {
        RunOptions.Builder options = RunOptions.builder();
        stateDir().ifPresent(options::stateDir);
        try {
            String html = cluster.report(Optional.ofNullable(run), options.build());
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, html, StandardCharsets.UTF_8);
        } catch (DorisOpsException e) {
            return failed(e);
        } catch (IOException e) {
            return failed(new DorisOpsException(
                    "cannot write the report to " + out + ": " + e + "; choose another --out", e));
        }
        if (output().json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("ok", true);
            document.put("run", run);
            document.put("out", out.toAbsolutePath().toString());
            printJson(document);
        } else {
            out().println("report written to " + out.toAbsolutePath());
            out().flush();
        }
        return OK;
    }
}
