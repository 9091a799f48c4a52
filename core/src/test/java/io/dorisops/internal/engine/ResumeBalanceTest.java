package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Operation;
import io.dorisops.RunRecord;
import io.dorisops.RunResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Every resume path restores the balance switches to the values they had before the run that first
 * paused them, and reads them back: a run killed with its switches paused (no restore, no end entry)
 * is resumed on an in-memory cluster whose switches are still paused.
 */
class ResumeBalanceTest extends FakeRunFixture {

    /** Runs {@code run} until the action {@code at}, then leaves what a SIGKILL there leaves. */
    private Path killedAt(String at, Runnable run) throws Exception {
        cluster.beforeAction = action -> {
            if (action.equals(at)) {
                throw new Killed();
            }
        };
        assertThatThrownBy(run::run).isInstanceOf(Killed.class);
        cluster.beforeAction = action -> {};
        Path journal = procedures().history().get(0).journal();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        int cut = lines.size();
        while (lines.get(cut - 1).matches(".*\"type\":\"(end|balance-after|note)\".*")) {
            cut--;
        }
        Files.write(journal, lines.subList(0, cut)); // no restore, no end entry
        cluster.config.replaceAll((key, value) -> "true"); // and the pause never restored
        cluster.log.clear();
        return journal;
    }

    private static List<String> readBack(Path journal) throws Exception {
        return Files.readAllLines(journal, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("\"type\":\"balance-after\""))
                .toList();
    }

    @Test
    void aResumedUpgradeRestoresTheSwitchesOfBeforeTheUpgradeAndReadsThemBack() throws Exception {
        Path journal =
                killedAt("stop be-2", () -> procedures().execute(procedures().planUpgrade(pkg)));

        procedures().resume(Optional.empty());

        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(readBack(journal)).singleElement().satisfies(line -> assertThat(line)
                .contains("\"readBack\":true")
                .contains("\"disable_tablet_scheduler\":\"false\""));
    }

    @Test
    void aResumedRestartRestoresTheSwitchesOfBeforeTheRestart() throws Exception {
        Procedures procedures = procedures();
        Operation restart = procedures.planRestart(cluster.topology.nodes());
        Path journal = killedAt("stop be-2", () -> procedures.execute(restart));

        procedures().resume(Optional.empty());

        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(readBack(journal)).singleElement().asString().contains("\"disable_balance\":\"false\"");
    }

    @Test
    void aRollbackKilledAndResumedRestoresTheSwitchesOfBeforeTheUpgradeAndMarksItRolledBack() throws Exception {
        killedAt("stop be-2", () -> procedures().execute(procedures().planUpgrade(pkg)));
        Path rollback =
                killedAt("restore be-1", () -> procedures().execute(procedures().planRollback(Optional.empty())));

        RunResult resumed = procedures().resume(Optional.empty());

        assertThat(resumed.journal()).isEqualTo(rollback);
        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
        assertThat(cluster.get("be-1").runningVersion.number()).isEqualTo("2.1.7");
        assertThat(readBack(rollback)).singleElement().satisfies(line -> assertThat(line)
                .contains("\"readBack\":true")
                .contains("\"disable_tablet_scheduler\":\"false\""));
        assertThat(procedures().history())
                .extracting(RunRecord::kind, RunRecord::outcome)
                .containsExactly(Tuple.tuple("rollback", "succeeded"), Tuple.tuple("upgrade", "rolled-back"));
    }

    @Test
    void aRollbackJournaledWithoutItsOwnBalanceEntryTakesTheUpgradesValues() throws Exception {
        killedAt("stop be-2", () -> procedures().execute(procedures().planUpgrade(pkg)));
        Path rollback =
                killedAt("restore be-1", () -> procedures().execute(procedures().planRollback(Optional.empty())));
        List<String> lines = Files.readAllLines(rollback, StandardCharsets.UTF_8);
        // as journaled by the dorisops before this fix
        Files.write(
                rollback,
                lines.stream()
                        .filter(line -> !line.contains("\"type\":\"balance\""))
                        .toList());

        procedures().resume(Optional.empty());

        assertThat(cluster.config).containsAllEntriesOf(UNPAUSED);
    }

    /** Stands for the runner dying. */
    private static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
