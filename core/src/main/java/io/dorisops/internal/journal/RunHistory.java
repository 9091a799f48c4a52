package io.dorisops.internal.journal;

import io.dorisops.DorisOpsException;
import io.dorisops.RunRecord;
import io.dorisops.Topology;
import io.dorisops.internal.context.ClusterIdentity;
import io.dorisops.internal.report.NodeTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The runs journaled under a state directory ({@code runs/<run>.jsonl}), newest first: what {@code
 * history} lists and where {@code resume} and {@code rollback} find their run. A journal of another
 * cluster is refused, naming both.
 *
 * <p>Each journal is read on its own: one that cannot be a run (empty, no header, a header refused, a
 * kind or action of a newer dorisops, unreadable) is listed as damaged with what is wrong and where,
 * and blocks nothing else — {@code history}, {@code report}, {@code resume} and {@code rollback} of
 * the other runs and the {@code unfinished-run} gate go on; only that run cannot be resumed.
 */
public final class RunHistory {

    /** A journal that cannot be read as a run. */
    record Damaged(Path file, String why, Instant modified) {
        String runId() {
            return runIdOf(file);
        }
    }

    /** The journals of the state directory: the runs, newest first, and the damaged ones. */
    record Listing(List<RunJournal.State> states, List<Damaged> damaged) {}

    private final Path stateDir;
    private final Topology topology;

    public RunHistory(Path stateDir, Topology topology) {
        this.stateDir = stateDir;
        this.topology = topology;
    }

    public Path runs() {
        return stateDir.resolve("runs");
    }

    /** Every run, newest first, as journaled; damaged journals left out. */
    public List<RunJournal.State> states() {
        return listing().states();
    }

    /**
     * Every journal: the runs newest first, and the damaged ones. Journals in the directories an earlier
     * dorisops made for this cluster ({@link ClusterIdentity#formerStateDirs}) count when they are of
     * this cluster; there, another cluster's of the same name is left out, not refused.
     */
    Listing listing() {
        List<RunJournal.State> states = new ArrayList<>();
        List<Damaged> damaged = new ArrayList<>();
        for (Path file : journals(runs())) {
            read(file, damaged).ifPresent(state -> {
                refuseForeign(state);
                states.add(state);
            });
        }
        for (Path former : ClusterIdentity.formerStateDirs(stateDir, topology)) {
            for (Path file : journals(former.resolve("runs"))) {
                read(file, damaged)
                        .filter(state ->
                                state.header().identity().mismatch(topology).isEmpty())
                        .ifPresent(states::add);
            }
        }
        states.sort(
                Comparator.comparing((RunJournal.State state) -> state.header().started())
                        .thenComparing(state -> state.header().runId())
                        .reversed());
        return new Listing(List.copyOf(states), List.copyOf(damaged));
    }

    private static List<Path> journals(Path runs) {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(runs)) {
            return listed.filter(file -> file.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
    }

    /** One journal as a run, or empty with the reason added to {@code damaged}. */
    private Optional<RunJournal.State> read(Path file, List<Damaged> damaged) {
        try {
            return Optional.of(RunJournal.replay(file, topology));
        } catch (RuntimeException e) {
            damaged.add(new Damaged(file, e.getMessage(), modified(file)));
            return Optional.empty();
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    /** Refuses another cluster's journal. */
    private void refuseForeign(RunJournal.State state) {
        state.header().identity().mismatch(topology).ifPresent(why -> {
            throw new DorisOpsException("the journal " + state.file() + " is not of this cluster: " + why
                    + ". Use the state directory of " + topology.source() + " (--state-dir), or the topology the run"
                    + " was made with.");
        });
    }

    /**
     * The newest run that is named {@code runId}, or else the newest eligible one.
     *
     * @throws DorisOpsException when the run named is journaled but damaged, saying what is wrong
     */
    public Optional<RunJournal.State> find(Optional<String> runId, Predicate<RunJournal.State> eligible) {
        Listing listing = listing();
        if (runId.isPresent()) {
            listing.damaged().stream()
                    .filter(damaged -> damaged.runId().equals(runId.get()))
                    .findFirst()
                    .ifPresent(damaged -> {
                        throw new DorisOpsException(
                                "the run " + runId.get() + " cannot be resumed or rolled back: " + damaged.why());
                    });
        }
        return listing.states().stream()
                .filter(state ->
                        runId.map(id -> id.equals(state.header().runId())).orElseGet(() -> eligible.test(state)))
                .findFirst();
    }

    /** The records people read: every run and every damaged journal, newest first. */
    public List<RunRecord> records() {
        Listing listing = listing();
        List<RunRecord> records = new ArrayList<>();
        listing.states().forEach(state -> records.add(record(state)));
        listing.damaged()
                .forEach(damaged -> records.add(new RunRecord(
                        damaged.runId(),
                        "unknown",
                        "",
                        "",
                        damaged.modified(),
                        "",
                        List.of(),
                        List.of(),
                        "damaged",
                        Optional.of(damaged.why()),
                        damaged.file(),
                        List.of(damaged.why()))));
        records.sort(Comparator.comparing(RunRecord::started).reversed());
        return List.copyOf(records);
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
                state.file(),
                state.damaged(),
                NodeTimes.of(header.operation(), state.entries()),
                NodeTimes.traffic(state.entries()));
    }

    public static String runIdOf(Path journal) {
        String name = journal.getFileName().toString();
        return name.substring(0, name.length() - ".jsonl".length());
    }

    public Path runFile(String runId) {
        return runs().resolve(runId + ".jsonl");
    }

    /** {@code base}, or {@code base-2}, {@code base-3}... when a run of that id exists (two runs in one second). */
    public String uniqueRunId(String base) {
        String id = base;
        for (int n = 2; Files.exists(runFile(id)); n++) {
            id = base + "-" + n;
        }
        return id;
    }
}
