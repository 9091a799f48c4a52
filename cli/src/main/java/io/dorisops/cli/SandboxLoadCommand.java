package io.dorisops.cli;

import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.Workload;
import io.dorisops.testkit.WorkloadReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dorisops sandbox load}: runs the testkit's workload ({@link Workload}) against a running
 * sandbox: queries and loads at fixed rates through its FEs for a bounded time, then prints what
 * happened each second and in total. Exit 1 when a statement failed, naming the errors.
 */
@Command(
        name = "load",
        description = "Query and load a running sandbox at fixed rates for a while; print per second and in total"
                + " the ok and failed queries and loads (with the errors) and the rows written."
                + " Exit 1 when a statement failed.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops sandbox load --qps 20 --loads 2/s --duration 30s",
            "  dorisops sandbox load --dir /tmp/sr --qps 5 --loads 1/s --json"
        })
final class SandboxLoadCommand extends SandboxCommand.AtDir {
    @Option(names = "--qps", defaultValue = "5", description = "queries per second, 0-1000 (default ${DEFAULT-VALUE})")
    double qps;

    @Option(
            names = "--loads",
            defaultValue = "1/s",
            paramLabel = "N/s",
            description = "inserts per second, e.g. 2/s, 0-100 (default ${DEFAULT-VALUE})")
    String loads;

    @Option(names = "--rows", defaultValue = "10", description = "rows per insert, 1-10000 (default ${DEFAULT-VALUE})")
    int rows;

    @Option(
            names = "--table",
            defaultValue = "workload_db.events",
            description = "db.table, created when absent (default ${DEFAULT-VALUE})")
    String table;

    @Option(
            names = "--duration",
            defaultValue = "10s",
            description = "how long to run, at most 1h (default ${DEFAULT-VALUE})")
    Duration duration;

    @Override
    public Integer call() {
        WorkloadReport report;
        try {
            Workload.Builder builder = Sandbox.attach(dir)
                    .workload()
                    .qps(qps)
                    .loadsPerSecond(perSecond(loads))
                    .rowsPerLoad(rows)
                    .table(table)
                    .duration(duration);
            try (Workload workload = builder.start()) {
                report = workload.await();
            }
        } catch (RuntimeException e) {
            return fail(e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                "%6s %10s %13s %8s %12s %12s",
                "second", "queries ok", "queries failed", "loads ok", "loads failed", "rows written"));
        List<WorkloadReport.Second> all = new ArrayList<>(report.seconds());
        all.add(report.total());
        for (WorkloadReport.Second s : all) {
            lines.add(String.format(
                    "%6s %10d %13d %8d %12d %12d",
                    s.second() < 0 ? "total" : String.valueOf(s.second()),
                    s.queriesOk(),
                    s.queriesFailed(),
                    s.loadsOk(),
                    s.loadsFailed(),
                    s.rowsWritten()));
        }
        report.errors().forEach((text, count) -> lines.add(count + " x " + text));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("dir", dir.toString());
        document.put("table", table);
        document.put("seconds", report.seconds());
        document.put("total", report.total());
        document.put("errors", report.errors());
        emit(document, lines);
        return report.failedQueries() + report.failedLoads() == 0 ? OK : FAILED;
    }

    /** {@code 2/s} or {@code 2}: inserts per second. */
    private static double perSecond(String value) {
        String number = value.strip().endsWith("/s")
                ? value.strip().substring(0, value.strip().length() - 2)
                : value;
        try {
            return Double.parseDouble(number.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--loads must be a number of inserts per second such as 2/s, got \"" + value + "\"");
        }
    }
}
