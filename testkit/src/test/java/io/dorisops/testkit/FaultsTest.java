package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.testkit.internal.Procs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .followers(2)
                .backends(2)
                .replicationNum(1)
                .electionDelay(Duration.ofMillis(500))
                .baseDir(dir)
                .start();
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    @AfterEach
    void clearFaultsAndRestart() {
        sandbox.nodes().forEach(node -> sandbox.faults().clear(node.id()));
        sandbox.startAll();
        sandbox.awaitReady(WAIT);
    }

    @Test
    void failNextStartFailsOnceWithAnErrorLineInTheLog() throws Exception {
        Node be = sandbox.node("be-1");
        script(be, "stop_be.sh");
        sandbox.faults().failNextStart("be-1");

        script(be, "start_be.sh", "--daemon");
        Await.until(WAIT, "the failed start is logged", () -> TestSupport.log(be, "log/be.INFO")
                .contains("ERROR (main) failed to start: simulated start failure (fault fail-next-start)"));
        Await.until(
                WAIT,
                "no be-1 process",
                () -> sandbox.pid("be-1").isEmpty() && sandbox.processes().size() == 3);

        script(be, "start_be.sh", "--daemon");
        Await.until(WAIT, "be-1 starts the second time", () -> TestSupport.status(be, "/api/health") == 200);
    }

    @Test
    void hangStartKeepsTheProcessRunningButNeverReady() throws Exception {
        Node be = sandbox.node("be-2");
        script(be, "stop_be.sh");
        sandbox.faults().hangStart("be-2");
        long starts = startLines(be);

        script(be, "start_be.sh", "--daemon");
        Await.until(WAIT, "be-2 process started", () -> startLines(be) > starts);

        assertThat(sandbox.pid("be-2")).isPresent();
        assertThat(TestSupport.status(be, "/api/health")).isEqualTo(-1);
    }

    private static long startLines(Node node) {
        return TestSupport.log(node, "log/be.INFO")
                .lines()
                .filter(line -> line.contains("process ") && line.contains(" started, version"))
                .count();
    }

    @Test
    void crashAfterKillsTheRunningProcessAndLeavesThePidFile() {
        long pid = sandbox.pid("be-1").orElseThrow();

        sandbox.faults().crashAfter("be-1", Duration.ofMillis(300));

        Await.until(WAIT, "be-1 crashed", () -> !Procs.alive(pid));
        assertThat(sandbox.node("be-1").home().resolve("bin/be.pid")).exists();
        assertThat(TestSupport.log(sandbox.node("be-1"), "log/be.INFO")).contains("simulated crash");
        sandbox.faults().clear("be-1");
    }

    @Test
    void slowStartDelaysReadiness() throws Exception {
        Node be = sandbox.node("be-2");
        script(be, "stop_be.sh");
        sandbox.faults().slowStart("be-2", Duration.ofSeconds(2));
        long start = System.nanoTime();

        script(be, "start_be.sh", "--daemon");
        Await.until(WAIT, "be-2 healthy", () -> TestSupport.status(be, "/api/health") == 200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void http500AnswersEveryRequestWithStatus500UntilCleared() {
        Node fe = sandbox.node("fe-2");

        sandbox.faults().http500("fe-2");
        Await.until(WAIT, "fe-2 answers 500", () -> TestSupport.status(fe, "/api/bootstrap") == 500);

        sandbox.faults().clear("fe-2");
        Await.until(WAIT, "fe-2 answers 200", () -> TestSupport.status(fe, "/api/bootstrap") == 200);
    }

    @Test
    void droppedHeartbeatsMakeTheMasterCountTheBackendOffline() {
        Node fe = sandbox.node("fe-1");

        sandbox.faults().dropHeartbeats("be-1");

        Await.until(
                WAIT, "be-1 offline", () -> TestSupport.body(fe, "/api/health").contains("\"online_backend_num\":1"));
        sandbox.faults().clear("be-1");
        Await.until(
                WAIT, "be-1 online", () -> TestSupport.body(fe, "/api/health").contains("\"online_backend_num\":2"));
    }

    @Test
    void killEndsTheProcessAtOnce() {
        long pid = sandbox.pid("be-2").orElseThrow();

        sandbox.faults().kill("be-2");

        assertThat(Procs.alive(pid)).isFalse();
        assertThat(sandbox.pid("be-2")).isEmpty();
    }

    @Test
    void incompatibleMetaFailsTheFrontendStartWithAClearLineInFeLog() throws Exception {
        Node fe = sandbox.node("fe-2");
        script(fe, "stop_fe.sh");
        sandbox.faults().incompatibleMeta("fe-2");

        script(fe, "start_fe.sh", "--daemon");

        Await.until(WAIT, "fe.log names the problem", () -> TestSupport.log(fe, "log/fe.log")
                .contains("this FE cannot read the existing metadata"));
        Await.until(WAIT, "fe-2 exited", () -> sandbox.pid("fe-2").isEmpty());
    }

    @Test
    void faultsRefuseUnknownNodesAndWrongRoles() {
        assertThatThrownBy(() -> sandbox.faults().http500("be-9"))
                .hasMessageContaining("no node \"be-9\"")
                .hasMessageContaining("known nodes: [fe-1, fe-2, be-1, be-2]");
        assertThatThrownBy(() -> sandbox.faults().dropHeartbeats("fe-1"))
                .hasMessageContaining("fault drop-heartbeats applies to a BE or CN");
        assertThatThrownBy(() -> sandbox.faults().apply("be-1", "crash-after"))
                .hasMessageContaining("unknown or malformed fault \"crash-after\"");
    }
}
