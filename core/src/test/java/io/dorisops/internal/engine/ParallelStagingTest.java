package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.NodeFailedException;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.RunResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An upgrade stages its package on several hosts at once, never more than {@code transferParallel}; a host
 * that fails is named, the others' staging is kept and journaled, and nothing failed is claimed staged.
 */
class ParallelStagingTest extends FakeRunFixture {

    private final AtomicInteger staging = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    /**
     * Each stage counts how many hosts are staged at that moment and holds on until {@code together} are
     * (at most 2 s: the last of an uneven run is alone); {@code failing} then fail.
     */
    private void slowStaging(Set<String> failing, int together) {
        cluster.beforeAction = action -> {
            if (!action.startsWith("stage ")) {
                return;
            }
            most.accumulateAndGet(staging.incrementAndGet(), Math::max);
            try {
                long deadline = System.nanoTime() + 2_000_000_000L;
                do {
                    Thread.sleep(20);
                } while (staging.get() < together && System.nanoTime() < deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                staging.decrementAndGet();
            }
            String node = action.substring("stage ".length());
            if (failing.contains(node)) {
                throw new DorisOpsException("no space left on device writing the package to " + node);
            }
        };
    }

    @Test
    void stagingRunsOnAtMostTransferParallelHostsAtOnce() {
        slowStaging(Set.of(), 3);

        upgrade(options().transferParallel(3).build());

        assertThat(most.get()).isEqualTo(3);
        assertThat(cluster.log("stage")).hasSize(7);
        assertThat(cluster.log.indexOf("stop be-1")).isGreaterThan(cluster.log.lastIndexOf("stage fe-1"));
    }

    @Test
    void transferParallelOneStagesOneHostAfterTheOther() {
        slowStaging(Set.of(), 1);

        upgrade(options().transferParallel(1).build());

        assertThat(most.get()).isEqualTo(1);
        assertThat(cluster.log("stage")).containsExactly("be-1", "be-2", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
    }

    @Test
    void aHostThatFailsStagingIsNamedTheOthersStayStagedAndResumeStagesOnlyIt() throws Exception {
        slowStaging(Set.of("be-2"), 1);

        assertThatThrownBy(() -> upgrade(options().transferParallel(4).build()))
                .isInstanceOfSatisfying(
                        NodeFailedException.class, e -> assertThat(e.nodeId()).isEqualTo("be-2"))
                .hasMessageContaining("be-2")
                .hasMessageContaining("no space left on device");

        assertThat(cluster.log("stop")).isEmpty();
        assertThat(cluster.log("stage")).containsExactlyInAnyOrder("be-1", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
        assertThat(cluster.get("be-2").staged).isEmpty();
        cluster.nodes.values().stream()
                .filter(node -> !node.node.id().equals("be-2"))
                .forEach(node -> assertThat(node.staged).isNotEmpty());
        List<String> journal = Files.readAllLines(newestJournal(), StandardCharsets.UTF_8);
        List<String> staged = journal.stream()
                .filter(line -> line.contains("\"type\":\"step-done\""))
                .toList();
        assertThat(staged).hasSize(6).noneMatch(line -> line.contains("\"be-2\""));

        cluster.beforeAction = action -> {};
        cluster.log.clear();
        procedures(options().build()).resume(Optional.empty());

        assertThat(cluster.log("stage")).containsExactly("be-2");
        cluster.nodes.values().forEach(node -> assertThat(node.runningVersion.number())
                .isEqualTo("2.1.8"));
    }

    @Test
    void theFirstFailureInPlanOrderIsThrownAndTheOthersAttached() {
        slowStaging(Set.of("fe-3", "be-2"), 1);

        assertThatThrownBy(() -> upgrade(options().transferParallel(7).build()))
                .isInstanceOfSatisfying(NodeFailedException.class, e -> {
                    assertThat(e.nodeId()).isEqualTo("be-2");
                    assertThat(e.getSuppressed()).hasSize(1);
                    assertThat(e.getSuppressed()[0]).hasMessageContaining("fe-3");
                });
    }

    @Test
    void eachNodesUploadReachesTheRunsListenerAsTransferEventsAndTheJournalAsItsStartAndEnd() throws Exception {
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        RunResult result =
                upgrade(options().listener(ProgressListener.of(events::add)).build());

        long size = Files.size(pkg);
        for (String node : List.of("be-1", "be-2", "be-3", "fe-obs", "fe-1", "fe-2", "fe-3")) {
            List<ProgressEvent> uploads = events.stream()
                    .filter(e -> e.type() == ProgressEvent.Type.TRANSFER
                            && e.nodeId().equals(node))
                    .toList();
            assertThat(uploads).as(node).isNotEmpty();
            assertThat(uploads.get(0).runId()).isEqualTo(result.runId());
            assertThat(uploads.get(0).transfer().orElseThrow().bytesDone()).isZero();
            assertThat(uploads.get(uploads.size() - 1).transfer().orElseThrow().bytesDone())
                    .isEqualTo(size);
        }
        List<String> transfers = Files.readAllLines(result.journal(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("\"type\":\"transfer\""))
                .toList();
        assertThat(transfers).hasSize(14);
        assertThat(transfers.stream().filter(line -> line.contains("\"phase\":\"finished\"")))
                .hasSize(7)
                .allMatch(line -> line.contains("\"bytes\":" + size));
    }

    @Test
    void aTransferParallelismBelowOneIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> RunOptions.builder().transferParallel(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transferParallel must be 1 or more, was 0; 1 stages one host at a time");
        assertThatThrownBy(() -> options().transferParallel(-1))
                .hasMessageContaining("transferParallel must be 1 or more, was -1");
    }

    private Path newestJournal() throws Exception {
        try (Stream<Path> files = Files.list(state().resolve("runs"))) {
            return files.filter(file -> file.toString().endsWith(".jsonl"))
                    .findFirst()
                    .orElseThrow();
        }
    }
}
