package io.dorisops.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.json.Json;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report page from journal entries written here, with known times: the picture's data, escaping, Chromium. */
class RunReportPageTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Version TO = Version.parse("2.1.8");
    private static final String HOSTILE = "be-<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>";

    @TempDir
    Path dir;

    private final List<JsonNode> entries = new ArrayList<>();

    private static Step step(String node, Role role, Reason reason) {
        return new Step(
                node,
                Optional.of(role),
                "10.0.0." + node.length(),
                Optional.of(Version.parse("2.1.7")),
                reason,
                List.of(
                        new Action.Stop(),
                        new Action.Backup("20261201_100000"),
                        new Action.Deploy("20261201_100000", TO),
                        new Action.Start(),
                        new Action.AwaitReady(Optional.of(TO), true)),
                List.of(new Action.Restore("20261201_100000"), new Action.Start()));
    }

    private static Operation upgrade(List<Step> steps) {
        return new Operation(
                Operation.Kind.UPGRADE,
                "prod",
                Flavor.DORIS,
                Optional.of(TO),
                true,
                steps,
                List.of(),
                List.of(),
                Optional.empty(),
                T0);
    }

    private void entry(double seconds, String type, Object... fields) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("type", type);
        entry.put("time", T0.plusMillis((long) (seconds * 1000)).toString());
        for (int i = 0; i < fields.length; i += 2) {
            entry.set((String) fields[i], Json.MAPPER.valueToTree(fields[i + 1]));
        }
        entries.add(entry);
    }

    /** The node's step: stop from {@code down} (taking 2s), ready at {@code up}. */
    private void downtime(int step, String node, double down, double up) {
        entry(
                down + 2,
                "action",
                "step",
                step,
                "node",
                node,
                "index",
                0,
                "action",
                "stop",
                "started",
                T0.plusMillis((long) (down * 1000)).toString());
        entry(
                up,
                "action",
                "step",
                step,
                "node",
                node,
                "index",
                4,
                "action",
                "await-ready",
                "started",
                T0.plusMillis((long) (down * 1000 + 4000)).toString());
        entry(up, "step-done", "step", step, "node", node, "prepared", false);
    }

    private Operation sixNodeUpgrade() {
        Operation operation = upgrade(List.of(
                step("be-1", Role.BE, Reason.BACKEND_BEFORE_FRONTENDS),
                step("be-2", Role.BE, Reason.BACKEND_BEFORE_FRONTENDS),
                step("be-3", Role.BE, Reason.BACKEND_BEFORE_FRONTENDS),
                step("fe-2", Role.FE_FOLLOWER, Reason.FOLLOWER_BEFORE_MASTER),
                step("fe-3", Role.FE_FOLLOWER, Reason.FOLLOWER_BEFORE_MASTER),
                step("fe-1", Role.FE_FOLLOWER, Reason.MASTER_LAST)));
        entry(
                0,
                "run",
                "runId",
                "upgrade-20261201-100000",
                "kind",
                "upgrade",
                "user",
                "ops",
                "machine",
                "jump-1",
                "forced",
                List.of("tablets-healthy"),
                "format",
                2);
        entry(0.5, "balance", "previous", Map.of("disable_balance", "false", "disable_tablet_scheduler", "false"));
        downtime(0, "be-1", 1, 20);
        downtime(1, "be-2", 22, 40);
        downtime(2, "be-3", 42, 60);
        downtime(3, "fe-2", 62, 80);
        downtime(4, "fe-3", 82, 100);
        downtime(5, "fe-1", 102, 125);
        entry(112, "master", "from", "fe-1", "to", "fe-2");
        entry(
                126,
                "balance-after",
                "values",
                Map.of("disable_balance", "false", "disable_tablet_scheduler", "false"),
                "readBack",
                true);
        entry(126, "end", "outcome", "succeeded", "message", "every node at 2.1.8");
        return operation;
    }

    @Test
    void eachNodeStepIsABarFromTheStopsBeginningToReadyAndTheMasterChangeIsAMark() {
        Timeline timeline = Timeline.of(sixNodeUpgrade(), entries);

        assertThat(timeline.nodes()).containsExactly("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
        Timeline.Bar first = timeline.bars().get(0);
        assertThat(first.from()).isEqualTo(T0.plusSeconds(1));
        assertThat(first.to()).isEqualTo(T0.plusSeconds(20));
        assertThat(first.end()).isEqualTo(Timeline.End.READY);
        assertThat(first.exactStart()).isTrue();
        assertThat(timeline.marks()).extracting(Timeline.Mark::label).containsExactly("master fe-1 → fe-2");
        assertThat(timeline.batches())
                .as("a rolling run never has two nodes down at once")
                .isEmpty();
        assertThat(timeline.end()).isEqualTo(T0.plusSeconds(126));
    }

    @Test
    void eachHostsUploadIsOnTheTimelineFromItsStartToItsEndAndOneWithoutAnEndIsDrawnOpen() {
        Operation operation = upgrade(List.of(
                step("be-1", Role.BE, Reason.BACKEND_BEFORE_FRONTENDS),
                step("be-2", Role.BE, Reason.BACKEND_BEFORE_FRONTENDS)));
        entry(0, "run", "runId", "upgrade-x");
        String file = "apache-doris-2.1.8-bin-x64.tar.gz";
        entry(
                1,
                "transfer",
                "node",
                "be-1",
                "host",
                "10.0.1.1",
                "file",
                file,
                "phase",
                "started",
                "bytes",
                200_000_000);
        entry(
                2,
                "transfer",
                "node",
                "be-2",
                "host",
                "10.0.1.2",
                "file",
                file,
                "phase",
                "started",
                "bytes",
                200_000_000);
        entry(
                11,
                "transfer",
                "node",
                "be-1",
                "host",
                "10.0.1.1",
                "file",
                file,
                "phase",
                "finished",
                "bytes",
                200_000_000,
                "elapsedMillis",
                10_000);
        entry(30, "end", "outcome", "failed", "message", "be-2: no space left on device");

        Timeline timeline = Timeline.of(operation, entries);

        assertThat(timeline.uploads()).hasSize(2);
        Timeline.Upload first = timeline.uploads().get(0);
        assertThat(first.node()).isEqualTo("be-1");
        assertThat(first.from()).isEqualTo(T0.plusSeconds(1));
        assertThat(first.to()).isEqualTo(T0.plusSeconds(11));
        assertThat(first.finished()).isTrue();
        Timeline.Upload open = timeline.uploads().get(1);
        assertThat(open.node()).isEqualTo("be-2");
        assertThat(open.to()).isEqualTo(T0.plusSeconds(30));
        assertThat(open.finished()).isFalse();
        assertThat(RunReport.html(operation, entries, List.of(), dir.resolve("j.jsonl")))
                .contains("class=\"upload\" data-node=\"be-1\"")
                .contains("be-1 upload of " + file + " to 10.0.1.1: 200.0 MB in 10s, 20.0 MB/s")
                .contains("be-2 upload of " + file + " to 10.0.1.2: 200.0 MB, not finished after 28s")
                .contains("be-1: upload of " + file + " to 10.0.1.1 finished (200000000 bytes in 10s)");
    }

    @Test
    void barsThatOverlapFormABatchAndAStopWithoutStartTimeStartsAtItsEnd() {
        Operation operation = upgrade(List.of(
                step("be-1", Role.BE, Reason.BACKEND_BEFORE_FRONTENDS),
                step("be-2", Role.BE, Reason.BACKEND_BEFORE_FRONTENDS),
                step("be-3", Role.BE, Reason.BACKEND_BEFORE_FRONTENDS)));
        entry(0, "run", "runId", "upgrade-x");
        downtime(0, "be-1", 1, 20);
        downtime(1, "be-2", 5, 25);
        entry(30, "action", "step", 2, "node", "be-3", "index", 0, "action", "stop");
        entry(31, "undone", "step", 2, "node", "be-3", "outcome", "put back");
        entry(32, "end", "outcome", "failed", "message", "be-3 failed");

        Timeline timeline = Timeline.of(operation, entries);

        assertThat(timeline.batches()).singleElement().satisfies(batch -> {
            assertThat(batch.nodes()).containsExactly("be-1", "be-2");
            assertThat(batch.from()).isEqualTo(T0.plusSeconds(1));
            assertThat(batch.to()).isEqualTo(T0.plusSeconds(25));
        });
        Timeline.Bar third = timeline.bars().get(2);
        assertThat(third.exactStart()).isFalse();
        assertThat(third.from()).isEqualTo(T0.plusSeconds(30));
        assertThat(third.end()).isEqualTo(Timeline.End.PUT_BACK);
        assertThat(RunReport.html(operation, entries, List.of(), dir.resolve("j.jsonl")))
                .contains("data-batch=\"1\"")
                .contains("data-end=\"put_back\"");
    }

    @Test
    void aHostileNodeIdOrMessageNeverBecomesMarkup() throws Exception {
        Operation operation = upgrade(List.of(step(HOSTILE, Role.BE, Reason.BACKEND_BEFORE_FRONTENDS)));
        entry(
                0,
                "run",
                "runId",
                "upgrade-</title><script>x()</script>",
                "user",
                HOSTILE,
                "machine",
                HOSTILE,
                "forced",
                List.of(HOSTILE));
        entry(0.5, "balance", "previous", Map.of(HOSTILE, HOSTILE));
        downtime(0, HOSTILE, 1, 5);
        entry(6, "note", "message", HOSTILE);
        entry(7, "master", "from", HOSTILE, "to", HOSTILE);
        entry(8, "end", "outcome", "failed\" onmouseover=\"x()", "message", HOSTILE);

        String html = RunReport.html(operation, entries, List.of(HOSTILE), dir.resolve("j.jsonl"));

        assertThat(html).doesNotContain("<script", "<img", "onmouseover=\"", "</title><script");
        assertThat(html).contains("be-&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img");
        Optional<Chromium> chromium = Chromium.find(dir);
        if (chromium.isPresent()) {
            Path page = Files.writeString(dir.resolve("hostile.html"), html, StandardCharsets.UTF_8);
            String dom = chromium.get().dumpDom(page);
            assertThat(dom).doesNotContain("<script", "<img");
            assertThat(rows(dom))
                    .containsExactly(HOSTILE.replace("&", "&amp;")
                            .replace("\"", "&quot;")
                            .replace("<", "&lt;")
                            .replace(">", "&gt;"));
        }
    }

    @Test
    void chromiumDrawsTheTimelineWithOneRowPerNodeAndOneBarEach() throws Exception {
        Optional<Chromium> chromium = Chromium.find(dir);
        assumeTrue(chromium.isPresent(), "no chromium on this machine (apt-get install chromium)");
        Operation operation = sixNodeUpgrade();
        Path page = Files.writeString(
                dir.resolve("report.html"),
                RunReport.html(operation, entries, List.of(), dir.resolve("runs/upgrade-20261201-100000.jsonl")),
                StandardCharsets.UTF_8);

        String dom = chromium.get().dumpDom(page);

        assertThat(rows(dom)).containsExactly("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");
        assertThat(dom).contains("data-mark=\"master\"").contains("class=\"badge succeeded\"");
        assertThat(dom).contains("<code>tablets-healthy</code>");
        BufferedImage shot = chromium.get().screenshot(page, dir.resolve("report.png"), 1400, 900);
        // Each node's bar is a band of the downtime colour in its own row (the legend's swatch is smaller).
        List<int[]> bars = Chromium.bands(shot, 0xdd6b20).stream()
                .filter(band -> band[1] - band[0] >= 12)
                .toList();
        assertThat(bars).hasSize(6);
        for (int i = 1; i < bars.size(); i++) {
            assertThat(bars.get(i)[0]).as("row %d below row %d", i + 1, i).isGreaterThan(bars.get(i - 1)[1]);
        }
        Path keep = Path.of(System.getProperty("report.screenshot", ""));
        if (!keep.toString().isEmpty()) {
            Files.copy(dir.resolve("report.png"), keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The {@code data-node} of each timeline row, in order, as serialized. */
    static List<String> rows(String dom) {
        Matcher rows =
                Pattern.compile("<g class=\"row\" data-node=\"([^\"]*)\"").matcher(dom);
        List<String> nodes = new ArrayList<>();
        while (rows.find()) {
            nodes.add(rows.group(1));
        }
        return nodes;
    }
}
