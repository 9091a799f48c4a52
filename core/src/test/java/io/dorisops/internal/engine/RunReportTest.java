package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.DorisOpsException;
import io.dorisops.NodeFailedException;
import io.dorisops.RunResult;
import io.dorisops.internal.journal.Journal;
import io.dorisops.internal.journal.RunJournal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a run journals for its report, and the report of a real run's journal, on the in-memory cluster. */
class RunReportTest extends FakeRunFixture {

    private static List<JsonNode> entries(Path journal, String type) {
        return Journal.read(journal).entries().stream()
                .filter(entry -> entry.path("type").asText().equals(type))
                .toList();
    }

    @Test
    void anUpgradeJournalsWhenEachActionBeganTheMasterChangeAndTheSwitchesReadBackAfter() {
        RunResult result = upgrade();

        assertThat(entries(result.journal(), "action")).allSatisfy(action -> assertThat(
                        java.time.Instant.parse(action.get("started").asText()))
                .isBeforeOrEqualTo(java.time.Instant.parse(action.get("time").asText())));
        assertThat(entries(result.journal(), "master"))
                .singleElement()
                .satisfies(master -> assertThat(master.get("from").asText()).isEqualTo("fe-1"));
        assertThat(entries(result.journal(), "balance-after")).singleElement().satisfies(after -> {
            assertThat(after.get("readBack").asBoolean()).isTrue();
            assertThat(after.get("values").get("disable_balance").asText()).isEqualTo("false");
        });
        // The old reader still reads the run: the new entries are ignored by replay.
        assertThat(RunJournal.replay(result.journal(), cluster.topology).outcome())
                .isEqualTo("succeeded");
    }

    @Test
    void theReportOfTheNewestRunHasARowAndABarPerNodeTheMasterMarkAndTheBalanceBeforeAndAfter() {
        upgrade();

        String html = Procedures.report(cluster.topology, Optional.of(state()), Optional.empty());

        assertThat(rows(html)).containsExactly("be-1", "be-2", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
        assertThat(html).containsPattern("class=\"bar\" data-node=\"be-1\" data-step=\"\\d+\" data-end=\"ready\"");
        assertThat(html).contains("data-mark=\"master\"").contains("master fe-1 → ");
        assertThat(html).contains("after the run (read back from the master)").contains("<code>disable_balance</code>");
        assertThat(html).contains("class=\"badge succeeded\"").contains("every node at 2.1.8");
        assertThat(html).doesNotContain("<script", "<link", "src=\"http", "href=\"http");
    }

    @Test
    void aFailedRunReportsThePutBackBarAndTheSwitchesAsSetBack() {
        cluster.get("be-2").failingStarts = 1;
        assertThatThrownBy(this::upgrade).isInstanceOf(NodeFailedException.class);

        String html = Procedures.report(cluster.topology, Optional.of(state()), Optional.empty());

        assertThat(html).containsPattern("data-node=\"be-2\" data-step=\"\\d+\" data-end=\"put_back\"");
        assertThat(html).contains("class=\"badge failed\"").contains("after the run (as set back)");
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
    }

    @Test
    void aReportOfARunThatIsNotThereNamesTheRunsThereAre() {
        assertThatThrownBy(() -> Procedures.report(cluster.topology, Optional.of(state()), Optional.empty()))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining(
                        "no run of " + cluster.topology.name() + " is journaled in " + state().resolve("runs"));
        String runId = upgrade().runId();

        assertThatThrownBy(() -> Procedures.report(cluster.topology, Optional.of(state()), Optional.of("upgrade-1")))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("no run upgrade-1 of " + cluster.topology.name())
                .hasMessageContaining("the runs are [" + runId + "]");
        assertThat(Procedures.report(cluster.topology, Optional.of(state()), Optional.of(runId)))
                .contains(runId);
    }

    private static List<String> rows(String html) {
        Matcher rows =
                Pattern.compile("<g class=\"row\" data-node=\"([^\"]*)\"").matcher(html);
        List<String> nodes = new java.util.ArrayList<>();
        while (rows.find()) {
            nodes.add(rows.group(1));
        }
        return nodes;
    }
}
