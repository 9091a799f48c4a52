package io.dorisops.testkit.internal.node;

import com.sun.net.httpserver.HttpServer;
import io.dorisops.Flavor;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.testkit.internal.SandboxSpec;
import io.dorisops.testkit.internal.mysql.Authenticator;
import io.dorisops.testkit.internal.mysql.MysqlServer;
import io.dorisops.testkit.internal.mysql.QueryResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The training run of the class-data sharing archive ({@code SimNodeMain --cds-training fe|be}, under {@code
 * -XX:ArchiveClassesAtExit}): loads every class of the testkit and walks what a node does as it starts
 * (the sandbox file read both ways, the catalog as JSON, the pid file lock, the timer and server thread
 * pools, a peer request, an HTTP request, the SQL listener, the log line), then exits so the JVM writes
 * the archive. Every class a node loads from the archive is one it neither parses nor verifies. A step
 * that fails only leaves its classes out.
 */
final class CdsTraining {
    private CdsTraining() {}

    /** One step of the walk. */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Walks the start of a frontend ({@code fe}: all of it, and every testkit class loaded) or of a
     * backend or MetaService ({@code be}: what they touch, no data binding, SQL or SLF4J).
     */
    static void run(String kind) throws Exception {
        boolean frontend = kind.equals("fe");
        if (frontend) {
            step(CdsTraining::loadTestkitClasses);
        }
        Path dir = Files.createTempDirectory("dorisops-cds-training-");
        try {
            if (frontend) {
                step(() -> sandboxFile(dir));
                step(CdsTraining::catalog);
                step(CdsTraining::sql);
                step(() -> org.slf4j.LoggerFactory.getLogger(CdsTraining.class).debug("class-data sharing training"));
            } else {
                step(() -> {
                    Files.writeString(
                            dir.resolve(SandboxSpec.FILE),
                            "{\"flavor\":\"DORIS\",\"nodes\":[{\"id\":\"be-1\",\"host\":\"127.0.0.1\",\"home\":\"x\","
                                    + "\"ports\":{\"httpPort\":1}}],\"startupDelayMillis\":{\"be\":0},\"tabletCount\":1}");
                    SpecHead.read(dir);
                });
            }
            step(() -> pidFile(dir));
            step(CdsTraining::pools);
            step(CdsTraining::peer);
            step(CdsTraining::http);
            step(() -> {
                NodeContext.timestamp(LocalDateTime.now());
                Version.parse("2.1.7");
            });
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void step(Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            // Its classes are not archived; a node loads them as usual.
        }
    }

    private static void sandboxFile(Path dir) throws Exception {
        SandboxSpec.NodeSpec node = new SandboxSpec.NodeSpec(
                "fe-1",
                Role.FE_FOLLOWER,
                "127.0.0.1",
                dir.resolve("fe-1").toString(),
                Ports.builder()
                        .httpPort(1)
                        .rpcPort(2)
                        .queryPort(3)
                        .editLogPort(4)
                        .build());
        new SandboxSpec(
                        Flavor.DORIS,
                        "2.1.7",
                        false,
                        List.of(node),
                        Map.of(Role.BE.key(), 0L),
                        1000,
                        300,
                        1,
                        1,
                        10,
                        0,
                        0,
                        null)
                .write(dir);
        SpecHead.read(dir);
        SandboxSpec.read(dir);
    }

    private static void catalog() throws Exception {
        Catalog catalog = new Catalog();
        catalog.frontends.add(new Catalog.Fe("fe", "127.0.0.1", 1, "FOLLOWER", true));
        catalog.backends.add(new Catalog.Be(10001, "127.0.0.1", 2, false));
        catalog.tablets.add(new Catalog.Tablet(1, List.of(10001L)));
        Catalog copy = SandboxSpec.JSON.readValue(SandboxSpec.JSON.writeValueAsString(catalog), Catalog.class);
        SandboxSpec.JSON.readTree(SandboxSpec.JSON.writeValueAsString(copy.copy()));
    }

    private static void pidFile(Path dir) throws Exception {
        try (FileChannel channel =
                FileChannel.open(dir.resolve("node.pid"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(
                    String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
            if (lock != null) {
                lock.release();
            }
        }
    }

    private static void pools() throws Exception {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "sim-timer");
            thread.setDaemon(true);
            return thread;
        });
        timers.scheduleWithFixedDelay(() -> {}, 0, 1, TimeUnit.MILLISECONDS);
        timers.schedule(() -> {}, 1, TimeUnit.MILLISECONDS).get();
        timers.shutdownNow();
        ExecutorService fixed = Executors.newFixedThreadPool(1);
        fixed.submit(() -> {}).get();
        fixed.shutdownNow();
    }

    private static void peer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
                ServerSocket closing = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            server.setReuseAddress(true);
            Peer.serve(server, "training", request -> "OK " + request);
            Peer.call("127.0.0.1", server.getLocalPort(), "PING", 2000);
            Peer.acceptAndClose(closing, "training-close");
            try {
                Peer.call("127.0.0.1", closing.getLocalPort(), "PING", 2000);
            } catch (java.io.IOException e) {
                // closed without an answer, as expected
            }
        }
    }

    private static void http() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        ExecutorService executor = Executors.newFixedThreadPool(1);
        http.setExecutor(executor);
        http.createContext("/api/health", exchange -> Http.send(exchange, 200, "{\"status\": \"OK\"}"));
        http.start();
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), http.getAddress().getPort())) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/health?a=b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            while (in.readLine() != null) {
                // read the whole answer
            }
        } finally {
            http.stop(0);
            executor.shutdownNow();
        }
    }

    private static void sql() throws Exception {
        try (MysqlServer server = MysqlServer.start(
                InetAddress.getLoopbackAddress(),
                0,
                Authenticator.single("root", ""),
                (session, sql) -> QueryResult.rows(List.of("x"), List.of(List.of("1"))),
                "5.7.99")) {
            server.port();
        }
    }

    private static void loadTestkitClasses() throws URISyntaxException, java.io.IOException {
        Path source = Path.of(CdsTraining.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        if (!source.toString().endsWith(".jar")) {
            return;
        }
        ClassLoader loader = CdsTraining.class.getClassLoader();
        try (JarFile jar = new JarFile(source.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && name.startsWith("io/dorisops/testkit/internal/")) {
                    try {
                        Class.forName(
                                name.substring(0, name.length() - 6)
                                        .replace('/', '.')
                                        .replace(File.separatorChar, '.'),
                                false,
                                loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // A class that does not load is not archived; the node loads it as usual.
                    }
                }
            }
        }
    }
}
