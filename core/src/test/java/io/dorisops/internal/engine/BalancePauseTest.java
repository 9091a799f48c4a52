package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.BalanceGuard;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.internal.journal.Journal;
import io.dorisops.internal.journal.RunJournal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final restore of a failed run: nothing written to the journal there replaces the run's first error. */
class BalancePauseTest {

    @TempDir
    Path dir;

    /** A journal on a disk that is full from now on. */
    private RunJournal fullDisk() {
        return new RunJournal(Journal.open(dir.resolve("runs/upgrade-1.jsonl"), new Journal.Sink() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void force() {}

            @Override
            public void close() {}
        }));
    }

    @Test
    void aJournalWriteFailureInTheFinalRestoreIsAttachedToTheRunsFirstErrorNeverInItsPlace() {
        FakeCluster cluster = new FakeCluster("2.1.7");
        BalanceGuard guard = BalanceGuard.pause(cluster, Flavor.DORIS);
        RuntimeException first = new DorisOpsException("be-2 (10.0.1.2): not ready after 5m");

        try (RunJournal journal = fullDisk()) {
            RuntimeException outcome = BalancePause.restore(guard, first, journal);

            assertThat(outcome).isSameAs(first);
            assertThat(first.getSuppressed()).singleElement().satisfies(e -> assertThat(e)
                    .hasMessageContaining("cannot write the journal"));
        }
        assertThat(cluster.config).containsEntry("disable_tablet_scheduler", "false");
    }

    @Test
    void aFailedRestoreAndAFailedJournalWriteAreBothAttachedToTheRunsFirstError() {
        FakeCluster cluster = new FakeCluster("2.1.7");
        BalanceGuard guard = BalanceGuard.pause(cluster, Flavor.DORIS);
        cluster.refusedConfigKeys.add("disable_balance");
        RuntimeException first = new DorisOpsException("be-2 (10.0.1.2): not ready after 5m");

        try (RunJournal journal = fullDisk()) {
            RuntimeException outcome = BalancePause.restore(guard, first, journal);

            assertThat(outcome).isSameAs(first);
            assertThat(first.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .satisfiesExactly(
                            restore -> assertThat(restore).contains("could not restore every balance switch"),
                            write -> assertThat(write).contains("cannot write the journal"));
        }
    }

    @Test
    void theEndOfAFailedRunOnAFullDiskKeepsTheRunsErrorFirst() {
        RuntimeException first = new DorisOpsException("be-2 (10.0.1.2): not ready after 5m");

        try (RunJournal journal = fullDisk()) {
            journal.failed("failed", first);
        }

        assertThat(first.getSuppressed()).singleElement().satisfies(e -> assertThat(e)
                .hasMessageContaining("cannot write the journal"));
    }
}
