package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.testkit.internal.Procs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandbox started from a background job (nohup, {@code &} in a script, a CI agent) inherits ignored
 * SIGINT, SIGTERM or SIGHUP; its nodes still stop with their own scripts, as the real daemons do (they
 * install their own handlers).
 */
class InheritedSignalsTest {
    /** SIGHUP (1), SIGINT (2) and SIGTERM (15) in a {@code /proc/PID/status} signal mask. */
    private static final long HUP_INT_TERM = (1L << 0) | (1L << 1) | (1L << 14);

    @Test
    void decoupledDorisNodesStartedWithSigintSigtermAndSighupIgnoredStopWithTheirOwnScripts(@TempDir Path dir)
            throws Exception {
        try {
            Sandbox sandbox = startWithSignalsIgnored(dir, Flavor.DORIS, "3.0.3", true);
            // doris_cloud stop.sh: SIGINT; stop_fe.sh and stop_be.sh --grace: SIGTERM.
            stopsWithItsScript(sandbox, "ms-1");
            stopsWithItsScript(sandbox, "recycler-1");
            stopsWithItsScript(sandbox, "fe-1", "--grace");
            stopsWithItsScript(sandbox, "be-1", "--grace");
        } finally {
            Procs.withArgumentUnder(dir).forEach(Procs::kill);
        }
    }

    @Test
    void starRocksNodesStartedWithSigintSigtermAndSighupIgnoredStopWithTheirOwnScripts(@TempDir Path dir)
            throws Exception {
        try {
            Sandbox sandbox = startWithSignalsIgnored(dir, Flavor.STARROCKS, "3.3.9", false);
            // stop_fe.sh: SIGTERM; stop_be.sh --graceful: SIGTERM.
            stopsWithItsScript(sandbox, "fe-1");
            stopsWithItsScript(sandbox, "be-1", "--graceful");
        } finally {
            Procs.withArgumentUnder(dir).forEach(Procs::kill);
        }
    }

    @Test
    void withoutEnvDefaultSignalTheStartScriptsResetTheSignalsWithPerl(@TempDir Path dir, @TempDir Path tools)
            throws Exception {
        // coreutils before 8.31 (Ubuntu 20.04, CentOS 7) has no env --default-signal.
        assumeTrue(
                java.util.Arrays.stream(System.getenv("PATH").split(":"))
                        .anyMatch(bin -> Files.isExecutable(Path.of(bin, "perl"))),
                "perl is not installed");
        try {
            Sandbox sandbox = startWithSignalsIgnored(dir, Flavor.DORIS, "3.0.3", true, pathWithout(tools, false));
            stopsWithItsScript(sandbox, "ms-1");
            stopsWithItsScript(sandbox, "be-1", "--grace");
        } finally {
            Procs.withArgumentUnder(dir).forEach(Procs::kill);
        }
    }

    @Test
    void withNeitherEnvDefaultSignalNorPerlANodeLogsThatItsStopSignalsAreIgnored(@TempDir Path dir, @TempDir Path tools)
            throws Exception {
        try {
            Sandbox sandbox = startWithSignalsIgnored(dir, Flavor.DORIS, "2.1.7", false, pathWithout(tools, true));
            for (Node node : sandbox.nodes()) {
                assertThat(TestSupport.log(node, sandbox.flavor().mainLog(node.role())))
                        .as(node.id() + "'s log")
                        .contains("SIGINT and SIGTERM ignored (inherited): the stop script cannot stop this process"
                                + " gracefully");
            }
        } finally {
            Procs.withArgumentUnder(dir).forEach(Procs::kill);
        }
    }

    /**
     * A {@code PATH} of links to every command on this one, but an {@code env} without {@code
     * --default-signal} and, with {@code noPerl}, no perl.
     */
    private static String pathWithout(Path tools, boolean noPerl) throws Exception {
        for (String entry : System.getenv("PATH").split(":")) {
            Path bin = Path.of(entry);
            if (!Files.isDirectory(bin)) {
                continue;
            }
            try (var commands = Files.list(bin)) {
                for (Path command : commands.toList()) {
                    String name = command.getFileName().toString();
                    Path link = tools.resolve(name);
                    if (!name.equals("env") && !(noPerl && name.startsWith("perl")) && !Files.exists(link)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        Path env = tools.resolve("env");
        Files.writeString(
                env,
                "#!/bin/sh\n"
                        + "case \"$1\" in --default-signal*) echo \"env: unrecognized option '$1'\" >&2; exit 125 ;; esac\n"
                        + "exec /usr/bin/env \"$@\"\n");
        env.toFile().setExecutable(true);
        return tools.toString();
    }

    /** Starts a detached sandbox from a child JVM whose SIGHUP, SIGINT and SIGTERM are ignored. */
    private static Sandbox startWithSignalsIgnored(Path dir, Flavor flavor, String version, boolean decoupled)
            throws Exception {
        return startWithSignalsIgnored(dir, flavor, version, decoupled, System.getenv("PATH"));
    }

    /** The same, the child (and so the start scripts) with this {@code PATH}. */
    private static Sandbox startWithSignalsIgnored(
            Path dir, Flavor flavor, String version, boolean decoupled, String path) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of("bash", "-c", "trap '' HUP INT TERM; exec \"$@\"", "bash"));
        command.addAll(List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                IgnoredSignalsProbeMain.class.getName(),
                dir.toString(),
                flavor.name(),
                version,
                String.valueOf(decoupled)));
        Path log = dir.resolveSibling(dir.getFileName() + "-probe.log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", path);
        Process probe =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(probe.waitFor(3, TimeUnit.MINUTES))
                    .as("the probe started its sandbox")
                    .isTrue();
            assertThat(probe.exitValue()).as(Files.readString(log)).isZero();
        } finally {
            probe.destroyForcibly();
        }
        String ignored = Files.readString(dir.resolve("probe-ready")).replaceAll("[^0-9a-f]", "");
        assertThat(Long.parseLong(ignored, 16) & HUP_INT_TERM)
                .as("the sandbox was started with SIGHUP, SIGINT and SIGTERM ignored")
                .isEqualTo(HUP_INT_TERM);
        return Sandbox.attach(dir);
    }

    private static void stopsWithItsScript(Sandbox sandbox, String id, String... args) throws Exception {
        Node node = sandbox.node(id);
        long pid = sandbox.pid(id).orElseThrow();
        TestSupport.Run stop = script(node, sandbox.flavor().stopScript(node.role()), args);
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        Await.until(
                Duration.ofSeconds(30), id + " (pid " + pid + ") gone after its stop script", () -> !Procs.alive(pid));
    }
}
