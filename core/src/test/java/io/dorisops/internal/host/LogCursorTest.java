package io.dorisops.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.LocalTransport;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.ProcessControl;
import io.dorisops.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log reading of starts and canary soaks ({@link HostProcesses#startFailure}, {@link
 * HostProcesses#fatalLogLine}) on real files through a real shell: each byte read once, a fatal line
 * seen wherever it is, a rotated or truncated log read again from its start.
 */
class LogCursorTest {

    @TempDir
    Path dir;

    private Path log;
    private Node node;
    private HostProcesses ops;
    /** The stdout of every command run, to see how much a poll moved. */
    private final List<String> outputs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Path home = Files.createDirectories(dir.resolve("be-1"));
        Files.createDirectories(home.resolve("log"));
        log = home.resolve("log/be.INFO");
        Files.writeString(log, "I1201 started\n");
        node = new Node("be-1", "127.0.0.1", Role.BE, home, Ports.beDefaults());
        Transport recording = new ForwardingTransport(new LocalTransport()) {
            @Override
            public ExecResult exec(Command command) {
                ExecResult result = delegate.exec(command);
                outputs.add(result.stdout());
                return result;
            }
        };
        ops = new HostProcesses(Flavor.DORIS, new HostShell(any -> recording, Duration.ofSeconds(30)), false);
    }

    private void append(String text) throws Exception {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String ordinaryLines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("I1201 10:00:00.000000 12345 tablet_manager.cpp:100] report tablet ")
                    .append(i)
                    .append('\n');
        }
        return text.toString();
    }

    @Test
    void aFatalLineIsSeenWhereverItIsInWhatTheLogGained() throws Exception {
        ProcessControl.StartMark mark = ops.mark(node);
        // Far more than a command's captured output (64 KiB at each end) before and after the line.
        append(ordinaryLines(20_000) + "F1201 10:00:01.000000 12345 storage_engine.cpp:1] Check failed: boom\n"
                + ordinaryLines(20_000));

        assertThat(ops.fatalLogLine(node, mark))
                .hasValueSatisfying(line -> assertThat(line).contains("Check failed: boom"));
    }

    @Test
    void eachPollReadsOnlyWhatTheLogGainedSinceThePreviousOne() throws Exception {
        ProcessControl.StartMark mark = ops.mark(node);
        append("E1201 a word that holds the letters: NONFATALITY\n" + ordinaryLines(20_000));
        assertThat(ops.fatalLogLine(node, mark)).isEmpty();
        int firstPoll = outputs.get(outputs.size() - 1).length();

        append("I1201 still fine\n");
        assertThat(ops.fatalLogLine(node, mark)).isEmpty();

        // The second poll moved only its offsets: the line the first poll rejected is not read again.
        assertThat(outputs.get(outputs.size() - 1))
                .doesNotContain("NONFATALITY")
                .hasSizeLessThan(100);
        assertThat(firstPoll).isLessThan(1000);
    }

    @Test
    void aLineWrittenInTwoPartsIsReadWholeOnceItsEndArrives() throws Exception {
        ProcessControl.StartMark mark = ops.mark(node);
        append("F1201 10:00:01.000000 12345 main.cpp:1] Check fa");
        assertThat(ops.fatalLogLine(node, mark)).isEmpty();

        append("iled: split\n");

        assertThat(ops.fatalLogLine(node, mark))
                .hasValueSatisfying(line -> assertThat(line).contains("Check failed: split"));
    }

    @Test
    void aRotatedLogIsReadFromTheStartOfTheNewFile() throws Exception {
        append(ordinaryLines(1_000));
        ProcessControl.StartMark mark = ops.mark(node);
        Files.move(log, log.resolveSibling("be.INFO.20261201-100000"));
        Files.writeString(log, "F1201 10:00:02.000000 12345 main.cpp:1] Check failed: after rotation\n");

        assertThat(ops.fatalLogLine(node, mark))
                .hasValueSatisfying(line -> assertThat(line).contains("after rotation"));
    }

    @Test
    void aTruncatedLogIsReadFromItsStart() throws Exception {
        append(ordinaryLines(1_000));
        ProcessControl.StartMark mark = ops.mark(node);
        // copytruncate: the same file (same inode) cut to nothing, then written again
        Files.writeString(log, "F1201 10:00:02.000000 12345 main.cpp:1] Check failed: after truncation\n");

        assertThat(ops.fatalLogLine(node, mark))
                .hasValueSatisfying(line -> assertThat(line).contains("after truncation"));
    }

    @Test
    void aStartFailureIsReadFromTheLogEvenFarFromItsEnd() throws Exception {
        ProcessControl.StartMark mark = ops.mark(node);
        append(ordinaryLines(20_000) + "W1201 ERROR Address already in use\n" + ordinaryLines(20_000));

        assertThat(ops.startFailure(node, mark, Duration.ZERO))
                .hasValueSatisfying(why -> assertThat(why).contains("Address already in use"));
    }
}
