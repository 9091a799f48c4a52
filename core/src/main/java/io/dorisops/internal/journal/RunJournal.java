package io.dorisops.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Topology;
import io.dorisops.Traffic;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.context.ClusterIdentity;
import io.dorisops.internal.context.TransferProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The typed entries of a run's {@link Journal}, written in one place and read back by {@link #replay}.
 *
 * <p>Format 2 entries: {@code run} (id, kind, stamp, who, where, forced gates, the cluster's identity,
 * the operation, the package and its SHA-512 ({@link RunPackage}), absent before it was journaled), {@code balance} (the switch values before the run's first pause), {@code action}
 * (step, action index and key: done; {@code started}, when the action began), {@code step-done}, {@code
 * undone} (a failed step put back, or not), {@code master} (the runner saw the master move: from, to),
 * {@code balance-after} (the switch values after the restore, read back or as set), {@code resumed},
 * {@code transfer} (an upload to a node's host began or ended: node, host, file, phase, bytes, elapsed),
 * {@code repaired} (a torn tail cut off), {@code note}, {@code traffic} (the counts of the client traffic the
 * run is watched under: queries and loads ok and failed so far), {@code end} (outcome and message). Every entry has
 * its {@code time}; a reader ignores types it does not know, so these additions keep format 2. A journal of format 1 (dorisops before the runner, upgrades only) is read through its
 * plan: its finished nodes count as finished steps.
 */
public final class RunJournal implements AutoCloseable {

    public static final int FORMAT = 2;

    /** What a run is, from its first entry. */
    public record Header(
            String runId,
            Operation.Kind kind,
            String stamp,
            String user,
            String machine,
            List<String> forced,
            ClusterIdentity identity,
            Operation operation,
            int format,
            Instant started,
            Optional<RunPackage> pkg) {}

    /** A run as its journal tells it. */
    public record State(
            Header header,
            Set<Integer> stepsDone,
            Map<Integer, Integer> actionsDone,
            Optional<Map<String, String>> balance,
            String outcome,
            Optional<String> message,
            List<String> damaged,
            Path file,
            List<JsonNode> entries) {

        /** The nodes of the finished node steps, in the order they finished, each once. */
        public List<String> nodesDone() {
            Set<String> nodes = new LinkedHashSet<>();
            stepsDone.forEach(index -> {
                Operation.Step step = header.operation().steps().get(index);
                if (!step.onCluster() && step.reason() != Operation.Reason.STAGE_BEFORE_RESTARTS) {
                    nodes.add(step.nodeId());
                }
            });
            return List.copyOf(nodes);
        }
    }

    private final Journal journal;

    /** Over an open journal (tests give one writing to a faulty disk). */
    public RunJournal(Journal journal) {
        this.journal = journal;
    }

    /** Creates a run's journal and writes its header; {@code sync} false: entries are not forced to disk. */
    public static RunJournal create(Path file, Header header, boolean sync) {
        RunJournal run = new RunJournal(Journal.open(file, sync));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("format", FORMAT);
        fields.put("runId", header.runId());
        fields.put("kind", header.kind().key());
        fields.put("stamp", header.stamp());
        fields.put("user", header.user());
        fields.put("machine", header.machine());
        fields.put("forced", header.forced());
        fields.put("identity", header.identity().toJson());
        fields.put("operation", OperationJson.write(header.operation()));
        header.pkg().ifPresent(pkg -> fields.put("package", pkg.toJson()));
        run.journal.append("run", fields);
        return run;
    }

    /** Opens an existing run's journal to go on appending (a torn tail is repaired first). */
    public static RunJournal reopen(Path file) {
        return reopen(file, true);
    }

    /** {@link #reopen(Path)}; {@code sync} false: entries are not forced to disk. */
    public static RunJournal reopen(Path file, boolean sync) {
        return new RunJournal(Journal.open(file, sync));
    }

    public Path file() {
        return journal.file();
    }

    public void balance(Map<String, String> previous) {
        journal.append("balance", Map.of("previous", previous));
    }

    /** @param started when the action began (its entry's {@code time} is when it finished) */
    public void actionDone(int step, String node, int action, String key, Instant started) {
        journal.append(
                "action",
                Map.of("step", step, "node", node, "index", action, "action", key, "started", started.toString()));
    }

    /** The runner saw the master move between two steps. */
    public void master(String from, String to) {
        journal.append("master", Map.of("from", from, "to", to));
    }

    /** @param readBack true when read from the master after the restore, false when only the values set */
    public void balanceAfter(Map<String, String> values, boolean readBack) {
        journal.append("balance-after", Map.of("values", values, "readBack", readBack));
    }

    /** @param prepared true for a step that only prepared its node (staged a package) */
    public void stepDone(int step, String node, boolean prepared) {
        journal.append("step-done", Map.of("step", step, "node", node, "prepared", prepared));
    }

    public void undone(int step, String node, String outcome) {
        journal.append("undone", Map.of("step", step, "node", node, "outcome", outcome));
    }

    public void resumed(String user, String machine) {
        journal.append("resumed", Map.of("user", user, "machine", machine));
    }

    /**
     * An upload to a node's host began ({@code started}, the bytes to move) or ended ({@code finished},
     * the bytes moved and how long it took); the ticks between are events only ({@link TransferProgress}).
     */
    public void transfer(String node, String host, String file, String phase, long bytes, Duration elapsed) {
        journal.append(
                "transfer",
                Map.of(
                        "node", node,
                        "host", host,
                        "file", file,
                        "phase", phase,
                        "bytes", bytes,
                        "elapsedMillis", elapsed.toMillis()));
    }

    public void note(String message) {
        journal.append("note", Map.of("message", message));
    }

    /** The client traffic's counts so far ({@link Traffic}), when they changed. */
    public void traffic(Traffic.Counts counts) {
        journal.append(
                "traffic",
                Map.of(
                        "queriesOk", counts.queriesOk(),
                        "queriesFailed", counts.queriesFailed(),
                        "loadsOk", counts.loadsOk(),
                        "loadsFailed", counts.loadsFailed()));
    }

    public void end(String outcome, String message) {
        journal.append("end", Map.of("outcome", outcome, "message", message));
    }

    /** The end of a run that failed with {@code failure}: a journal write failure is attached to it, never in its place. */
    public void failed(String outcome, RuntimeException failure) {
        alongside(failure, () -> end(outcome, String.valueOf(failure.getMessage())));
    }

    /**
     * Journals with {@code write} while {@code failure} is the run's error (null: none): a write that
     * fails then is attached to that error, never in its place; with no error it is the error.
     */
    public static void alongside(RuntimeException failure, Runnable write) {
        if (failure == null) {
            write.run();
            return;
        }
        try {
            write.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        journal.close();
    }

    /**
     * Reads a run back. Every entry is checked before it counts: one that is not what its type says (a
     * step that is not in the operation, a balance value that is no plain word, a time that does not
     * parse) is reported with its line and skipped, as an unreadable line is; a type this dorisops does
     * not know (a newer one wrote it) is skipped silently.
     *
     * @param topology the cluster, to read a format-1 journal's plan into an operation
     * @throws DorisOpsException when the file cannot be a run: no run header first, a header whose run
     *     id, stamp, kind, identity or operation is missing or refused, naming the file and what is wrong
     */
    public static State replay(Path file, Topology topology) {
        Journal.Read read = Journal.read(file);
        List<Journal.Line> lines = read.lines();
        if (lines.isEmpty() || !lines.get(0).entry().path("type").asText().equals("run")) {
            throw new DorisOpsException("the journal " + file + " does not start with a run entry"
                    + (lines.isEmpty()
                            ? " (it holds no readable entry)"
                            : " (its first is on line " + lines.get(0).number() + ")")
                    + "; it was not written by dorisops or lost its first line, and cannot be resumed or rolled back");
        }
        Header header;
        try {
            header = header(lines.get(0).entry(), topology, file);
        } catch (IllegalArgumentException | java.time.DateTimeException | DorisOpsException e) {
            throw new DorisOpsException("the journal " + file + " has a run entry this dorisops cannot act on ("
                    + e.getMessage() + "); it was tampered with or written by a newer dorisops, and cannot be"
                    + " resumed or rolled back");
        }
        RunReplay replay = new RunReplay(header);
        List<String> damaged = new ArrayList<>(read.damaged());
        List<JsonNode> entries = new ArrayList<>();
        for (Journal.Line line : lines) {
            try {
                replay.apply(line.entry());
                entries.add(line.entry());
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                if (line.entry().path("type").asText().equals("balance")) {
                    // Skipped, the resume would take the paused values it finds for the ones to restore.
                    throw new DorisOpsException("the journal " + file + " has balance values this dorisops"
                            + " refuses on line " + line.number() + " (" + e.getMessage() + "); it was tampered"
                            + " with and cannot be resumed or rolled back. Restore the switches by hand");
                }
                damaged.add(Journal.where(file, line.number()) + " is damaged and was skipped: " + e.getMessage());
            }
        }
        return new State(
                header,
                replay.stepsDone(),
                replay.actionsDone(),
                replay.balance(),
                replay.outcome(),
                replay.message(),
                damaged,
                file,
                entries);
    }

    private static Header header(JsonNode run, Topology topology, Path file) {
        int format = run.path("format").asInt(1);
        List<String> forced = new ArrayList<>();
        run.path("forced").forEach(name -> forced.add(JournalValues.word("forced check", name.asText())));
        Instant started = Instant.parse(run.path("time").asText());
        String runId = JournalValues.runId("run id", run.path("runId").asText());
        if (!runId.equals(RunHistory.runIdOf(file))) {
            throw new IllegalArgumentException("run id " + runId + " is not the file's name " + file.getFileName());
        }
        String stamp = JournalValues.stamp(run.path("stamp").asText());
        String user = JournalValues.shown("user", run.path("user").asText());
        String machine = JournalValues.shown("machine", run.path("machine").asText());
        if (format == FORMAT) {
            ClusterIdentity identity = ClusterIdentity.fromJson(run.path("identity"));
            if (identity.name().isEmpty()
                    || (identity.key().isEmpty() && identity.digest().isEmpty())) {
                throw new IllegalArgumentException("it records no cluster identity, so it matches no cluster");
            }
            return new Header(
                    runId,
                    kind(run.path("kind").asText()),
                    stamp,
                    user,
                    machine,
                    forced,
                    identity,
                    OperationJson.read(run.path("operation")),
                    format,
                    started,
                    RunPackage.fromJson(run.get("package")));
        }
        if (format != 1 || !run.has("plan")) {
            throw new DorisOpsException("the journal " + file + " has format " + format + ", which this dorisops"
                    + " does not know (it reads formats 1 and " + FORMAT + "); use the dorisops that wrote it");
        }
        JsonNode plan = run.get("plan");
        Operation.Kind kind =
                run.path("kind").asText().equals("rollback") ? Operation.Kind.ROLLBACK : Operation.Kind.UPGRADE;
        return new Header(
                runId,
                kind,
                stamp,
                user,
                machine,
                forced,
                FormatOnePlan.identity(plan),
                FormatOnePlan.operation(plan, topology, stamp),
                format,
                started,
                Optional.empty());
    }

    private static Operation.Kind kind(String key) {
        for (Operation.Kind kind : Operation.Kind.values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind " + Excerpt.quote(key) + " is unknown (a newer dorisops wrote it?)");
    }
}
