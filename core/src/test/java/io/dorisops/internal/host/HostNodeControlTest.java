package io.dorisops.internal.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.LocalTransport;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.internal.action.Action;
import io.dorisops.spi.ProcessControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every script the host port sends, run by a real shell, with values made of shell syntax wherever a
 * value can still carry it (a run marker's holder, a staged file's name): the host must see each value
 * as data. A home of shell syntax cannot reach the port at all: {@code Node} refuses it.
 */
class HostNodeControlTest {

    private static final String HOSTILE = "be $(touch PWNED1) `touch PWNED2`; touch PWNED3 \"q' & | < >";
    private static final String STAMP = "20261201_093000";

    @TempDir
    Path dir;

    private Path home;
    private Node node;
    private HostProcesses processes;
    private HostBinaries binaries;
    private HostRunMarker marker;
    private final LocalTransport transport = new LocalTransport();

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("be-1"));
        for (String sub : List.of("bin", "lib", "log")) {
            Files.createDirectories(home.resolve(sub));
        }
        Files.writeString(home.resolve("bin/marker"), "old");
        node = new Node("be-1", "127.0.0.1", Role.BE, home, Ports.beDefaults());
        HostShell shell = new HostShell(any -> transport, Duration.ofSeconds(20));
        processes = new HostProcesses(Flavor.DORIS, shell, false);
        binaries = new HostBinaries(Flavor.DORIS, shell, new HostPackages(any -> transport, Duration.ofSeconds(20)));
        marker = new HostRunMarker(shell);
    }

    private void assertNothingRan() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("PWNED"));
        }
        assertThat(Path.of("PWNED1")).doesNotExist();
    }

    @Test
    void backupDeployAndRestoreMoveOnlyBinAndLibWhateverTheHomeIsNamed() throws Exception {
        Path staged = Files.createDirectories(home.resolve(".dorisops/staged/" + STAMP));
        Files.createDirectories(staged.resolve("bin"));
        Files.createDirectories(staged.resolve("lib"));
        Files.writeString(staged.resolve("bin/marker"), "new");

        binaries.backup(node, STAMP);
        assertThat(home.resolve("bin_backup_" + STAMP + "/marker")).hasContent("old");
        assertThat(binaries.hasBackup(node, STAMP)).isTrue();

        binaries.deploy(node, STAMP);
        assertThat(home.resolve("bin/marker")).hasContent("new");

        assertThat(binaries.restore(node, STAMP)).isTrue();
        assertThat(home.resolve("bin/marker")).hasContent("old");
        assertThat(binaries.hasBackup(node, STAMP)).isFalse();
        // The undone deploy is staged again: a resume backs up and deploys it once more.
        assertThat(staged.resolve("bin/marker")).hasContent("new");
        binaries.backup(node, STAMP);
        binaries.deploy(node, STAMP);
        assertThat(home.resolve("bin/marker")).hasContent("new");
        assertNothingRan();
    }

    @Test
    void readsOfPidsLogsAndDiskSeeValuesAsData() throws Exception {
        Files.writeString(home.resolve("log/be.INFO"), "started\nERROR failed to start: port in use\n");

        assertThat(processes.running(node)).isFalse();
        assertThat(binaries.freeKilobytes(node)).isPositive();
        ProcessControl.StartMark mark = processes.mark(node);
        Files.writeString(
                home.resolve("log/be.INFO"),
                "ERROR Address already in use\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(processes.startFailure(node, mark, Duration.ZERO))
                .hasValueSatisfying(why ->
                        assertThat(why).contains("Address already in use").doesNotContain("port in use"));
        assertThat(processes.logTail(node)).contains("Address already in use");
        assertNothingRan();
    }

    @Test
    void theClusterMarkerKeepsOutAnotherRunAndIsReleasedOnlyByItsOwn() throws Exception {
        assertThat(marker.claim(node, "upgrade-1", HOSTILE, "")).isEmpty();
        assertThat(marker.claim(node, "upgrade-1", "again", "")).isEmpty();
        assertThat(marker.claim(node, "rollback-2", "ops@b", ""))
                .hasValueSatisfying(holder -> assertThat(holder).startsWith("upgrade-1 " + HOSTILE));

        marker.release(node, "rollback-2");
        assertThat(home.resolve(".dorisops/run.lock")).exists();
        assertThat(marker.claim(node, "rollback-2", "ops@b", "upgrade-1")).isEmpty();
        marker.release(node, "rollback-2");
        assertThat(home.resolve(".dorisops/run.lock")).doesNotExist();
        assertNothingRan();
    }

    @Test
    void pruningKeepsTheNewestStagedPackagesOnly() throws Exception {
        Path packages = Files.createDirectories(home.resolve(".dorisops/packages"));
        for (String name : List.of(
                "20261101_000000-a.tar.gz", "20261201_000000-b.tar.gz", "20261115_000000-$(touch PWNED4).tar.gz")) {
            Files.writeString(packages.resolve(name), "x");
        }

        binaries.pruneStaged(node, 1);

        try (Stream<Path> left = Files.list(packages)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("20261201_000000-b.tar.gz");
        }
        assertNothingRan();
    }

    @Test
    void aHomeMadeOfShellSyntaxNeverReachesThePort() {
        assertThatThrownBy(() -> new Node("be-1", "127.0.0.1", Role.BE, dir.resolve(HOSTILE), Ports.beDefaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStampThatIsNotATimestampIsRefusedBeforeAnyShellSeesIt() {
        for (String bad : Set.of("20261201_093000; rm -rf /", "../x", "$(id)", "")) {
            assertThatThrownBy(() -> new Action.Backup(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("yyyyMMdd_HHmmss");
        }
    }

    /**
     * Doris {@code cloud/script/start.sh}: without {@code --meta-service} or {@code --recycler} one process
     * runs both, so a topology with its own Recycler starts the MetaService with {@code --meta-service}.
     */
    @Test
    void aMetaServiceBesideASeparateRecyclerStartsWithMetaServiceAlone() throws Exception {
        Path msHome = Files.createDirectories(dir.resolve("ms-1"));
        Files.createDirectories(msHome.resolve("bin"));
        Path script = msHome.resolve("bin/start.sh");
        Files.writeString(script, "#!/bin/bash\necho \"$@\" >> \"$(dirname \"$0\")/../args\"\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        Node ms = new Node(
                "ms-1",
                "127.0.0.1",
                Role.META_SERVICE,
                msHome,
                Ports.builder().brpcPort(5000).build());

        new HostProcesses(Flavor.DORIS, new HostShell(any -> transport, Duration.ofSeconds(20)), true)
                .start(ms, List.of());
        new HostProcesses(Flavor.DORIS, new HostShell(any -> transport, Duration.ofSeconds(20)), false)
                .start(ms, List.of());

        assertThat(Files.readAllLines(msHome.resolve("args"))).containsExactly("--meta-service --daemon", "--daemon");
        assertThat(Flavor.DORIS.startArgs(Role.RECYCLER, true)).containsExactly("--recycler", "--daemon");
    }
}
