package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.PreconditionFailedException;
import io.dorisops.RunRecord;
import io.dorisops.internal.journal.RunHistory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Journals are read per line and per file: a damaged one is listed with what and where, and blocks
 * neither {@code history}, {@code report}, {@code resume} or {@code rollback} of another run nor the
 * {@code unfinished-run} gate; every value a journal feeds back into an action is checked on read, so a
 * tampered journal is refused, never acted on.
 */
class JournalDamageTest extends FakeRunFixture {

    /** An upgrade killed before be-2's stop: unfinished, be-1 done. */
    private Path killedUpgrade() throws Exception {
        cluster.beforeAction = action -> {
            if (action.equals("stop be-2")) {
                throw new IllegalStateException("killed");
            }
        };
        assertThatThrownBy(() -> procedures().execute(procedures().planUpgrade(pkg)))
                .hasMessageContaining("killed");
        cluster.beforeAction = action -> {};
        Path journal = procedures().history().get(0).journal();
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        Files.write(journal, lines.subList(0, lines.size() - 1)); // no end entry
        cluster.log.clear();
        return journal;
    }

    /** A copy of {@code journal} as another run, its first line changed by {@code edit}. */
    private Path copyAs(Path journal, String runId, UnaryOperator<String> edit) throws Exception {
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        String from = RunHistory.runIdOf(journal);
        String header = lines.get(0).replace("\"runId\":\"" + from + "\"", "\"runId\":\"" + runId + "\"");
        Path copy = journal.resolveSibling(runId + ".jsonl");
        Files.write(
                copy,
                java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(edit.apply(header)),
                                lines.stream().skip(1))
                        .toList());
        return copy;
    }

    private Path runs() {
        return dir.resolve("state/runs");
    }

    @Test
    void anEmptyOrHeaderlessJournalIsListedAsDamagedAndBlocksNoOtherRun() throws Exception {
        Path killed = killedUpgrade();
        Files.writeString(runs().resolve("restart-20260101-000000.jsonl"), "");
        Files.writeString(
                runs().resolve("restart-20260101-000001.jsonl"),
                "{\"type\":\"action\",\"time\":\"2026-01-01T00:00:01Z\",\"step\":0,\"index\":0}\n");

        List<RunRecord> history = procedures().history();

        assertThat(history).hasSize(3);
        assertThat(history)
                .filteredOn(run -> run.outcome().equals("damaged"))
                .extracting(run -> run.message().orElseThrow())
                .satisfiesExactlyInAnyOrder(
                        why -> assertThat(why).contains("restart-20260101-000000.jsonl", "holds no readable entry"),
                        why -> assertThat(why).contains("restart-20260101-000001.jsonl", "does not start with a run"));
        assertThatThrownBy(() -> procedures().execute(procedures().planUpgrade(pkg)))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("unfinished-run: upgrade " + RunHistory.runIdOf(killed));
        assertThat(Procedures.report(cluster.topology, Optional.of(dir.resolve("state")), Optional.empty()))
                .contains("be-1");
        assertThatThrownBy(() -> procedures().resume(Optional.of("restart-20260101-000000")))
                .hasMessageContaining("the run restart-20260101-000000 cannot be resumed or rolled back")
                .hasMessageContaining("holds no readable entry");

        procedures().resume(Optional.empty());

        assertThat(cluster.get("be-3").runningVersion.number()).isEqualTo("2.1.8");
    }

    @Test
    void aTailTornInsideAMultiByteCharacterIsOneDamagedLineNotAnUnreadableJournal() throws Exception {
        Path killed = killedUpgrade();
        byte[] note = "{\"type\":\"note\",\"time\":\"2026-01-01T00:00:00Z\",\"message\":\"caf\u00e9"
                .getBytes(StandardCharsets.UTF_8);
        Files.write(killed, java.util.Arrays.copyOf(note, note.length - 1), StandardOpenOption.APPEND);

        RunRecord run = procedures().history().get(0);

        assertThat(run.outcome()).isEqualTo("unfinished");
        assertThat(run.damaged()).singleElement().asString().contains(killed.getFileName() + " line ", "not UTF-8");
        procedures().resume(Optional.empty());
        assertThat(cluster.get("be-3").runningVersion.number()).isEqualTo("2.1.8");
    }

    @Test
    void aKindOrActionOfANewerVersionIsListedAsDamagedAndOnlyThatRunCannotBeResumed() throws Exception {
        Path killed = killedUpgrade();
        copyAs(
                killed,
                "upgrade-20990101-000000",
                header -> header.replace("\"kind\":\"upgrade\"", "\"kind\":\"evacuate\""));
        copyAs(
                killed,
                "upgrade-20990101-000001",
                header -> header.replace("\"type\":\"stop\"", "\"type\":\"hibernate\""));

        List<RunRecord> damaged = procedures().history().stream()
                .filter(run -> run.outcome().equals("damaged"))
                .toList();

        assertThat(damaged)
                .extracting(run -> run.message().orElseThrow())
                .satisfiesExactlyInAnyOrder(
                        why -> assertThat(why)
                                .contains("upgrade-20990101-000000.jsonl", "kind \"evacuate\" is unknown"),
                        why -> assertThat(why)
                                .contains("upgrade-20990101-000001.jsonl", "unknown action type \"hibernate\""));
        assertThatThrownBy(() -> procedures().resume(Optional.of("upgrade-20990101-000001")))
                .hasMessageContaining("cannot be resumed");
        procedures().resume(Optional.empty());
        assertThat(cluster.get("be-3").runningVersion.number()).isEqualTo("2.1.8");
    }

    @Test
    void anEntryThatIsNotWhatItsTypeSaysIsSkippedAndReportedWithItsLine() throws Exception {
        Path killed = killedUpgrade();
        Files.writeString(
                killed,
                "{\"type\":\"step-done\",\"time\":\"2026-01-01T00:00:00Z\",\"step\":999,\"node\":\"be-3\"}\n",
                StandardOpenOption.APPEND);
        int line = Files.readAllLines(killed).size();

        RunRecord run = procedures().history().get(0);

        assertThat(run.damaged())
                .singleElement()
                .asString()
                .contains(killed.getFileName() + " line " + line, "step 999 is not in the operation");
        assertThat(run.done()).containsExactly("be-1");
    }

    @Test
    void aTamperedStampIsRefusedBeforeItNamesABackupDirectory() throws Exception {
        Path killed = killedUpgrade();
        String journal = Files.readString(killed);
        String tampered = journal.replaceFirst("\"stamp\":\"\\d{8}_\\d{6}\"", "\"stamp\":\"../../etc;touch PWNED\"");
        assertThat(tampered).isNotEqualTo(journal);
        Files.writeString(killed, tampered);

        assertThatThrownBy(() -> procedures().execute(procedures().planRollback(Optional.empty())))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("no upgrade of fake to roll back");
        assertThat(procedures().history().get(0).message().orElseThrow())
                .contains("a backup stamp is yyyyMMdd_HHmmss", "cannot be resumed or rolled back");
        assertThatThrownBy(
                        () -> procedures().execute(procedures().planRollback(Optional.of(RunHistory.runIdOf(killed)))))
                .hasMessageContaining("a backup stamp is yyyyMMdd_HHmmss");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void aRunIdThatIsNotItsFilesNameIsRefused() throws Exception {
        Path killed = killedUpgrade();
        Path copy = runs().resolve("upgrade-20990101-000000.jsonl");
        Files.copy(killed, copy);

        assertThat(procedures().history())
                .filteredOn(run -> run.journal().equals(copy))
                .singleElement()
                .satisfies(run -> assertThat(run.message().orElseThrow())
                        .contains("is not the file's name upgrade-20990101-000000.jsonl"));
    }

    @Test
    void tamperedValuesInTheOperationAreRefusedNamingTheField() throws Exception {
        Path killed = killedUpgrade();
        Map<String, String> tampered = Map.of(
                "\"host\":\"10.0.1.2\"", "host \"10.0.1.2;reboot\" is no host name",
                "\"node\":\"be-2\"", "node \"../be-2\" is not a node id",
                "x64.tar.gz\"", "is no release tarball's path");
        Map<String, String> into = Map.of(
                "\"host\":\"10.0.1.2\"", "\"host\":\"10.0.1.2;reboot\"",
                "\"node\":\"be-2\"", "\"node\":\"../be-2\"",
                "x64.tar.gz\"", "x64.tar.gz;reboot\"");
        int n = 10;
        for (Map.Entry<String, String> each : tampered.entrySet()) {
            copyAs(
                    killed,
                    "upgrade-2099010" + n % 10 + "-0000" + n++,
                    header -> header.replace(each.getKey(), into.get(each.getKey())));
        }

        assertThat(procedures().history())
                .filteredOn(run -> run.outcome().equals("damaged"))
                .extracting(run -> run.message().orElseThrow())
                .hasSize(3)
                .anySatisfy(why -> assertThat(why).contains(tampered.get("\"host\":\"10.0.1.2\"")))
                .anySatisfy(why -> assertThat(why).contains(tampered.get("\"node\":\"be-2\"")))
                .anySatisfy(why -> assertThat(why).contains(tampered.get("x64.tar.gz\"")));
    }

    @Test
    void aTamperedBalanceValueRefusesTheRunRatherThanSkippingItsValues() throws Exception {
        Path killed = killedUpgrade();
        Files.writeString(
                killed,
                Files.readString(killed)
                        .replaceFirst(
                                "\"disable_balance\":\"false\"",
                                "\"disable_balance\":\"false\\\\\\\"); DROP DATABASE db1; --\""));

        assertThat(procedures().history().get(0).message().orElseThrow())
                .contains("disable_balance", "is not a plain word");
        assertThatThrownBy(() -> procedures().resume(Optional.of(RunHistory.runIdOf(killed))))
                .hasMessageContaining("cannot be resumed");
        assertThat(cluster.log).isEmpty();
    }
}
