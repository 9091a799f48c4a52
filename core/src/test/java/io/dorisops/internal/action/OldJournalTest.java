package io.dorisops.internal.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.Operation;
import io.dorisops.internal.journal.OperationJson;
import io.dorisops.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Journals written before the actions left the public API read exactly as before: {@code
 * operation-every-action-0.1.json} was written by {@code Operation.toJson()} of commit 98e74f2 (when the
 * records were {@code io.dorisops.Action}), with every action record and its fields (the drain's actions,
 * its last step, were added with them; the backup's two, a cluster step after it, with issue #29). A journal is read
 * without the digest check of a plan file (journals of that release carry none).
 */
class OldJournalTest {

    private static String journal() throws IOException {
        try (InputStream in = OldJournalTest.class.getResourceAsStream("/journals/operation-every-action-0.1.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aJournalOfTheEarlierReleaseReadsAndWritesBackTheSameJson() throws IOException {
        String old = journal();

        Operation read = OperationJson.read(old);

        ObjectNode written = OperationJson.write(read);
        written.remove("digest");
        assertThat(written).isEqualTo(Json.MAPPER.readTree(old));
        assertThat(read.steps().get(0).actionKeys())
                .startsWith("stage", "stop", "backup", "deploy", "start", "start", "await-ready")
                .endsWith("install", "write-conf", "add", "await-tablets-healthy");
        assertThat(read.steps().get(0).undoKeys()).containsExactly("stop", "restore", "start", "await-ready");
        assertThat(read.steps().get(3).actionKeys())
                .containsExactly("patch-image", "patch-replicas", "await-rollout", "await-rollout", "drain", "drop");
    }

    @Test
    void theJournalHoldsEveryActionRecord() throws IOException {
        List<String> keys = OperationJson.read(journal()).steps().stream()
                .flatMap(step -> Stream.concat(step.actions().stream(), step.undo().stream()))
                .map(action -> action.getClass().getSimpleName())
                .distinct()
                .toList();

        assertThat(keys).hasSize(ActionKeysTest.records()); // a new action gets a line in the journal too
    }
}
