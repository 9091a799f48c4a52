package io.dorisops;

import io.dorisops.Operation.Batch;
import io.dorisops.Operation.Step;
import io.dorisops.internal.action.Action;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The text side of an {@link Operation}: how it and its steps read for people ({@link Operation#describe()},
 * {@link Step#describe()}), one line per step with its actions and reason, then its batches, skipped nodes
 * and notes; and the check that its batches name its node steps ({@link #validate}).
 */
final class OperationText {

    private OperationText() {}

    static String describe(Operation operation) {
        StringBuilder text = new StringBuilder();
        text.append(capitalized(operation.kind().key()))
                .append(' ')
                .append(operation.cluster())
                .append(" (")
                .append(operation.flavor().key())
                .append(')')
                .append(operation.target().map(v -> " to " + v).orElse(""))
                .append(operation.of().map(run -> ", undoing " + run).orElse(""))
                .append(operation.pausesBalance() ? ", tablet balancing paused" : "")
                .append('\n');
        if (operation.steps().isEmpty()) {
            text.append("  nothing to do\n");
        }
        for (int i = 0; i < operation.steps().size(); i++) {
            Step step = operation.steps().get(i);
            text.append(String.format(
                    "  %2d. %-12s %-12s %s%n      %s%n",
                    i + 1,
                    step.onCluster() ? step.component().orElse("(cluster)") : step.nodeId(),
                    step.role().map(Role::key).orElse(""),
                    step.reason().sentence(),
                    step.describe()));
        }
        for (int i = 0; i < operation.batches().size(); i++) {
            Batch batch = operation.batches().get(i);
            text.append(String.format(
                    "  batch %d (steps %d-%d): %s at once: %s%n",
                    i + 1,
                    batch.steps().get(0) + 1,
                    batch.steps().get(batch.steps().size() - 1) + 1,
                    String.join(
                            ", ",
                            batch.steps().stream()
                                    .map(s -> operation.steps().get(s).nodeId())
                                    .toList()),
                    batch.why()));
        }
        operation.skipped().forEach(skip -> text.append("  skipped ")
                .append(skip.nodeId())
                .append(": ")
                .append(skip.reason())
                .append('\n'));
        operation
                .warnings()
                .forEach(warning -> text.append("  note: ").append(warning).append('\n'));
        return text.toString();
    }

    static String describe(Step step) {
        return String.join(", ", step.actions().stream().map(Action::describe).toList())
                + (step.undo().isEmpty()
                        ? ""
                        : "; on failure: "
                                + String.join(
                                        ", ",
                                        step.undo().stream()
                                                .map(Action::describe)
                                                .toList()));
    }

    /**
     * Refuses batches that name a step the operation lacks, a cluster step, a step in two batches or a
     * node twice in one batch.
     */
    static void validate(List<Batch> batches, List<Step> steps) {
        Set<Integer> seen = new HashSet<>();
        for (Batch batch : batches) {
            Set<String> nodes = new HashSet<>();
            for (int index : batch.steps()) {
                if (index < 0 || index >= steps.size()) {
                    throw new IllegalArgumentException("batch " + batch.steps() + " names step " + (index + 1)
                            + ", but the operation has " + steps.size() + " steps");
                }
                Step step = steps.get(index);
                if (step.onCluster() || !seen.add(index) || !nodes.add(step.nodeId())) {
                    throw new IllegalArgumentException("batch " + batch.steps() + ": step " + (index + 1)
                            + " is a cluster step, in another batch, or a second step of " + step.nodeId());
                }
            }
        }
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
