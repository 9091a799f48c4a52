package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Node;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** An upload's bytes become a start, throttled ticks with rate and time left, and an end; only start and end are journaled. */
class TransferProgressTest {

    private final FakeCluster cluster = new FakeCluster("2.1.7");
    private final Node node = cluster.topology.node("be-1").orElseThrow();
    private final List<ProgressEvent> events = new ArrayList<>();
    private final List<String> journaled = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final TransferProgress progress = new TransferProgress(
            new Events("run-1", ProgressListener.of(events::add)),
            (id, host, file, phase, bytes, elapsed) ->
                    journaled.add(id + " " + host + " " + file + " " + phase + " " + bytes + " " + elapsed.toMillis()),
            node.id(),
            node.host(),
            nanos::get);
    private final Path file = Path.of("/pkgs/apache-doris-2.1.8-bin-x64.tar.gz");

    @Test
    void anUploadIsOneStartThrottledTicksWithRateAndTimeLeftAndOneEndWithTheSize() {
        long total = 100_000_000;
        // A transport reports every 32 KiB; 10 s for the whole file at 10 MB/s.
        for (long done = 0; done < total; done += 32 * 1024) {
            progress.progress(file, done, total);
            nanos.addAndGet(32 * 1024 * 100L); // 10 MB/s: 100 ns a byte
        }
        progress.progress(file, total, total);

        assertThat(events).allMatch(e -> e.type() == Type.TRANSFER && e.nodeId().equals("be-1"));
        List<ProgressEvent.Transfer> seen =
                events.stream().map(e -> e.transfer().orElseThrow()).toList();
        assertThat(seen.get(0).bytesDone()).isZero();
        assertThat(seen.get(0).host()).isEqualTo("10.0.1.1");
        assertThat(seen.get(seen.size() - 1).bytesDone()).isEqualTo(total);
        assertThat(seen.get(seen.size() - 1).done()).isTrue();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).bytesDone()).isGreaterThan(seen.get(i - 1).bytesDone());
        }
        // 10 s of ticks at most every 250 ms: about 40, never one per report (3000 of them).
        assertThat(seen.size()).isBetween(30, 45);
        ProgressEvent.Transfer half = seen.get(seen.size() / 2);
        assertThat(half.bytesPerSecond()).isBetween(9.5e6, 10.5e6);
        assertThat(half.remaining()).isPresent();
        assertThat(half.remaining().orElseThrow().toMillis()).isBetween(4000L, 6000L);
        assertThat(journaled)
                .containsExactly(
                        "be-1 10.0.1.1 apache-doris-2.1.8-bin-x64.tar.gz started 100000000 0",
                        "be-1 10.0.1.1 apache-doris-2.1.8-bin-x64.tar.gz finished 100000000 "
                                + nanos.get() / 1_000_000);
    }

    @Test
    void anEmptyFileIsAStartAndAnEnd() {
        progress.progress(file, 0, 0);

        assertThat(events).hasSize(2);
        assertThat(events.get(1).transfer().orElseThrow().done()).isTrue();
        assertThat(journaled).hasSize(2);
    }

    @Test
    void aSecondUploadThroughTheSameListenerIsAStartOfItsOwn() {
        progress.progress(file, 0, 10);
        progress.progress(file, 10, 10);
        progress.progress(file, 0, 10);
        progress.progress(file, 10, 10);

        assertThat(journaled)
                .extracting(line -> line.split(" ")[3])
                .containsExactly("started", "finished", "started", "finished");
    }
}
