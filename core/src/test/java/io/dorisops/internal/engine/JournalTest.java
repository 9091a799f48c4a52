package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.PreconditionFailedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void entriesSurviveReopeningAndATornLastLineIsIgnored() throws Exception {
        Path file = dir.resolve("runs/upgrade-1.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append("run", Map.of("runId", "upgrade-1"));
            journal.append("action", Map.of("node", "be-1", "action", "stop"));
        }
        Files.writeString(
                file, "{\"type\":\"action\",\"node\":\"be-", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        var entries = Journal.read(file);

        assertThat(entries).extracting(e -> e.get("type").asText()).containsExactly("run", "action");
        assertThat(entries.get(1).get("node").asText()).isEqualTo("be-1");
        assertThat(entries.get(1).has("time")).isTrue();
    }

    @Test
    void aSecondRunIsRefusedWhileTheLockIsHeldAndAdmittedAfter() {
        try (RunLock first = RunLock.acquire(dir, "upgrade-a")) {
            assertThatThrownBy(() -> RunLock.acquire(dir, "upgrade-b"))
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("another run holds the cluster lock")
                    .hasMessageContaining(
                            "run upgrade-a (pid " + ProcessHandle.current().pid() + ")");
        }
        try (RunLock again = RunLock.acquire(dir, "upgrade-b")) {
            assertThat(dir.resolve("lock")).exists();
        }
    }
}
