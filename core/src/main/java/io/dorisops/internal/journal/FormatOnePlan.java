package io.dorisops.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Operation;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.internal.PlanNodes;
import io.dorisops.internal.context.ClusterIdentity;
import io.dorisops.internal.plan.UpgradePlanner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code plan} of a format-1 journal (written before operations were journaled): its cluster, target,
 * package, steps ({@code nodeId}, {@code host}, {@code from}, {@code reason}), skipped nodes, warnings and
 * time, read as the upgrade operation it ran ({@link UpgradePlanner#operation}) and the identity it
 * records (its steps' nodes and hosts).
 */
final class FormatOnePlan {

    private FormatOnePlan() {}

    /** The upgrade the plan ran, its backups stamped {@code stamp}. */
    static Operation operation(JsonNode plan, Topology topology, String stamp) {
        List<UpgradePlanner.Planned> planned = new ArrayList<>();
        for (JsonNode step : plan.path("steps")) {
            planned.add(new UpgradePlanner.Planned(
                    PlanNodes.node(topology, JournalValues.nodeId("step node", text(step, "nodeId"))),
                    Version.parse(text(step, "from")),
                    Operation.Reason.valueOf(text(step, "reason"))));
        }
        List<Operation.Skipped> skipped = new ArrayList<>();
        for (JsonNode skip : plan.path("skipped")) {
            skipped.add(new Operation.Skipped(
                    JournalValues.nodeId("skipped node", text(skip, "nodeId")),
                    JournalValues.shown("skip reason", text(skip, "reason"))));
        }
        List<String> warnings = new ArrayList<>();
        plan.path("warnings").forEach(warning -> warnings.add(JournalValues.shown("warning", warning.asText())));
        return UpgradePlanner.operation(
                topology,
                Version.parse(text(plan, "target")),
                JournalValues.packageFile(text(plan, "packageFile")),
                planned,
                skipped,
                warnings,
                Instant.parse(text(plan, "createdAt")),
                stamp);
    }

    /** What the plan knows of its cluster: its name and its steps' nodes and hosts. */
    static ClusterIdentity identity(JsonNode plan) {
        List<String> members = new ArrayList<>();
        for (JsonNode step : plan.path("steps")) {
            members.add(text(step, "nodeId") + "@" + text(step, "host"));
        }
        members.sort(null);
        return new ClusterIdentity(text(plan, "cluster"), "", "", members, "", true);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the plan's field \"" + field + "\" is missing");
        }
        return value.asText();
    }
}
