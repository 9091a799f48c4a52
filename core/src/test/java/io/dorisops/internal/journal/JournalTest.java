package io.dorisops.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.PreconditionFailedException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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

    /** A sink writing into memory that counts how often it was forced. */
    private static final class CountingSink implements Journal.Sink {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int forced;

        @Override
        public void write(ByteBuffer bytes) {
            byte[] chunk = new byte[bytes.remaining()];
            bytes.get(chunk);
            written.writeBytes(chunk);
        }

        @Override
        public void force() {
            forced++;
        }

        @Override
        public void close() {}
    }

    @Test
    void everyEntryIsForcedToDiskUnlessTheJournalIsOpenedWithoutSync() {
        CountingSink synced = new CountingSink();
        CountingSink unsynced = new CountingSink();
        try (Journal journal = Journal.open(dir.resolve("runs/a.jsonl"), synced, true)) {
            journal.append("run", Map.of("runId", "a"));
            journal.append("action", Map.of("node", "be-1", "action", "stop"));
        }
        try (Journal journal = Journal.open(dir.resolve("runs/b.jsonl"), unsynced, false)) {
            journal.append("run", Map.of("runId", "b"));
            journal.append("action", Map.of("node", "be-1", "action", "stop"));
        }

        assertThat(synced.forced).isEqualTo(2);
        assertThat(unsynced.forced).isZero();
        assertThat(unsynced.written.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    }

    @Test
    void entriesSurviveReopeningAndATornLastLineIsIgnored() throws Exception {
        Path file = dir.resolve("runs/upgrade-1.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append("run", Map.of("runId", "upgrade-1"));
            journal.append("action", Map.of("node", "be-1", "action", "stop"));
        }
        Files.writeString(
                file, "{\"type\":\"action\",\"node\":\"be-", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        var read = Journal.read(file);

        assertThat(read.entries()).extracting(e -> e.get("type").asText()).containsExactly("run", "action");
        assertThat(read.entries().get(1).get("node").asText()).isEqualTo("be-1");
        assertThat(read.entries().get(1).has("time")).isTrue();
        assertThat(read.damaged()).singleElement().asString().contains("line 3 is damaged");
    }

    @Test
    void appendingAfterATornLineCutsTheFragmentFirstSoNothingAfterItIsLost() throws Exception {
        Path file = dir.resolve("runs/upgrade-1.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append("run", Map.of("runId", "upgrade-1"));
        }
        Files.writeString(file, "{\"type\":\"step-do", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (Journal journal = Journal.open(file)) {
            journal.append("step-done", Map.of("step", 1));
        }
        try (Journal journal = Journal.open(file)) {
            journal.append("end", Map.of("outcome", "succeeded"));
        }

        var read = Journal.read(file);
        assertThat(read.entries())
                .extracting(e -> e.get("type").asText())
                .containsExactly("run", "repaired", "step-done", "end");
        assertThat(read.entries().get(1).get("droppedBytes").asLong()).isEqualTo(16);
        assertThat(read.damaged()).isEmpty();
    }

    @Test
    void aDamagedLineInTheMiddleIsSkippedAndReportedNotTheEndOfTheJournal() throws Exception {
        Path file = dir.resolve("runs/upgrade-1.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                "{\"type\":\"run\",\"time\":\"2026-12-01T00:00:00Z\"}\n\u0000garbage\n{\"type\":\"end\"}\n",
                StandardCharsets.UTF_8);

        var read = Journal.read(file);

        assertThat(read.entries()).extracting(e -> e.get("type").asText()).containsExactly("run", "end");
        assertThat(read.damaged()).singleElement().asString().contains("upgrade-1.jsonl line 2");
    }

    @Test
    void aFullDiskFailsTheAppendWithAClearErrorAndTheNextOpenRepairsThePartialLine() throws Exception {
        Path file = dir.resolve("runs/upgrade-1.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append("run", Map.of("runId", "upgrade-1"));
        }
        Journal.Sink full = new Journal.Sink() {
            @Override
            public void write(ByteBuffer bytes) throws java.io.IOException {
                byte[] half = new byte[bytes.remaining() / 2];
                bytes.get(half);
                Files.write(file, half, StandardOpenOption.APPEND);
                throw new java.io.IOException("No space left on device");
            }

            @Override
            public void force() {}

            @Override
            public void close() {}
        };
        try (Journal journal = Journal.open(file, full)) {
            assertThatThrownBy(() -> journal.append("step-done", Map.of("step", 3)))
                    .isInstanceOf(io.dorisops.DorisOpsException.class)
                    .hasMessageContaining("cannot write the journal")
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("free disk space");
        }

        try (Journal journal = Journal.open(file)) {
            journal.append("step-done", Map.of("step", 3));
        }
        var read = Journal.read(file);
        assertThat(read.entries())
                .extracting(e -> e.get("type").asText())
                .containsExactly("run", "repaired", "step-done");
        assertThat(read.damaged()).isEmpty();
    }

    /** Writes half of the first line it is given, then fails as a full disk does; later writes go through. */
    private static Journal.Sink fullOnce(Path file) {
        return new Journal.Sink() {
            private boolean failed;

            @Override
            public void write(ByteBuffer bytes) throws java.io.IOException {
                byte[] all = new byte[bytes.remaining()];
                bytes.get(all);
                if (!failed) {
                    failed = true;
                    Files.write(file, java.util.Arrays.copyOf(all, all.length / 2), StandardOpenOption.APPEND);
                    throw new java.io.IOException("No space left on device");
                }
                Files.write(file, all, StandardOpenOption.APPEND);
            }

            @Override
            public void force() {}

            @Override
            public void close() {}
        };
    }

    @Test
    void anAppendAfterAFailedWriteStartsOnANewLineNeverGluedToTheTornOne() throws Exception {
        Path file = dir.resolve("runs/upgrade-1.jsonl");
        try (Journal journal = Journal.open(file)) {
            journal.append("run", Map.of("runId", "upgrade-1"));
        }
        try (Journal journal = Journal.open(file, fullOnce(file))) {
            assertThatThrownBy(() -> journal.append("step-done", Map.of("step", 3)))
                    .hasMessageContaining("No space left on device");
            journal.append("end", Map.of("outcome", "failed"));
        }

        var read = Journal.read(file);

        assertThat(read.entries()).extracting(e -> e.get("type").asText()).containsExactly("run", "end");
        assertThat(read.damaged()).singleElement().asString().contains("line 2 is damaged");
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
