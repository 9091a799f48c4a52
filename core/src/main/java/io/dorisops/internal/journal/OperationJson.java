package io.dorisops.internal.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.json.Json;
import io.dorisops.internal.procedure.PlannedOptions;
import io.dorisops.internal.run.RunSettings;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link Operation} to and from JSON, written out by hand so the journal's form is explicit and
 * stable: an action is an object whose {@code type} is its {@link Action#key()}, absent values are
 * absent fields. The last field, {@code digest}, is the SHA-256 of the rest as written: a plan file read
 * back ({@link #readWritten}) is refused when its content is no longer what was written; the journal
 * keeps the same form. Reading validates every value (node ids, hosts, package names, components, images
 * and members by {@link JournalValues}; stamps, versions and start options by their types'
 * constructors), so a tampered journal is refused rather than acted on.
 */
public final class OperationJson {

    private OperationJson() {}

    /** The operation as a JSON tree, its {@code digest} last. */
    public static ObjectNode write(Operation operation) {
        ObjectNode node = content(operation);
        node.put("digest", digest(node));
        return node;
    }

    /**
     * Reads JSON text written by {@link Operation#toJson()} and checks its digest.
     *
     * @throws DorisOpsException when the text is not an operation, has no digest, or its content no
     *     longer matches the digest (it was edited)
     */
    public static Operation readWritten(String json) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DorisOpsException("cannot read the operation: " + e.getOriginalMessage(), e);
        }
        Operation operation = read(tree);
        JsonNode stated = tree.get("digest");
        if (stated == null || !stated.isTextual()) {
            throw new DorisOpsException("the operation of " + operation.cluster() + " has no digest, so it was not"
                    + " written by dorisops (dorisops plan --json writes one); plan again and approve that file");
        }
        String actual = digest(content(operation));
        if (!actual.equals(stated.asText())) {
            throw new DorisOpsException("the operation of " + operation.cluster() + " was edited after dorisops"
                    + " wrote it: its content has digest " + actual + ", the file says " + stated.asText()
                    + ". Nothing was done; plan again (dorisops plan --json) and approve the new file instead of"
                    + " editing one");
        }
        return operation;
    }

    private static String digest(ObjectNode content) {
        try {
            byte[] text = Json.MAPPER.writeValueAsBytes(content);
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest an operation", e);
        }
    }

    private static ObjectNode content(Operation operation) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("kind", operation.kind().key());
        node.put("cluster", operation.cluster());
        node.put("flavor", operation.flavor().key());
        operation.target().ifPresent(v -> node.put("target", v.toString()));
        node.put("pausesBalance", operation.pausesBalance());
        ArrayNode steps = node.putArray("steps");
        for (Step step : operation.steps()) {
            ObjectNode each = steps.addObject();
            each.put("node", step.nodeId());
            step.role().ifPresent(role -> each.put("role", role.key()));
            each.put("host", step.host());
            step.from().ifPresent(v -> each.put("from", v.toString()));
            each.put("reason", step.reason().name());
            writeActions(each.putArray("actions"), step.actions());
            writeActions(each.putArray("undo"), step.undo());
        }
        ArrayNode skipped = node.putArray("skipped");
        operation
                .skipped()
                .forEach(skip -> skipped.addObject().put("node", skip.nodeId()).put("reason", skip.reason()));
        ArrayNode warnings = node.putArray("warnings");
        operation.warnings().forEach(warnings::add);
        operation.of().ifPresent(run -> node.put("of", run));
        node.put("createdAt", operation.createdAt().toString());
        if (!operation.batches().isEmpty()) {
            ArrayNode batches = node.putArray("batches");
            for (Operation.Batch batch : operation.batches()) {
                ObjectNode each = batches.addObject();
                batch.steps().forEach(each.putArray("steps")::add);
                each.put("why", batch.why());
            }
        }
        if (!operation.basis().isEmpty()) {
            ObjectNode basis = node.putObject("basis");
            operation.basis().forEach(basis::put);
        }
        if (!operation.options().isEmpty()) {
            ObjectNode options = node.putObject("options");
            operation.options().forEach(options::put);
        }
        return node;
    }

    /** Reads JSON text written by {@link Operation#toJson()}. */
    public static Operation read(String json) {
        try {
            return read(Json.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new DorisOpsException("cannot read the operation: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a tree written by {@link #write}. */
    public static Operation read(JsonNode node) {
        try {
            List<Step> steps = new ArrayList<>();
            for (JsonNode each : required(node, "steps")) {
                steps.add(new Step(
                        JournalValues.stepNode(text(each, "node")),
                        optional(each, "role").map(OperationJson::role),
                        JournalValues.host(text(each, "host")),
                        optional(each, "from").map(Version::parse),
                        Operation.Reason.valueOf(text(each, "reason")),
                        readActions(required(each, "actions")),
                        readActions(each.path("undo"))));
            }
            List<Operation.Skipped> skipped = new ArrayList<>();
            node.path("skipped")
                    .forEach(skip -> skipped.add(new Operation.Skipped(
                            JournalValues.nodeId("skipped node", text(skip, "node")),
                            JournalValues.shown("skip reason", text(skip, "reason")))));
            List<String> warnings = new ArrayList<>();
            node.path("warnings").forEach(warning -> warnings.add(JournalValues.shown("warning", warning.asText())));
            List<Operation.Batch> batches = new ArrayList<>();
            for (JsonNode batch : node.path("batches")) { // absent before issue #16: every step alone
                List<Integer> members = new ArrayList<>();
                for (JsonNode index : required(batch, "steps")) {
                    if (!index.canConvertToInt()) {
                        throw new IllegalArgumentException("a batch step is not a step number: " + index);
                    }
                    members.add(index.asInt());
                }
                batches.add(new Operation.Batch(members, text(batch, "why")));
            }
            Map<String, String> basis = new TreeMap<>();
            node.path("basis") // absent before issue #24, and on operations checked against nothing
                    .fields()
                    .forEachRemaining(fact -> basis.put(
                            JournalValues.shown("basis fact", fact.getKey()),
                            JournalValues.shown("basis value", fact.getValue().asText())));
            Map<String, String> options = new TreeMap<>();
            node.path("options") // absent before issue #24, and for procedures without options of their own
                    .fields()
                    .forEachRemaining(option -> options.put(
                            JournalValues.shown("option", option.getKey()),
                            JournalValues.shown(
                                    "option value", option.getValue().asText())));
            PlannedOptions.apply(options, RunSettings.builder()).build();
            return new Operation(
                    kind(text(node, "kind")),
                    JournalValues.word("cluster", text(node, "cluster")),
                    Flavor.parse(text(node, "flavor")),
                    optional(node, "target").map(Version::parse),
                    node.path("pausesBalance").asBoolean(false),
                    steps,
                    skipped,
                    warnings,
                    optional(node, "of").map(run -> JournalValues.runId("of", run)),
                    Instant.parse(text(node, "createdAt")),
                    batches,
                    basis,
                    options);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new DorisOpsException("cannot read the operation: " + e.getMessage(), e);
        }
    }

    private static void writeActions(ArrayNode array, List<Action> actions) {
        for (Action action : actions) {
            ObjectNode node = array.addObject();
            node.put("type", action.key());
            if (action instanceof Action.Stage stage) {
                node.put("package", stage.packageFile());
            } else if (action instanceof Action.Backup backup) {
                node.put("stamp", backup.stamp());
            } else if (action instanceof Action.Deploy deploy) {
                node.put("stamp", deploy.stamp())
                        .put("version", deploy.version().toString());
            } else if (action instanceof Action.AwaitReady await) {
                await.version().ifPresent(v -> node.put("version", v.toString()));
                node.put("sqlView", await.sqlView());
            } else if (action instanceof Action.Restore restore) {
                node.put("stamp", restore.stamp());
            } else if (action instanceof Action.DropBackend drop) {
                node.put("force", drop.force());
            } else if (action instanceof Action.AwaitIdle idle) {
                node.put("deadline", idle.deadline().toString());
            } else if (action instanceof Action.AwaitDrained drained) {
                node.put("stuckAfter", drained.stuckAfter().toString());
            } else if (action instanceof Action.SetAsideStorage aside) {
                node.put("stamp", aside.stamp());
            } else if (action instanceof Action.AwaitSoak soak) {
                node.put("version", soak.version().toString())
                        .put("soak", soak.soak().toString());
            } else if (action instanceof Action.OnComponent onComponent) {
                node.put("component", onComponent.component());
                if (action instanceof Action.PatchImage patch) {
                    node.put("image", patch.image());
                } else if (action instanceof Action.PatchReplicas patch) {
                    node.put("replicas", patch.replicas());
                } else if (action instanceof Action.AwaitRollout await) {
                    await.version().ifPresent(v -> node.put("version", v.toString()));
                } else if (action instanceof Action.DrainMembers drain) {
                    drain.members().forEach(node.putArray("members")::add);
                } else if (action instanceof Action.DropMembers drop) {
                    drop.members().forEach(node.putArray("members")::add);
                }
            } else if (action instanceof Action.Start start && !start.args().isEmpty()) {
                ArrayNode args = node.putArray("args");
                start.args().forEach(args::add);
            } else if (action instanceof Action.SubmitBackup submit) {
                node.put("database", submit.database())
                        .put("repository", submit.repository())
                        .put("label", submit.label());
                submit.tables().forEach(node.putArray("tables")::add);
            } else if (action instanceof Action.AwaitBackup await) {
                node.put("database", await.database())
                        .put("label", await.label())
                        .put("stallAfter", await.stallAfter().toString());
                ObjectNode byState = node.putObject("stallAfterByState");
                new TreeMap<>(await.stallAfterByState()).forEach((state, time) -> byState.put(state, time.toString()));
            } else if (action instanceof Action.Install install) {
                node.put("package", install.packageFile())
                        .put("version", install.version().toString());
            }
        }
    }

    private static List<Action> readActions(JsonNode array) {
        List<Action> actions = new ArrayList<>();
        for (JsonNode node : array) {
            String type = text(node, "type");
            actions.add(
                    switch (type) {
                        case "stage" -> new Action.Stage(JournalValues.packageFile(text(node, "package")));
                        case "stop" -> new Action.Stop();
                        case "backup" -> new Action.Backup(text(node, "stamp"));
                        case "deploy" -> new Action.Deploy(text(node, "stamp"), Version.parse(text(node, "version")));
                        case "start" -> new Action.Start(strings(node.path("args")));
                        case "install" -> new Action.Install(
                                JournalValues.packageFile(text(node, "package")), Version.parse(text(node, "version")));
                        case "write-conf" -> new Action.WriteConf();
                        case "add" -> new Action.AddMember();
                        case "await-ready" -> new Action.AwaitReady(
                                optional(node, "version").map(Version::parse),
                                node.path("sqlView").asBoolean(true));
                        case "restore" -> new Action.Restore(text(node, "stamp"));
                        case "create-image" -> new Action.CreateImage();
                        case "decommission" -> new Action.Decommission();
                        case "cancel-decommission" -> new Action.CancelDecommission();
                        case "await-drained" -> new Action.AwaitDrained(
                                java.time.Duration.parse(text(node, "stuckAfter")));
                        case "drop-backend" -> new Action.DropBackend(
                                node.path("force").asBoolean(false));
                        case "drop-frontend" -> new Action.DropFrontend();
                        case "disable-backend" -> new Action.DisableBackend();
                        case "await-idle" -> new Action.AwaitIdle(Duration.parse(text(node, "deadline")));
                        case "enable-backend" -> new Action.EnableBackend();
                        case "await-new-master" -> new Action.AwaitNewMaster();
                        case "set-aside-storage" -> new Action.SetAsideStorage(text(node, "stamp"));
                        case "add-backend" -> new Action.AddMember(); // written by rebuilds before AddMember
                        case "await-tablets-healthy" -> new Action.AwaitTabletsHealthy();
                        case "await-soak" -> new Action.AwaitSoak(
                                Version.parse(text(node, "version")), java.time.Duration.parse(text(node, "soak")));
                        case "patch-image" -> new Action.PatchImage(
                                component(node), JournalValues.image(text(node, "image")));
                        case "patch-replicas" -> new Action.PatchReplicas(
                                component(node), replicas(required(node, "replicas")));
                        case "await-rollout" -> new Action.AwaitRollout(
                                component(node), optional(node, "version").map(Version::parse));
                        case "drain" -> new Action.DrainMembers(component(node), members(node));
                        case "drop" -> new Action.DropMembers(component(node), members(node));
                        case "submit-backup" -> new Action.SubmitBackup(
                                JournalValues.word("database", text(node, "database")),
                                strings(node.path("tables")).stream()
                                        .map(t -> JournalValues.word("table", t))
                                        .toList(),
                                JournalValues.word("repository", text(node, "repository")),
                                JournalValues.word("label", text(node, "label")));
                        case "await-backup" -> new Action.AwaitBackup(
                                JournalValues.word("database", text(node, "database")),
                                JournalValues.word("label", text(node, "label")),
                                Duration.parse(text(node, "stallAfter")),
                                stallAfterByState(node.path("stallAfterByState")));
                        default -> throw new IllegalArgumentException("unknown action type \"" + type + "\"");
                    });
        }
        return actions;
    }

    private static Map<String, Duration> stallAfterByState(JsonNode node) {
        Map<String, Duration> times = new TreeMap<>();
        node.fields()
                .forEachRemaining(e -> times.put(
                        JournalValues.word("backup state", e.getKey()),
                        Duration.parse(e.getValue().asText())));
        return times;
    }

    private static List<String> members(JsonNode node) {
        return strings(required(node, "members")).stream()
                .map(member -> JournalValues.nodeId("member", member))
                .toList();
    }

    private static String component(JsonNode node) {
        return JournalValues.word("component", text(node, "component"));
    }

    private static int replicas(JsonNode value) {
        if (!value.canConvertToInt()) {
            throw new IllegalArgumentException("replicas " + value + " is not a number of pods");
        }
        return value.asInt();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Operation.Kind kind(String key) {
        for (Operation.Kind kind : Operation.Kind.values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown operation kind \"" + key + "\"");
    }

    private static Role role(String key) {
        for (Role role : Role.values()) {
            if (role.key().equals(key)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role \"" + key + "\"");
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field \"" + field + "\" is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
