package io.dorisops.testkit.internal.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.dorisops.testkit.internal.Procs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3-compatible server on loopback for one sandbox: S3Proxy ({@code org.gaul:s3proxy}) over its
 * filesystem blob store, run as a process of its own from this JVM's class path (its dependencies never
 * meet the caller's), its objects under {@code <sandbox>/s3/data}, requests signed with AWS V2 or V4.
 * Read-only mode (S3Proxy's {@code s3proxy.read-only-blobstore}) is a repository that refuses writes:
 * every PUT and DELETE is refused, reads still work. Like the nodes, it exits once the sandbox's owner
 * JVM is gone ({@link S3ServerMain}).
 */
public final class S3Server {
    /** S3Proxy's entry point: present when {@code org.gaul:s3proxy} is on the class path. */
    static final String MAIN = "org.gaul.s3proxy.Main";

    private final Path dir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private Process process;

    S3Server(Path dir, int port, String accessKey, String secretKey) {
        this.dir = dir;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Starts a server for the sandbox in {@code sandboxDir} on {@code port} and waits until it answers.
     *
     * @throws IllegalStateException when S3Proxy is not on the class path, naming the dependency to add
     */
    public static S3Server start(Path sandboxDir, int port, String accessKey, String secretKey, Duration timeout) {
        if (S3Server.class.getClassLoader().getResource(MAIN.replace('.', '/') + ".class") == null) {
            throw new IllegalStateException("the sandbox's S3 server needs S3Proxy on the class path: add the test"
                    + " dependency org.gaul:s3proxy (the version dorisops-bom names)");
        }
        S3Server server = new S3Server(sandboxDir.resolve("s3"), port, accessKey, secretKey);
        server.launch(false, timeout);
        return server;
    }

    /** The endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Restarts the server on the same port and objects, refusing writes when {@code readOnly}. */
    public synchronized void restart(boolean readOnly, Duration timeout) {
        stop();
        launch(readOnly, timeout);
    }

    /** Stops the server (SIGKILL: it holds nothing that a kill loses) and waits until it is gone. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private synchronized void launch(boolean readOnly, Duration timeout) {
        try {
            Files.createDirectories(dir.resolve("data"));
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=" + endpoint(),
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + accessKey,
                            "s3proxy.credential=" + secretKey,
                            "s3proxy.read-only-blobstore=" + readOnly,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + dir.resolve("data"),
                            ""),
                    UTF_8);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:TieredStopAtLevel=1",
                    // S3Proxy sends System.err to its logger: a provider that writes to System.err (slf4j-simple)
                    // would loop until the stack overflows, so the server logs nothing (SLF4J >= 2.0.9).
                    "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
                    "-cp",
                    System.getProperty("java.class.path"),
                    S3ServerMain.class.getName(),
                    dir.getParent().toString(),
                    "--properties",
                    properties.toString()));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox's S3 server in " + dir + ": " + e.getMessage(), e);
        }
        awaitAnswer(timeout);
    }

    /** Waits until the server answers an (unsigned, so refused) request: it is listening. */
    private void awaitAnswer(Duration timeout) {
        S3Client probe = new S3Client(endpoint(), "us-east-1", "probe", "probe");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the sandbox's S3 server exited with " + process.exitValue()
                        + " before it answered; " + dir.resolve("s3proxy.out") + " ends with: " + outputTail());
            }
            try {
                probe.list("probe", "");
                return;
            } catch (S3Client.S3Exception e) {
                if (e.status() != 0) {
                    return;
                }
                last = e.getMessage();
            } catch (IOException e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("the sandbox's S3 server did not answer on " + endpoint() + " within "
                + timeout.toSeconds() + " s (last: " + last + "); see " + dir.resolve("s3proxy.out"));
    }

    /** The last lines the server wrote (its startup errors). */
    private String outputTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("s3proxy.out"), UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The pid of the server process, -1 when stopped. */
    public synchronized long pid() {
        return process == null || !process.isAlive() ? -1 : process.pid();
    }

    /** True while the process runs. */
    public boolean alive() {
        long pid = pid();
        return pid > 0 && Procs.alive(pid);
    }
}
