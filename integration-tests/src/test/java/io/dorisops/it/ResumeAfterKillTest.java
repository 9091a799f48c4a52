package io.dorisops.it;

import static io.dorisops.ProgressEvent.Type.NODE_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.RunOptions;
import io.dorisops.RunRecord;
import io.dorisops.Wait;
import io.dorisops.testkit.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeAfterKillTest {

    /**
     * Each BE start takes this much longer, so the runner is killed while be-3 is still on its way up: from
     * the journal's second done node to be-3's there are its stop, this delay and its ready wait, over two
     * seconds, against the 20 ms the test polls the journal at; on a loaded machine a poll can come a
     * second late (500 ms left too little room there).
     */
    private static final Duration BE_START = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    /** The nodes the journals under a state directory record as done, in order. */
    private static List<String> doneNodes(Path stateDir) {
        return journalLines(stateDir).stream()
                .filter(line -> line.contains("\"type\":\"step-done\"") && !line.contains("\"prepared\":true"))
                .map(line -> line.replaceAll(".*\"node\":\"([^\"]+)\".*", "$1"))
                .toList();
    }

    /** The nodes whose {@code disable-backend} action is journaled: drained, unless enabled since. */
    private static List<String> disabledNodes(Path stateDir) {
        return journalLines(stateDir).stream()
                .filter(line -> line.contains("\"type\":\"action\"") && line.contains("\"action\":\"disable-backend\""))
                .map(line -> line.replaceAll(".*\"node\":\"([^\"]+)\".*", "$1"))
                .toList();
    }

    private static List<String> journalLines(Path stateDir) {
        Path runs = stateDir.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runs)) {
            return files.flatMap(file -> {
                        try {
                            return Files.readAllLines(file).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void resumeAfterTheRunnerIsKilledFinishesWithoutRestartingFinishedNodesAndRestoresBalance() throws Exception {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .backends(3)
                        .startupDelay(Role.BE, BE_START))) {
            Path topologyFile = dir.resolve("topology.yaml");
            rig.sandbox.writeTopology(topologyFile);
            Path pkg = rig.pkg("2.1.8");
            Map<String, String> before = rig.balance();
            List<String> done = runAndKillAfterTwoNodes(rig, topologyFile, pkg.toString());
            assertThat(done).containsExactly("be-1", "be-2");
            assertThat(rig.balance())
                    .as("the dead runner left balancing paused")
                    .isNotEqualTo(before);
            long be1 = rig.pid("be-1");
            long be2 = rig.pid("be-2");
            assertThat(rig.engine(RunOptions.defaults()).history())
                    .singleElement()
                    .satisfies(run -> assertThat(run.unfinished()).isTrue());

            Rig.Upgrades again = rig.engine(
                    rig.options(new RecordingListener()).force("balance-paused").build());
            assertThatThrownBy(() -> again.execute(again.plan(pkg)))
                    .isInstanceOf(io.dorisops.PreconditionFailedException.class)
                    .hasMessageContaining("unfinished-run: upgrade");

            // The package replaced at its path meanwhile (the same release, packed again): resume refuses it.
            byte[] original = Files.readAllBytes(pkg);
            repack(pkg);
            assertThatThrownBy(() -> rig.engine(
                                    rig.options(new RecordingListener()).build())
                            .resume(Optional.empty()))
                    .hasMessageContaining("package " + pkg + " changed since run upgrade-")
                    .hasMessageContaining("put the package the run started with back at " + pkg);
            assertThat(rig.pid("be-1")).isEqualTo(be1);
            Files.write(pkg, original);

            RecordingListener events = new RecordingListener();
            Rig.Upgrades engine = rig.engine(rig.options(events).build());
            engine.resume(Optional.empty());

            assertThat(events.nodes(NODE_STARTED, ""))
                    .doesNotContain("be-1", "be-2")
                    .contains("fe-1");
            assertThat(rig.pid("be-1")).isEqualTo(be1);
            assertThat(rig.pid("be-2")).isEqualTo(be2);
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.8"));
            assertThat(rig.balance()).isEqualTo(before);
            assertThat(engine.history())
                    .singleElement()
                    .satisfies(run -> {
                        assertThat(run.outcome()).isEqualTo("succeeded");
                        assertThat(run.done())
                                .containsExactlyInAnyOrder("be-1", "be-2", "be-3", "fe-1", "fe-2", "fe-3");
                    })
                    .extracting(RunRecord::kind)
                    .isEqualTo("upgrade");
        }
    }

    /** Packs the same tar stream again at the highest gzip level: the same release, other bytes. */
    private static void repack(Path pkg) throws IOException {
        byte[] tar;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(pkg))) {
            tar = in.readAllBytes();
        }
        byte[] before = Files.readAllBytes(pkg);
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(pkg)) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            out.write(tar);
        }
        assertThat(Files.readAllBytes(pkg)).as("repacked").isNotEqualTo(before);
    }

    /** Runs the upgrade (or {@code restart}) in a child JVM and kills it with SIGKILL once two nodes are done. */
    private List<String> runAndKillAfterTwoNodes(Rig rig, Path topologyFile, String what) throws Exception {
        return runAndKill(rig, topologyFile, what, 2);
    }

    /**
     * Runs {@code what} in a child JVM ({@link UpgradeRunner}) and kills it with SIGKILL once the journals
     * of the state directory hold {@code steps} node steps done in all.
     */
    private List<String> runAndKill(Rig rig, Path topologyFile, String what, int steps) throws Exception {
        return runAndKill(
                rig,
                topologyFile,
                what,
                steps + " node steps done in the journals",
                () -> doneNodes(rig.stateDir()).size() >= steps);
    }

    /** Runs {@code what} in a child JVM and kills it with SIGKILL once {@code killNow} holds. */
    private List<String> runAndKill(Rig rig, Path topologyFile, String what, String when, BooleanSupplier killNow)
            throws Exception {
        Process runner = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        UpgradeRunner.class.getName(),
                        topologyFile.toString(),
                        what,
                        rig.stateDir().toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("runner.log").toFile())
                .start();
        try {
            Wait.until("the runner", when, killNow::getAsBoolean)
                    .succeedsWhen(now -> now)
                    .failFastWhen(nodes -> runner.isAlive()
                            ? Optional.empty()
                            : Optional.of("the runner exited with " + runner.exitValue() + "; see "
                                    + dir.resolve("runner.log")))
                    .timeout(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(20))
                    .build()
                    .await();
        } finally {
            runner.toHandle().destroyForcibly();
            assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(runner.exitValue()).isEqualTo(137);
        return doneNodes(rig.stateDir());
    }

    @Test
    void aRollingRestartKilledMidWayIsResumedWithoutRestartingAFinishedNode() throws Exception {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .backends(3)
                        .startupDelay(Role.BE, BE_START))) {
            Path topologyFile = dir.resolve("topology.yaml");
            rig.sandbox.writeTopology(topologyFile);
            Map<String, String> before = rig.balance();
            Map<String, Long> pids = new java.util.HashMap<>();
            rig.sandbox.nodes().forEach(node -> pids.put(node.id(), rig.pid(node.id())));

            // Killed while be-3 is drained (its queries and loads disabled on the master, issue #25).
            List<String> done =
                    runAndKill(rig, topologyFile, "restart", "be-3 drained", () -> disabledNodes(rig.stateDir())
                            .contains("be-3"));

            assertThat(done).containsExactly("be-1", "be-2");
            assertThat(rig.admin.backends())
                    .filteredOn(be -> be.matches(rig.sandbox.node("be-3")))
                    .singleElement()
                    .satisfies(be -> assertThat(be.queryDisabled())
                            .as("be-3 drained when killed")
                            .isTrue());
            long be1 = rig.pid("be-1");
            long be2 = rig.pid("be-2");
            assertThat(be1).isNotEqualTo(pids.get("be-1"));
            RecordingListener events = new RecordingListener();
            rig.engine(rig.options(events).build()).resume(Optional.empty());

            assertThat(events.nodes(NODE_STARTED, ""))
                    .doesNotContain("be-1", "be-2")
                    .contains("be-3", "fe-1");
            assertThat(rig.pid("be-1")).isEqualTo(be1);
            assertThat(rig.pid("be-2")).isEqualTo(be2);
            for (String id : List.of("be-3", "fe-1", "fe-2", "fe-3")) {
                assertThat(rig.pid(id)).as(id + " restarted").isNotEqualTo(pids.get(id));
            }
            assertThat(rig.balance()).isEqualTo(before);
            assertThat(rig.admin.backends())
                    .as("no BE left disabled")
                    .noneMatch(be -> be.queryDisabled() || be.loadDisabled());
            assertThat(rig.engine(RunOptions.defaults()).history())
                    .singleElement()
                    .satisfies(run -> {
                        assertThat(run.kind()).isEqualTo("restart");
                        assertThat(run.outcome()).isEqualTo("succeeded");
                    });
        }
    }

    @Test
    void aRollbackKilledMidWayIsResumedRestoringTheBalanceSwitchesOfBeforeTheUpgrade() throws Exception {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(Flavor.DORIS)
                        .version("2.1.7")
                        .followers(3)
                        .backends(3)
                        .startupDelay(Role.BE, BE_START))) {
            Path topologyFile = dir.resolve("topology.yaml");
            rig.sandbox.writeTopology(topologyFile);
            Map<String, String> before = rig.balance();
            assertThat(runAndKillAfterTwoNodes(
                            rig, topologyFile, rig.pkg("2.1.8").toString()))
                    .containsExactly("be-1", "be-2");

            List<String> done = runAndKill(rig, topologyFile, "rollback", 3);

            assertThat(done).hasSizeGreaterThanOrEqualTo(3);
            assertThat(rig.balance())
                    .as("the dead rollback left balancing paused")
                    .isNotEqualTo(before);
            rig.engine(rig.options(new RecordingListener()).build()).resume(Optional.empty());

            assertThat(rig.balance()).isEqualTo(before);
            assertThat(rig.versions())
                    .allSatisfy((id, version) -> assertThat(version).as(id).isEqualTo("2.1.7"));
            assertThat(rig.engine(RunOptions.defaults()).history())
                    .extracting(RunRecord::kind, RunRecord::outcome)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("rollback", "succeeded"),
                            org.assertj.core.groups.Tuple.tuple("upgrade", "rolled-back"));
        }
    }
}
