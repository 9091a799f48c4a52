package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.RunRecord;
import io.dorisops.Traffic;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue #25: the run report and the history show each node's drain time beside its downtime, read from
 * the journal, and, when the run was watched under a {@link Traffic}, the failed queries and loads per
 * node and on the timeline.
 */
class DrainTimesReportTest extends FakeRunFixture {

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theHistoryAndTheReportShowEachNodesDrainBesideItsDowntimeAndTheFailuresWhileItWasDown() {
        AtomicLong failedQueries = new AtomicLong();
        cluster.beforeAction = action -> {
            if (action.equals("start be-2")) {
                failedQueries.addAndGet(2);
                sleep(1500); // the run samples the traffic once a second
            }
        };

        upgrade(options()
                .traffic(() -> new Traffic.Counts(10, failedQueries.get(), 5, 0))
                .build());

        RunRecord run = procedures().history().get(0);
        assertThat(run.nodeTimes())
                .extracting(RunRecord.NodeTime::node)
                .containsExactly("be-1", "be-2", "be-3", "fe-obs", "fe-2", "fe-3", "fe-1");
        assertThat(run.nodeTimes())
                .allSatisfy(time -> assertThat(time.downtime()).isPresent());
        assertThat(run.nodeTimes())
                .filteredOn(time -> time.node().startsWith("be-"))
                .allSatisfy(time -> assertThat(time.drain()).isPresent());
        assertThat(run.nodeTimes())
                .filteredOn(time -> time.node().startsWith("fe-"))
                .allSatisfy(time -> assertThat(time.drain()).isEmpty());
        assertThat(run.nodeTimes())
                .filteredOn(time -> time.node().equals("be-2"))
                .singleElement()
                .satisfies(time -> assertThat(time.traffic()).contains(new Traffic.Counts(0, 2, 0, 0)));
        assertThat(run.nodeTimes())
                .filteredOn(time -> !time.node().equals("be-2"))
                .allSatisfy(time -> assertThat(time.traffic()).contains(new Traffic.Counts(0, 0, 0, 0)));
        assertThat(run.traffic()).contains(new Traffic.Counts(0, 2, 0, 0));

        String html = Procedures.report(cluster.topology, Optional.of(state()), Optional.empty());
        assertThat(html)
                .contains("<h2>Drain and downtime</h2>")
                .contains("<th>failed queries</th>")
                .containsPattern("<tr data-node=\"be-2\"><td>be-2</td><td class=\"n\">[^<]+</td>"
                        + "<td class=\"n\">[^<]+</td><td class=\"n\">2</td><td class=\"n\">0</td></tr>")
                .containsPattern("<tr data-node=\"fe-1\"><td>fe-1</td><td class=\"n\">none</td>")
                .contains("data-mark=\"failed\"")
                .contains("2 queries failed")
                .contains("Workload over the run: 2 queries, 2 failed; 0 loads, 0 failed");
    }

    @Test
    void aRunWithoutTrafficShowsTheTimesOnly() {
        upgrade();

        RunRecord run = procedures().history().get(0);
        assertThat(run.traffic()).isEmpty();
        assertThat(run.nodeTimes()).isNotEmpty().allSatisfy(time -> assertThat(time.traffic())
                .isEmpty());
        assertThat(Procedures.report(cluster.topology, Optional.of(state()), Optional.empty()))
                .contains("id=\"node-times\"")
                .doesNotContain("<th>failed queries</th>", "data-mark=\"failed\"");
    }

    @Test
    void aTrafficSourceThatThrowsNeverFailsTheRun() {
        upgrade(options()
                .traffic(() -> {
                    throw new IllegalStateException("the counter is gone");
                })
                .build());

        assertThat(procedures().history().get(0).outcome()).isEqualTo("succeeded");
    }
}
