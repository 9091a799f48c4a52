package io.dorisops.internal.fecheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The FE metadata check's reading of the test FE's {@code fe.log}, on canned lines of the real FEs. */
class FrontendCheckLogTest {

    /**
     * A Doris FE whose master never made a checkpoint: {@code Env.loadImage} logs {@code image does not
     * exist: {}} and returns, then the journal is replayed. The official doc says so too
     * ({@code admin-manual/maint-monitor/metadata-operation.md}: "If no image has been generated before
     * reboot, you will see: image does not exist: /path/to/doris-meta/image/image.0").
     */
    static final String DORIS_WITHOUT_IMAGE =
            """
            2026-12-07 10:00:01,101 INFO (main|1) [Env.loadImage():1276] image does not exist: /opt/doris/fe/doris-meta/image/image.0
            2026-12-07 10:00:02,311 INFO (stateListener|85) [Env.replayJournal():2764] replayed journal id is 1051, replay to journal id is 1051
            2026-12-07 10:00:02,312 INFO (stateListener|85) [Env.replayJournal():2787] finish replay in 3 msec
            2026-12-07 10:00:02,420 INFO (stateListener|85) [Env.transferToMaster():1542] master finished to replay journal, can write now.
            """;

    static final String STARROCKS_WITHOUT_IMAGE =
            """
            2026-12-07 10:00:01,101 INFO (main|1) [GlobalStateMgr.loadImage():1381] image does not exist: /opt/starrocks/fe/meta/image/image.0
            2026-12-07 10:00:02,312 INFO (stateChangeExecutor|86) [GlobalStateMgr.replayJournal():1942] finish replay in 3 msec
            2026-12-07 10:00:02,420 INFO (stateChangeExecutor|86) [GlobalStateMgr.transferToLeader():1233] leader finished to replay journal, can write now.
            """;

    static final String DORIS_WITH_IMAGE =
            """
            2026-12-07 10:00:01,101 INFO (main|1) [Env.loadImage():1283] start load image from /opt/doris/fe/doris-meta/image/image.1051. is ckpt: false
            2026-12-07 10:00:01,812 INFO (main|1) [Env.loadImage():1312] finished to load image in 711 ms
            2026-12-07 10:00:02,420 INFO (stateListener|85) [Env.transferToMaster():1542] master finished to replay journal, can write now.
            """;

    @Test
    void aMasterThatNeverMadeAnImagePassesOnceItsJournalIsReplayed() {
        assertThat(FrontendCheckWatch.metadataLoaded(DORIS_WITHOUT_IMAGE)).isTrue();
        assertThat(FrontendCheckWatch.metadataLoaded(STARROCKS_WITHOUT_IMAGE)).isTrue();
        assertThat(FrontendCheckWatch.metadataLoaded(DORIS_WITH_IMAGE)).isTrue();
    }

    @Test
    void theMetadataIsNotLoadedBeforeTheJournalIsReplayed() {
        String beforeReplay = DORIS_WITHOUT_IMAGE.lines().findFirst().orElseThrow();
        String imageOnly =
                DORIS_WITH_IMAGE.lines().limit(2).reduce((a, b) -> a + "\n" + b).orElseThrow();

        assertThat(FrontendCheckWatch.metadataLoaded(beforeReplay)).isFalse();
        assertThat(FrontendCheckWatch.metadataLoaded(imageOnly)).isFalse();
        assertThat(FrontendCheckWatch.metadataLoaded("")).isFalse();
    }
}
