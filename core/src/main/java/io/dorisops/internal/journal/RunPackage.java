package io.dorisops.internal.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Events;
import io.dorisops.internal.host.HostPackages;
import io.dorisops.internal.json.Json;
import io.dorisops.internal.pkg.PackageChecksums;
import io.dorisops.internal.pkg.PackageInfo;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The release package a run deploys, as journaled when the run starts ({@code package} in its header):
 * the file, its SHA-512, and what that digest was verified against (empty when no checksum was given
 * or found, which the run then says in a progress event and a journal note). {@code resume} refuses
 * a package whose SHA-512 is no longer the journaled one; every copy uploaded to a host is verified
 * against it ({@link HostPackages}).
 *
 * @param file the package's path on this machine, as in the operation's actions
 * @param sha512 its SHA-512 when the run started, lower-case hex
 * @param checkedAgainst what that digest was verified against, empty when nothing
 */
public record RunPackage(String file, String sha512, Optional<String> checkedAgainst) {

    /** The package of the operation's stage or install actions, read (and verified) by the engine. */
    public static Optional<RunPackage> of(Engine engine, Operation operation) {
        return packageFile(operation).map(file -> {
            PackageInfo info = engine.packageInfo(file);
            return new RunPackage(file, info.sha512(), info.checkedAgainst());
        });
    }

    private static Optional<String> packageFile(Operation operation) {
        return operation.steps().stream()
                .flatMap(step -> step.actions().stream())
                .flatMap(action -> action instanceof Action.Stage stage
                        ? Stream.of(stage.packageFile())
                        : action instanceof Action.Install install ? Stream.of(install.packageFile()) : Stream.empty())
                .findFirst();
    }

    /** Says in the output and the journal when the package was verified against nothing. */
    public void announce(Events events, RunJournal journal) {
        if (checkedAgainst.isEmpty()) {
            String message = "package " + file + " was verified against no checksum: no expected SHA-512 was given"
                    + " and no " + file + PackageChecksums.CHECKSUM_SUFFIX + " is beside it; its SHA-512 " + sha512
                    + " is journaled and every copy on a host is verified against it";
            events.info(Type.WAITING, "", message);
            journal.note(message);
        }
    }

    /**
     * Refuses to resume {@code runId} when the package's SHA-512 is no longer the journaled one (or the
     * journaled package is not the one its operation deploys).
     *
     * @throws DorisOpsException naming the package, both digests and what to do
     */
    public void requireUnchanged(Engine engine, String runId, Operation operation) {
        if (!packageFile(operation).equals(Optional.of(file))) {
            throw new DorisOpsException("the journaled package " + Excerpt.quote(file) + " of run " + runId
                    + " is not the package its operation deploys ("
                    + packageFile(operation).orElse("none")
                    + "); the journal was altered and cannot be acted on");
        }
        String now = engine.packageInfo(file).sha512();
        if (!now.equals(sha512)) {
            throw new DorisOpsException("package " + file + " changed since run " + runId + " started: its SHA-512"
                    + " is now " + now + ", the run started with " + sha512 + ". Nothing was changed: put the"
                    + " package the run started with back at " + file + " and resume, or roll the run back"
                    + " (dorisops rollback) and start a new one with the new package");
        }
    }

    ObjectNode toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode().put("file", file).put("sha512", sha512);
        checkedAgainst.ifPresent(what -> node.put("checkedAgainst", what));
        return node;
    }

    /**
     * The journaled package, empty for a journal written before packages were journaled.
     *
     * @throws DorisOpsException when the entry is not a file and a SHA-512 (a tampered journal)
     */
    public static Optional<RunPackage> fromJson(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        String file = node.path("file").asText("");
        String sha512 = node.path("sha512").asText("");
        if (file.isEmpty() || !node.path("file").isTextual() || !sha512.matches("[0-9a-f]{128}")) {
            throw new DorisOpsException("the journaled package " + Excerpt.quote(node.toString())
                    + " is not a file and a SHA-512; the journal was altered and cannot be acted on");
        }
        JsonNode checked = node.get("checkedAgainst");
        return Optional.of(new RunPackage(
                file, sha512, checked == null || checked.isNull() ? Optional.empty() : Optional.of(checked.asText())));
    }
}
