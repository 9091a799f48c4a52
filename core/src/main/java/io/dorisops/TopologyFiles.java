package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Updates a topology file after a change to the cluster succeeded (a scale-in removed nodes, say):
 * the old file is kept as a timestamped backup beside it and the new one replaces it atomically, so
 * a reader sees the old file or the new, never half of one; both are forced to disk with their
 * directory before this returns ({@link DurableFiles#replace}), so a power loss right after a scale-in
 * cannot bring back the old members or leave an empty file.
 *
 * <p>Which operations change the file: deploy and scale-out change nothing (the nodes are in the file
 * before they run); a scale-in removes the nodes it took out. Call this only once the change
 * succeeded: a failed run leaves the file as it was.
 *
 * <pre>{@code
 * Path backup = TopologyFiles.replace(Path.of("prod.yaml"), smaller);
 * }</pre>
 */
public final class TopologyFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private TopologyFiles() {}

    /**
     * Writes {@code topology} to {@code file} as YAML ({@link Topology#toYaml()}), after copying the old
     * file to {@code <file>.<yyyyMMdd-HHmmss>.bak} (UTC; {@code -1}, {@code -2}... when that exists).
     * The new text is checked to read back equal before the file is touched.
     *
     * @return the backup of the old file
     * @throws DorisOpsException when the file cannot be read, backed up or written (it is unchanged then),
     *     or when the topology holds a secret given by code that a file cannot name
     */
    public static Path replace(Path file, Topology topology) {
        requireNonNull(file, "file");
        requireNonNull(topology, "topology");
        String yaml = topology.toYaml();
        Topology reread = Topology.parse(yaml, file.toString());
        if (!reread.nodes().equals(topology.nodes())) {
            throw new DorisOpsException(
                    "the new topology for " + file + " does not read back equal; the file is" + " unchanged");
        }
        Path absolute = file.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new DorisOpsException(
                    absolute + " is not a topology file to replace; write it with" + " Topology.toYaml() first");
        }
        Path backup = backupName(absolute);
        try {
            Files.copy(absolute, backup, StandardCopyOption.COPY_ATTRIBUTES);
            DurableFiles.sync(backup);
            DurableFiles.replace(
                    absolute,
                    ("# " + topology.name() + ", written by dorisops on " + Instant.now() + "; the previous file is "
                                    + backup.getFileName() + "\n" + yaml)
                            .getBytes(StandardCharsets.UTF_8));
            return backup;
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot replace " + absolute + " (" + e.getMessage() + "); the file is unchanged", e);
        } catch (UncheckedIOException e) {
            throw new DorisOpsException("cannot replace " + absolute + ": " + e.getMessage(), e);
        }
    }

    private static Path backupName(Path file) {
        String base = file.getFileName() + "." + STAMP.format(Instant.now());
        Path backup = file.resolveSibling(base + ".bak");
        for (int i = 1; Files.exists(backup); i++) {
            backup = file.resolveSibling(base + "-" + i + ".bak");
        }
        return backup;
    }
}
