package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the FE metadata compatibility check saw: whether a test FE of the new version loaded a copy of
 * the master's metadata and replayed its journal, with the {@code fe.log} lines that say so or the
 * first error lines that say why not.
 *
 * @param passed true when the test FE loaded the image, replayed the journal and served {@code
 *     /api/bootstrap}
 * @param version the version of the package tested
 * @param master the live master whose meta dir was copied
 * @param host where the test FE ran
 * @param scratchDir the test FE's home on that host
 * @param kept true when the scratch copy is still there
 * @param ports the test FE's ports by fe.conf key
 * @param livePorts every port of the live cluster on that host, and every port listening there before
 *     the test FE started: the test FE's ports are none of them
 * @param recoverySwitch the recovery switch given to the test FE, as the version takes it
 * @param evidence the {@code fe.log} lines (and the bootstrap answer) the verdict rests on
 * @param errors the first error lines of {@code fe.log}/{@code fe.out} (empty on a clean pass)
 * @param elapsed how long the check took
 */
public record FrontendCheckResult(
        boolean passed,
        Version version,
        String master,
        String host,
        String scratchDir,
        boolean kept,
        Map<String, Integer> ports,
        Set<Integer> livePorts,
        String recoverySwitch,
        List<String> evidence,
        List<String> errors,
        Duration elapsed) {

    public FrontendCheckResult {
        requireNonNull(version, "version");
        requireNonNull(master, "master");
        requireNonNull(host, "host");
        requireNonNull(scratchDir, "scratchDir");
        ports = Map.copyOf(ports);
        livePorts = Set.copyOf(livePorts);
        requireNonNull(recoverySwitch, "recoverySwitch");
        evidence = List.copyOf(evidence);
        errors = List.copyOf(errors);
        requireNonNull(elapsed, "elapsed");
    }

    /** One paragraph for people: the verdict, then the evidence or the errors. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(passed ? "passed" : "FAILED")
                .append(": a ")
                .append(version.number())
                .append(" FE on ")
                .append(host)
                .append(passed ? " loaded" : " could not load")
                .append(" a copy of the metadata of master ")
                .append(master)
                .append(" (test FE in ")
                .append(scratchDir)
                .append(kept ? ", kept" : ", removed")
                .append("; ports ")
                .append(ports)
                .append("; ")
                .append(recoverySwitch)
                .append(")");
        for (String line : passed ? evidence : errors) {
            text.append("\n  | ").append(line);
        }
        return text.toString();
    }
}
