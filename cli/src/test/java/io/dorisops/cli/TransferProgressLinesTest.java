package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.ProgressEvent;
import io.dorisops.ProgressEvent.Type;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Uploads in the CLI's progress: plain timestamped lines at the start, every tenth and the end per host
 * when not on a terminal; one live line per host redrawn in place on a terminal.
 */
class TransferProgressLinesTest {

    private static final long SIZE = 200_000_000;

    /** A tick every 1 % of two hosts' uploads, interleaved, as the engine sends them (every 250 ms at most). */
    private static List<ProgressEvent> twoHostsUploading() {
        List<ProgressEvent> events = new ArrayList<>();
        for (int percent = 0; percent <= 100; percent++) {
            for (String node : List.of("be-1", "be-2")) {
                long done = SIZE * percent / 100;
                Duration elapsed = Duration.ofMillis(percent * 100L);
                double rate = percent == 0 ? 0 : done / (elapsed.toMillis() / 1000.0);
                events.add(new ProgressEvent(
                        Type.TRANSFER,
                        "upgrade-1",
                        node,
                        "upload",
                        Instant.now(),
                        elapsed,
                        "uploading",
                        Optional.empty(),
                        Optional.of(new ProgressEvent.Transfer(
                                "10.0.1." + node.charAt(3),
                                "apache-doris-2.1.8-bin-x64.tar.gz",
                                done,
                                SIZE,
                                rate,
                                rate == 0
                                        ? Optional.empty()
                                        : Optional.of(Duration.ofMillis((100 - percent) * 100L))))));
            }
        }
        return events;
    }

    @Test
    void elsewhereAnUploadIsATimestampedLineAtItsStartEveryTenthAndItsEndPerHost() {
        StringWriter text = new StringWriter();
        ProgressView view = new ProgressView(new PrintWriter(text), false);

        twoHostsUploading().forEach(event -> event.dispatchTo(view));

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).allMatch(line -> line.matches("\\[\\d\\d:\\d\\d:\\d\\d]   \\^ be-[12]: .*"));
        assertThat(lines).noneMatch(line -> line.contains("\u001b"));
        List<String> first =
                lines.stream().filter(line -> line.contains("be-1:")).toList();
        assertThat(first).hasSize(11);
        assertThat(first.get(0)).endsWith("be-1: apache-doris-2.1.8-bin-x64.tar.gz to 10.0.1.1: uploading 200.0 MB");
        assertThat(first.get(1)).endsWith("10.0.1.1: 10% (20.0 of 200.0 MB, 20.0 MB/s, 9.0s left)");
        assertThat(first.get(5)).contains(": 50% (100.0 of 200.0 MB, 20.0 MB/s, 5.0s left)");
        assertThat(first.get(10)).endsWith("to 10.0.1.1: uploaded 200.0 MB in 10.0s (20.0 MB/s)");
        assertThat(lines.stream().filter(line -> line.contains("be-2:"))).hasSize(11);
    }

    @Test
    void onATerminalEachHostHasOneLiveLineRedrawnInPlaceThenOneLineWhenDone() {
        StringWriter text = new StringWriter();
        ProgressView view = new ProgressView(new PrintWriter(text), true);

        twoHostsUploading().forEach(event -> event.dispatchTo(view));

        String screen = text.toString();
        // Each redraw moves up over the live lines drawn before (CSI n F) and erases them (CSI J).
        assertThat(screen).contains("\u001b[2F\u001b[J");
        assertThat(screen).contains("be-1 apache-doris-2.1.8-bin-x64.tar.gz to 10.0.1.1: 42% (84.0 of 200.0 MB");
        assertThat(screen).contains("be-2 apache-doris-2.1.8-bin-x64.tar.gz to 10.0.1.2: 42% (84.0 of 200.0 MB");
        String afterLastRedraw = screen.substring(screen.lastIndexOf("\u001b[J") + 3);
        assertThat(afterLastRedraw).contains("be-2 apache-doris-2.1.8-bin-x64.tar.gz to 10.0.1.2: uploaded 200.0 MB");
        assertThat(afterLastRedraw).doesNotContain("%");
    }

    @Test
    void theJsonEventListKeepsTheStartEveryTenthAndTheEndPerHostAndEveryOtherEvent() {
        TransferTicks tenths = new TransferTicks();
        List<ProgressEvent> events = new ArrayList<>(twoHostsUploading());
        events.add(new ProgressEvent(
                Type.STEP_FINISHED, "upgrade-1", "be-1", "stage", Instant.now(), Duration.ZERO, "", Optional.empty()));

        List<ProgressEvent> kept = events.stream().filter(tenths::keep).toList();

        assertThat(kept).hasSize(23);
        assertThat(kept.stream()
                        .filter(e -> e.nodeId().equals("be-2") && e.transfer().isPresent())
                        .map(e -> e.transfer().orElseThrow().percent()))
                .containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
    }
}
