package io.dorisops.internal.fecheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.FakeTime;
import io.dorisops.internal.context.Waiter;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The watch of the test FE (step 8 of the FE metadata check) on the engine's waiter with fake time: a
 * ten-minute deadline passes without a real second, and the polls are counted as sleeps.
 */
class FrontendCheckWatchTest {

    private static final Path FE_HOME = Path.of("/scratch/dorisops-fe-check-1/fe");
    private static final Duration POLL = Duration.ofSeconds(2);

    private final FakeTime time = new FakeTime();
    private final AtomicInteger polls = new AtomicInteger();
    private final List<String> evidence = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    private volatile String feLog = "";
    private volatile String feOut = "";
    private volatile String pid = "4242";
    private volatile String bootstrap = "";
    /** Runs at each {@code kill -0} of the pid, before it answers: the process may end right then. */
    private volatile Runnable atPidCheck = () -> {};

    /** The test FE's host: its logs, and the pid the watch's {@code kill -0} script finds alive. */
    private final Transport host = new Transport() {
        @Override
        public String host() {
            return "check-host";
        }

        @Override
        public ExecResult exec(Command command) {
            assertThat(String.join(" ", command.argv())).contains("kill -0");
            polls.incrementAndGet();
            atPidCheck.run();
            return new ExecResult(0, pid.isEmpty() ? "" : pid + "\n", "", Duration.ZERO, false);
        }

        @Override
        public void upload(Path source, Path target, TransferListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String read(Path file, int maxBytes) {
            return file.endsWith("fe.log") ? feLog : feOut;
        }

        @Override
        public boolean exists(Path path) {
            return true;
        }

        @Override
        public void close() {}
    };

    private boolean watch(Duration timeout) {
        return new FrontendCheckWatch(
                        new FrontendCheckHost(host, Duration.ofSeconds(30)),
                        FE_HOME,
                        () -> bootstrap,
                        new Waiter(POLL, time, time, message -> {}))
                .watch(timeout, evidence, errors);
    }

    @Test
    void theCheckPassesOnceTheMetadataIsLoadedAndBootstrapSaysReady() {
        AtomicInteger sleeps = new AtomicInteger();
        Runnable advance = () -> {
            switch (sleeps.incrementAndGet()) {
                case 1 -> feLog = FrontendCheckLogTest.DORIS_WITH_IMAGE;
                case 2 -> bootstrap = "{\"msg\":\"success\",\"code\":0}";
                default -> {}
            }
        };

        boolean passed = new FrontendCheckWatch(
                        new FrontendCheckHost(host, Duration.ofSeconds(30)),
                        FE_HOME,
                        () -> bootstrap,
                        new Waiter(
                                POLL,
                                time,
                                duration -> {
                                    time.sleep(duration);
                                    advance.run();
                                },
                                message -> {}))
                .watch(Duration.ofMinutes(10), evidence, errors);

        assertThat(passed).isTrue();
        assertThat(time.sleeps).containsExactly(POLL, POLL);
        assertThat(evidence)
                .anySatisfy(line -> assertThat(line).contains("finished to load image"))
                .anySatisfy(line -> assertThat(line).contains("finished to replay journal, can write now."))
                .contains("GET /api/bootstrap: {\"msg\":\"success\",\"code\":0}");
        assertThat(errors).isEmpty();
    }

    @Test
    void aTestFeThatNeverLoadsFailsAtTheDeadlineWithoutTakingRealTime() {
        feLog = "2026-12-07 10:00:01,101 INFO (main|1) [Env.loadImage():1283] start load image from x\n";

        boolean passed = watch(Duration.ofMinutes(10));

        assertThat(passed).isFalse();
        assertThat(errors)
                .containsExactly("not loaded after 600s; last lines: 2026-12-07 10:00:01,101 INFO (main|1)"
                        + " [Env.loadImage():1283] start load image from x");
        assertThat(time.sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(10));
        assertThat(polls).hasValue(301);
    }

    @Test
    void aTestFeThatExitedWithAnErrorFailsAtTheFirstPoll() {
        pid = "";
        feLog = "2026-12-07 10:00:01,101 ERROR (main|1) [Env.loadImage():1300] The meta version of image is 129,"
                + " which is higher than FE current version 128\n";

        boolean passed = watch(Duration.ofMinutes(10));

        assertThat(passed).isFalse();
        assertThat(errors).singleElement().asString().contains("higher than FE current version 128");
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void aStartThatNeverWroteAPidFailsOnceTheGraceIsOverNotAtTheDeadline() {
        pid = "";
        feOut = "starting\n";

        boolean passed = watch(Duration.ofMinutes(10));

        assertThat(passed).isFalse();
        assertThat(errors).containsExactly("the test FE exited; last lines: starting");
        assertThat(time.sleeps.stream().reduce(Duration.ZERO, Duration::plus))
                .isGreaterThan(FrontendCheckWatch.NO_PID_GRACE)
                .isLessThan(FrontendCheckWatch.NO_PID_GRACE.plus(POLL).plus(POLL));
    }

    @Test
    void aTestFeThatExitsBetweenTwoReadsIsJudgedByItsLastLogLinesNotByTheOnesReadBefore() {
        feLog = "2026-12-07 10:00:01,101 INFO (main|1) [Env.loadImage():1283] start load image from x\n";
        atPidCheck = () -> {
            if (time.sleeps.size() >= 6) { // 12 s in, past the pid grace: a slow start on a loaded machine
                feLog += "2026-12-07 10:00:13,101 ERROR (main|1) [Env.loadImage():1300] The meta version of image"
                        + " is 129, which is higher than FE current version 128\n";
                pid = "";
            }
        };

        boolean passed = watch(Duration.ofMinutes(10));

        assertThat(passed).isFalse();
        assertThat(errors).singleElement().asString().contains("higher than FE current version 128");
    }
}
