package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.STEP_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Cluster;
import io.dorisops.Flavor;
import io.dorisops.Flavor.ConfigSwitch;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.jdbc.JdbcClusterAdmin;
import io.dorisops.ssh.MinaSshServer;
import io.dorisops.ssh.OpenSshServer;
import io.dorisops.ssh.SshTransport;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same end-to-end checks as {@link RollingUpgradeTest}, with every command and file going over
 * {@link SshTransport} to a real SSH server on 127.0.0.1: OpenSSH when {@code /usr/sbin/sshd} is
 * installed (CI), else the in-JVM MINA SSHD. The transport is picked by {@link Cluster#of} through
 * {@code ServiceLoader}, from the topology's SSH settings alone.
 */
class SshRollingUpgradeTest {
    private static final List<String> ORDER = List.of("be-1", "be-2", "be-3", "fe-2", "fe-3", "fe-1");

    private static OpenSshServer openssh;
    private static MinaSshServer mina;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSshServer() throws Exception {
        if (Files.isExecutable(OpenSshServer.SSHD)) {
            openssh = new OpenSshServer();
            openssh.beforeAll(null);
        } else {
            mina = new MinaSshServer();
            mina.beforeEach(null);
        }
    }

    @AfterAll
    static void stopSshServer() throws Exception {
        if (openssh != null) {
            openssh.afterAll(null);
        }
        if (mina != null) {
            mina.afterEach(null);
        }
    }

    /** The sandbox's topology, with SSH enabled for its loopback hosts and pointed at the test server. */
    private static Topology overSsh(Topology local) {
        int port = openssh != null ? openssh.port() : mina.port();
        Path key = openssh != null ? openssh.userKey() : mina.userKey();
        Path knownHosts = openssh != null ? openssh.knownHosts() : mina.knownHosts();
        SshSettings ssh = SshSettings.builder()
                .user(MinaSshServer.USER)
                .port(port)
                .identityFile(key)
                .knownHosts(knownHosts)
                .loopback(true)
                .build();
        return new Topology(
                local.name(), local.flavor(), local.nodes(), ssh, local.sql(), local.timeouts(), local.source());
    }

    /** What the server saw: sshd's accepted connections, or MINA's recorded commands. */
    private static long sshActivity() {
        return openssh != null ? openssh.connections() : mina.commands().size();
    }

    private static Sandbox doris(Path dir) {
        return Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(3)
                .backends(3)
                .baseDir(dir.resolve("sandbox"))
                .start();
    }

    private static List<String> balanceKeys() {
        return Flavor.DORIS.balanceSwitches().stream().map(ConfigSwitch::key).toList();
    }

    @Test
    void rollingUpgradeOverSshRestartsBackendsFirstAndTheMasterLast() {
        try (Sandbox sandbox = doris(dir);
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology());
                Cluster cluster = Cluster.of(overSsh(sandbox.topology()))) {
            Path pkg = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.8"), dir);
            Map<String, String> before = admin.frontendConfig(balanceKeys());
            List<ProgressEvent> events = new CopyOnWriteArrayList<>();
            RunOptions options = RunOptions.builder()
                    .listener(ProgressListener.of(events::add))
                    .stateDir(dir.resolve("state"))
                    .build();
            long activityBefore = sshActivity();

            Operation plan = cluster.plan(Procedure.upgrade(pkg));
            assertThat(Rig.upgradeOrder(plan)).containsExactlyElementsOf(ORDER);
            cluster.run(plan, options);

            assertThat(events.stream()
                            .filter(e -> e.type() == STEP_STARTED && e.action().equals("start"))
                            .map(ProgressEvent::nodeId))
                    .containsExactlyElementsOf(ORDER);
            assertThat(admin.frontends()).hasSize(3).allSatisfy(fe -> assertThat(
                            fe.version().orElseThrow().number())
                    .isEqualTo("2.1.8"));
            assertThat(admin.backends()).hasSize(3).allSatisfy(be -> {
                assertThat(be.alive()).isTrue();
                assertThat(be.version().orElseThrow().number()).isEqualTo("2.1.8");
            });
            assertThat(admin.frontendConfig(balanceKeys())).isEqualTo(before);
            assertThat(cluster.topology().nodes())
                    .allSatisfy(node ->
                            assertThat(cluster.transports().forNode(node)).isInstanceOf(SshTransport.class));
            assertThat(sshActivity()).isGreaterThan(activityBefore);
        }
    }

    @Test
    void aBackendIsStoppedAndStartedAgainOverSsh() {
        try (Sandbox sandbox = doris(dir);
                JdbcClusterAdmin admin = JdbcClusterAdmin.of(sandbox.topology());
                Cluster cluster = Cluster.of(overSsh(sandbox.topology()))) {
            Node be1 = cluster.topology().node("be-1").orElseThrow();
            long pid = sandbox.pid("be-1").orElseThrow();
            assertThat(cluster.transports().forNode(be1)).isInstanceOf(SshTransport.class);
            long activityBefore = sshActivity();

            assertThat(cluster.run(Procedure.stop(List.of(be1)), RunOptions.defaults())
                            .nodes())
                    .containsExactly("be-1");
            // Gone, or a zombie where init does not reap: the sandbox counts both as not running.
            assertThat(sandbox.pid("be-1")).isEmpty();

            assertThat(cluster.run(Procedure.start(List.of(be1)), RunOptions.defaults())
                            .nodes())
                    .containsExactly("be-1");
            long restarted = sandbox.pid("be-1").orElseThrow();
            assertThat(restarted).isNotEqualTo(pid);
            assertThat(ProcessHandle.of(restarted).map(ProcessHandle::isAlive)).contains(true);
            assertThat(admin.backends())
                    .filteredOn(be -> be.heartbeatPort() == be1.ports().heartbeatPort())
                    .singleElement()
                    .satisfies(be -> assertThat(be.alive()).isTrue());
            assertThat(sshActivity()).isGreaterThan(activityBefore);
        }
    }
}
