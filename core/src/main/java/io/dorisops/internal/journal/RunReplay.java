package io.dorisops.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Operation;
import io.dorisops.internal.Excerpt;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The progress of a run read back from its journal entry by entry ({@link RunJournal#replay}): steps
 * and actions done, the balance values to restore, the outcome. Each entry is checked against what its
 * type says before it counts (a step that is in the operation, an action index within the step, a
 * balance value that is a plain word for each of the flavor's switches, times that parse); {@link
 * #apply} throws {@link IllegalArgumentException} otherwise, and the caller reports the line.
 */
final class RunReplay {

    private final RunJournal.Header header;
    private final Set<Integer> stepsDone = new LinkedHashSet<>();
    private final Map<Integer, Integer> actionsDone = new HashMap<>();
    private Optional<Map<String, String>> balance = Optional.empty();
    private String outcome = "unfinished";
    private Optional<String> message = Optional.empty();

    RunReplay(RunJournal.Header header) {
        this.header = header;
    }

    Set<Integer> stepsDone() {
        return stepsDone;
    }

    Map<Integer, Integer> actionsDone() {
        return actionsDone;
    }

    /** The balance values of the run's first {@code balance} entry. */
    Optional<Map<String, String>> balance() {
        return balance;
    }

    String outcome() {
        return outcome;
    }

    Optional<String> message() {
        return message;
    }

    /** @throws IllegalArgumentException when the entry is not what its type says */
    void apply(JsonNode entry) {
        Instant.parse(required(entry, "time").asText());
        Operation operation = header.operation();
        switch (entry.path("type").asText()) {
            case "action" -> {
                if (entry.has("step")) {
                    int step = step(entry);
                    int index = number(entry, "index");
                    if (index >= operation.steps().get(step).actions().size()) {
                        throw new IllegalArgumentException(
                                "action " + index + " of step " + step + " is not in" + " the operation");
                    }
                    if (entry.has("started")) {
                        Instant.parse(entry.get("started").asText());
                    }
                    actionsDone.merge(step, index + 1, Math::max);
                }
            }
            case "step-done" -> stepsDone.add(step(entry));
                // A step put back (or not) by its undo is redone from its first action.
            case "undone" -> actionsDone.remove(step(entry));
            case "node-done" -> legacyDone(operation, node(entry), stepsDone);
            case "staged" -> legacyStaged(operation, node(entry), stepsDone);
            case "balance" -> {
                Map<String, String> values = switches(operation, required(entry, "previous"));
                if (balance.isEmpty()) {
                    balance = Optional.of(values);
                }
            }
            case "balance-after" -> switches(operation, required(entry, "values"));
            case "master" -> {
                JournalValues.nodeId("from", required(entry, "from").asText());
                JournalValues.nodeId("to", required(entry, "to").asText());
            }
            case "end" -> {
                outcome = JournalValues.word("outcome", entry.path("outcome").asText("failed"));
                message = Optional.of(entry.path("message").asText(""));
            }
            case "resumed" -> {
                JournalValues.shown("user", entry.path("user").asText());
                JournalValues.shown("machine", entry.path("machine").asText());
                outcome = "unfinished";
                message = Optional.empty();
            }
            default -> {}
        }
    }

    private int step(JsonNode entry) {
        int step = number(entry, "step");
        if (step >= header.operation().steps().size()) {
            throw new IllegalArgumentException("step " + step + " is not in the operation ("
                    + header.operation().steps().size() + " steps)");
        }
        return step;
    }

    private static String node(JsonNode entry) {
        return JournalValues.nodeId("node", required(entry, "node").asText());
    }

    private static int number(JsonNode entry, String field) {
        JsonNode value = required(entry, field);
        if (!value.canConvertToInt() || value.asInt() < 0) {
            throw new IllegalArgumentException(field + " " + value + " is not a number of 0 or more");
        }
        return value.asInt();
    }

    /** Balance values as journaled: one plain word for each switch of the flavor, nothing else. */
    private static Map<String, String> switches(Operation operation, JsonNode values) {
        Map<String, String> switches = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        operation.flavor().balanceSwitches().forEach(each -> keys.add(each.key()));
        values.fields().forEachRemaining(field -> {
            if (!keys.contains(field.getKey()) || !field.getValue().isTextual()) {
                throw new IllegalArgumentException("balance switch " + Excerpt.quote(field.getKey()) + " is not one of "
                        + keys + " with a text value");
            }
            switches.put(
                    field.getKey(),
                    JournalValues.word(field.getKey(), field.getValue().asText()));
        });
        if (!switches.keySet().equals(keys)) {
            throw new IllegalArgumentException("balance values " + switches.keySet() + " are not those of " + keys);
        }
        return switches;
    }

    private static JsonNode required(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing");
        }
        return value;
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
