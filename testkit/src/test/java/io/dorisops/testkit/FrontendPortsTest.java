package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An FE opens {@code http_port}, {@code query_port} and {@code rpc_port} only once it is ready, as the
 * real ones do ({@code DorisFE}: {@code Env.getCurrentEnv().waitForReady(); … feServer.start(); …
 * httpServer.start(); … qeService.start()}), and keeps them open when it later loses its master.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FrontendPortsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .followers(3)
                .backends(1)
                .electionDelay(Duration.ofMillis(300))
                .baseDir(dir)
                .start();
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    private static boolean accepts(Node node, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(node.host(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What a log gained after {@code offset} (all of it when it was rotated meanwhile). */
    private static String since(String log, int offset) {
        return log.length() >= offset ? log.substring(offset) : log;
    }

    private static List<Integer> servedPorts(Node fe) {
        return List.of(fe.ports().httpPort(), fe.ports().queryPort(), fe.ports().rpcPort()).stream()
                .filter(port -> accepts(fe, port))
                .toList();
    }

    @Test
    @Order(1)
    void aLoneFollowerOfThreeServesNoPortUntilAQuorumRuns() throws Exception {
        sandbox.stop();
        Node fe2 = sandbox.node("fe-2");
        // fe.log already holds the lines of fe-2's first start (with the others): read only what this start adds.
        int before = TestSupport.log(fe2, "log/fe.log").length();
        assertThat(script(fe2, "start_fe.sh", "--daemon").exitCode()).isZero();
        Await.until(WAIT, "fe-2 waiting for a master in fe.log", () -> since(TestSupport.log(fe2, "log/fe.log"), before)
                .contains("wait catalog to be ready. FE type: UNKNOWN. is ready: false"));
        // Well past the election delay: alone it can elect no master, so it stays where it is.
        Thread.sleep(1500);

        assertThat(sandbox.pid("fe-2"))
                .as(() -> "fe-2 running; its log:\n" + TestSupport.log(fe2, "log/fe.log")
                        + TestSupport.log(fe2, "log/fe.out"))
                .isPresent();
        assertThat(servedPorts(fe2)).as("ports fe-2 accepts connections on").isEmpty();
        assertThat(accepts(fe2, fe2.ports().editLogPort()))
                .as("the edit log port (BDBJE) is open from the start")
                .isTrue();

        assertThat(script(sandbox.node("fe-3"), "start_fe.sh", "--daemon").exitCode())
                .isZero();
        Await.until(
                WAIT,
                "fe-2 serving once fe-3 makes a quorum",
                () -> servedPorts(fe2).size() == 3);
        assertThat(TestSupport.body(fe2, "/api/bootstrap")).contains("\"code\":0");
        assertThat(TestSupport.log(fe2, "log/fe.log")).containsPattern("catalog is ready. FE type: (MASTER|FOLLOWER)");
    }

    @Test
    @Order(2)
    void aFrontendThatLosesItsMasterKeepsItsPortsOpenAndAnswersNotReady() throws Exception {
        Node fe2 = sandbox.node("fe-2");
        Node fe3 = sandbox.node("fe-3");
        String master = Await.until(
                WAIT,
                "a master among fe-2 and fe-3",
                () -> {
                    try {
                        return Sql.query(fe2, "SHOW FRONTENDS").stream()
                                .filter(row -> "true".equals(row.get("IsMaster")))
                                .map(row -> row.get("EditLogPort"))
                                .findFirst()
                                .orElse("");
                    } catch (SQLException e) {
                        return "";
                    }
                },
                port -> !port.isEmpty());
        Node stays = master.equals(String.valueOf(fe2.ports().editLogPort())) ? fe3 : fe2;
        Node goes = stays == fe2 ? fe3 : fe2;

        script(goes, "stop_fe.sh");

        Await.until(WAIT, stays.id() + " answering not ready", () -> TestSupport.body(stays, "/api/bootstrap")
                .contains("\"data\":\"not ready\""));
        assertThat(servedPorts(stays)).as("ports still open").hasSize(3);
        assertThat(Sql.query(stays, "SHOW FRONTENDS")).as("reads still served").hasSize(3);
    }
}
