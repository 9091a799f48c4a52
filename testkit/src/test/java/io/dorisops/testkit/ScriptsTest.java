package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.testkit.internal.Procs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptsTest {
    /** How long a node may take to start or stop: generous, a loaded 2-core machine starts a JVM slowly. */
    private static final Duration RESTART = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    static Sandbox doris;

    @BeforeAll
    static void start() {
        doris = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(1)
                .backends(2)
                .replicationNum(1)
                .baseDir(dir.resolve("doris"))
                .start();
    }

    /** Each test starts with every node running and ready, whatever the one before it stopped or left starting. */
    @BeforeEach
    void everyNodeReady() {
        doris.startAll();
        doris.awaitReady(RESTART);
    }

    @AfterAll
    static void close() {
        doris.close();
    }

    @Test
    void startScriptRefusesARunningNodeWithTheRealMessage() throws Exception {
        Node fe = doris.node("fe-1");
        long pid = doris.pid("fe-1").orElseThrow();

        TestSupport.Run run = script(fe, "start_fe.sh", "--daemon");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).isEqualTo("Frontend running as process " + pid + ". Stop it first.");
        assertThat(doris.pid("fe-1")).hasValue(pid);
    }

    @Test
    void dorisStopKillsByPidFileAndDaemonStartReturnsAtOnce() throws Exception {
        Node be = doris.node("be-1");
        long pid = doris.pid("be-1").orElseThrow();

        TestSupport.Run stop = script(be, "stop_be.sh");
        assertThat(stop.exitCode()).isZero();
        assertThat(Procs.alive(pid)).isFalse();
        assertThat(be.home().resolve("bin/be.pid")).doesNotExist();
        assertThat(TestSupport.log(be, "log/be.INFO")).doesNotContain("received shutdown signal");

        // --daemon returns without waiting for the node: this start hangs until the fault is cleared, so a
        // script that waited would not return (TestSupport.script fails after 30 s). No bound on the time
        // the script takes: on a loaded machine even a few forks can take seconds.
        doris.faults().hangStart("be-1");
        try {
            TestSupport.Run start = script(be, "start_be.sh", "--daemon");
            assertThat(start.exitCode()).as(start.output()).isZero();
            assertThat(TestSupport.status(be, "/api/health"))
                    .as("be-1 is still starting when its start script has returned")
                    .isEqualTo(-1);
        } finally {
            doris.faults().clear("be-1");
        }
        Await.until(RESTART, "be-1 healthy again", () -> TestSupport.status(be, "/api/health") == 200);
        assertThat(Procs.comm(doris.pid("be-1").orElseThrow())).isEqualTo("doris_be");
    }

    @Test
    void graceStopSendsSigtermAndTheProcessCleansUp() throws Exception {
        Node be = doris.node("be-2");

        TestSupport.Run stop = script(be, "stop_be.sh", "--grace");

        assertThat(stop.exitCode()).isZero();
        assertThat(TestSupport.log(be, "log/be.INFO")).contains("received shutdown signal");
        script(be, "start_be.sh", "--daemon");
        Await.until(RESTART, "be-2 healthy again", () -> TestSupport.status(be, "/api/health") == 200);
    }

    @Test
    void dorisStopWithoutPidFileFailsWithTheRealMessage() throws Exception {
        Node fe = doris.node("fe-1");
        Path copy = dir.resolve("copy-bin");
        java.nio.file.Files.createDirectories(copy.resolve("bin"));
        java.nio.file.Files.copy(fe.home().resolve("bin/stop_fe.sh"), copy.resolve("bin/stop_fe.sh"));
        Node orphan = new Node("orphan", "127.0.0.1", Role.FE_FOLLOWER, copy, fe.ports());

        TestSupport.Run stop = script(orphan, "stop_fe.sh");

        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(stop.output()).isEqualTo("ERROR: " + copy.resolve("bin/fe.pid") + " does not exist");
    }

    @Test
    void aTakenPortMakesTheStartFailWithALogLineNamingIt() throws Exception {
        Node be = doris.node("be-1");
        script(be, "stop_be.sh");
        // The stopped BE's listening socket can take a moment to be released on a loaded machine.
        ServerSocket[] bound = new ServerSocket[1];
        Await.until(RESTART, "the heartbeat port is free to squat", () -> {
            try {
                bound[0] = new ServerSocket(be.ports().heartbeatPort(), 1, InetAddress.getByName(be.host()));
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        try (ServerSocket squatter = bound[0]) {
            script(be, "start_be.sh", "--daemon");
            Await.until(RESTART, "be-1 exits", () -> TestSupport.log(be, "log/be.INFO")
                    .contains("heartbeat_service_port " + be.ports().heartbeatPort() + " is already in use"));
            Await.until(RESTART, "be-1 gone", () -> doris.pid("be-1").isEmpty());
        }
        script(be, "start_be.sh", "--daemon");
        Await.until(RESTART, "be-1 healthy again", () -> TestSupport.status(be, "/api/health") == 200);
    }

    @Test
    void versionFlagPrintsTheVersionOfLib() throws Exception {
        TestSupport.Run run = script(doris.node("fe-1"), "start_fe.sh", "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).startsWith("Build version: doris-2.1.7-rc01-");
    }
}
