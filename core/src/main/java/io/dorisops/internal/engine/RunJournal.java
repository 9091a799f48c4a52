package io.dorisops.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Topology;
import io.dorisops.UpgradePlan;
import io.dorisops.internal.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * {@code repaired} (a torn tail cut off), {@code note}, {@code end} (outcome and message). Every entry has
 * its {@code time}; a reader ignores types it does not know, so these additions keep format 2. A journal of format 1 (dorisops before the runner, upgrades only) is read through its
 * plan: its finished nodes count as finished steps.
 */
final class RunJournal implements AutoCloseable {

    static final int FORMAT = 2;

    /** What a run is, from its first entry. */
    record Header(
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
    record State(
            Header header,
            Set<Integer> stepsDone,
            Map<Integer, Integer> actionsDone,
            Optional<Map<String, String>> balance,
            String outcome,
            Optional<String> message,
            List<String> damaged,
            Path file) {

        /** The nodes of the finished node steps, in the order they finished, each once. */
        List<String> nodesDone() {
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

    private RunJournal(Journal journal) {
        this.journal = journal;
    }

    /** Creates a run's journal and writes its header. */
    static RunJournal create(Path file, Header header) {
        RunJournal run = new RunJournal(Journal.open(file));
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
    static RunJournal reopen(Path file) {
        return new RunJournal(Journal.open(file));
    }

    Path file() {
        return journal.file();
    }

    void balance(Map<String, String> previous) {
        journal.append("balance", Map.of("previous", previous));
    }

    /** @param started when the action began (its entry's {@code time} is when it finished) */
    void actionDone(int step, String node, int action, String key, Instant started) {
        journal.append(
                "action",
                Map.of("step", step, "node", node, "index", action, "action", key, "started", started.toString()));
    }

    /** The runner saw the master move between two steps. */
    void master(String from, String to) {
        journal.append("master", Map.of("from", from, "to", to));
    }

    /** @param readBack true when read from the master after the restore, false when only the values set */
    void balanceAfter(Map<String, String> values, boolean readBack) {
        journal.append("balance-after", Map.of("values", values, "readBack", readBack));
    }

    /** @param prepared true for a step that only prepared its node (staged a package) */
    void stepDone(int step, String node, boolean prepared) {
        journal.append("step-done", Map.of("step", step, "node", node, "prepared", prepared));
    }

    void undone(int step, String node, String outcome) {
        journal.append("undone", Map.of("step", step, "node", node, "outcome", outcome));
    }

    void resumed(String user, String machine) {
        journal.append("resumed", Map.of("user", user, "machine", machine));
    }

    void note(String message) {
        journal.append("note", Map.of("message", message));
    }

    void end(String outcome, String message) {
        journal.append("end", Map.of("outcome", outcome, "message", message));
    }

    @Override
    public void close() {
        journal.close();
    }

    /**
     * Reads a run back.
     *
     * @param topology the cluster, to read a format-1 journal's plan into an operation
     * @throws DorisOpsException when the first entry is no run header, naming the file and its format
     */
    static State replay(Path file, Topology topology) {
        Journal.Read read = Journal.read(file);
        List<JsonNode> entries = read.entries();
        if (entries.isEmpty() || !entries.get(0).path("type").asText().equals("run")) {
            throw new DorisOpsException("the journal " + file + " does not start with a run entry; it was not"
                    + " written by dorisops or lost its first line, and cannot be resumed or rolled back");
        }
        Header header = header(entries.get(0), topology, file);
        Set<Integer> stepsDone = new LinkedHashSet<>();
        Map<Integer, Integer> actionsDone = new HashMap<>();
        Optional<Map<String, String>> balance = Optional.empty();
        String outcome = "unfinished";
        Optional<String> message = Optional.empty();
        for (JsonNode entry : entries) {
            switch (entry.path("type").asText()) {
                case "action" -> {
                    if (entry.has("step")) {
                        actionsDone.merge(
                                entry.get("step").asInt(), entry.get("index").asInt() + 1, Math::max);
                    }
                }
                case "step-done" -> stepsDone.add(entry.get("step").asInt());
                    // A step put back (or not) by its undo is redone from its first action.
                case "undone" -> actionsDone.remove(entry.get("step").asInt());
                case "node-done" -> legacyDone(
                        header.operation(), entry.get("node").asText(), stepsDone);
                case "staged" -> legacyStaged(
                        header.operation(), entry.get("node").asText(), stepsDone);
                case "balance" -> {
                    if (balance.isEmpty()) {
                        balance = Optional.of(Json.MAPPER.convertValue(
                                entry.get("previous"),
                                Json.MAPPER
                                        .getTypeFactory()
                                        .constructMapType(LinkedHashMap.class, String.class, String.class)));
                    }
                }
                case "end" -> {
                    outcome = entry.path("outcome").asText("failed");
                    message = Optional.of(entry.path("message").asText(""));
                }
                case "resumed" -> {
                    outcome = "unfinished";
                    message = Optional.empty();
                }
                default -> {}
            }
        }
        return new State(header, stepsDone, actionsDone, balance, outcome, message, read.damaged(), file);
    }

    private static Header header(JsonNode run, Topology topology, Path file) {
        int format = run.path("format").asInt(1);
        List<String> forced = new ArrayList<>();
        run.path("forced").forEach(name -> forced.add(name.asText()));
        Instant started = Instant.parse(run.get("time").asText());
        String runId = run.path("runId").asText();
        String stamp = run.path("stamp").asText();
        if (format == FORMAT) {
            return new Header(
                    runId,
                    Operation.Kind.valueOf(run.path("kind")
                            .asText()
                            .toUpperCase(java.util.Locale.ROOT)
                            .replace('-', '_')),
                    stamp,
                    run.path("user").asText(),
                    run.path("machine").asText(),
                    forced,
                    ClusterIdentity.fromJson(run.path("identity")),
                    OperationJson.read(run.get("operation")),
                    format,
                    started,
                    RunPackage.fromJson(run.get("package")));
        }
        if (format != 1 || !run.has("plan")) {
            throw new DorisOpsException("the journal " + file + " has format " + format + ", which this dorisops"
                    + " does not know (it reads formats 1 and " + FORMAT + "); use the dorisops that wrote it");
        }
        UpgradePlan plan = Json.MAPPER.convertValue(run.get("plan"), UpgradePlan.class);
        Operation.Kind kind =
                run.path("kind").asText().equals("rollback") ? Operation.Kind.ROLLBACK : Operation.Kind.UPGRADE;
        return new Header(
                runId,
                kind,
                stamp,
                run.path("user").asText(),
                run.path("machine").asText(),
                forced,
                ClusterIdentity.legacy(plan),
                Plans.upgrade(topology, plan, stamp),
                format,
                started,
                Optional.empty());
    }

    private static void legacyDone(Operation operation, String node, Set<Integer> stepsDone) {
        List<Operation.Step> steps = operation.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).nodeId().equals(node)) {
                stepsDone.add(i);
            }
        }
    }

    private static void legacyStaged(Operation operation, String node, Set<Integer> stepsDone) {
        List<Operation.Step> steps = operation.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).nodeId().equals(node) && steps.get(i).reason() == Operation.Reason.STAGE_BEFORE_RESTARTS) {
                stepsDone.add(i);
            }
        }
    }
}
