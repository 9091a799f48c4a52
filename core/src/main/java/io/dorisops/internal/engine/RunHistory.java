package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.RunRecord;
import io.dorisops.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The runs journaled under a state directory ({@code runs/<run>.jsonl}), newest first: what {@code
 * history} lists and where {@code resume} and {@code rollback} find their run. A journal of another
 * cluster is refused, naming both.
 */
final class RunHistory {

    private final Path stateDir;
    private final Topology topology;

    RunHistory(Path stateDir, Topology topology) {
        this.stateDir = stateDir;
        this.topology = topology;
    }

    Path runs() {
        return stateDir.resolve("runs");
    }

    /** Every run, newest first, as journaled. */
    List<RunJournal.State> states() {
        Path runs = runs();
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runs)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsonl"))
                    .map(this::replay)
                    .sorted(Comparator.comparing(
                                    (RunJournal.State state) -> state.header().started())
                            .thenComparing(state -> state.header().runId())
                            .reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
    }

    /** Reads one journal, refusing another cluster's. */
    RunJournal.State replay(Path file) {
        RunJournal.State state = RunJournal.replay(file, topology);
        state.header().identity().mismatch(topology).ifPresent(why -> {
            throw new DorisOpsException("the journal " + file + " is not of this cluster: " + why
                    + ". Use the state directory of " + topology.source() + " (--state-dir), or the topology the run"
                    + " was made with.");
        });
        return state;
    }

    /** The newest run that is named {@code runId}, or else the newest eligible one. */
    Optional<RunJournal.State> find(Optional<String> runId, Predicate<RunJournal.State> eligible) {
        return states().stream()
                .filter(state ->
                        runId.map(id -> id.equals(state.header().runId())).orElse(eligible.test(state)))
                .findFirst();
    }

    /** The records people read. */
    List<RunRecord> records() {
        return states().stream().map(RunHistory::record).toList();
    }

    static RunRecord record(RunJournal.State state) {
        RunJournal.Header header = state.header();
        return new RunRecord(
                header.runId(),
                header.kind().key(),
                header.user(),
                header.machine(),
                header.started(),
                header.operation().target().map(Object::toString).orElse(""),
                state.nodesDone(),
                header.forced(),
                state.outcome(),
                state.message(),
                state.file());
    }

    static String runIdOf(Path journal) {
        String name = journal.getFileName().toString();
        return name.substring(0, name.length() - ".jsonl".length());
    }

    Path runFile(String runId) {
        return runs().resolve(runId + ".jsonl");
    }

    /** {@code base}, or {@code base-2}, {@code base-3}... when a run of that id exists (two runs in one second). */
    String uniqueRunId(String base) {
        String id = base;
        for (int n = 2; Files.exists(runFile(id)); n++) {
            id = base + "-" + n;
        }
        return id;
    }
}
