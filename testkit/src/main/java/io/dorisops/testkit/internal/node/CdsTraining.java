package io.dorisops.testkit.internal.node;

import com.sun.net.httpserver.HttpServer;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The training run of the class-data sharing archive ({@code SimNodeMain --cds-training}, under {@code
 * -XX:ArchiveClassesAtExit}): loads every class of the testkit and what a node touches at start (JSON,
 * sockets, the HTTP server), then exits so the JVM writes the archive.
 */
final class CdsTraining {
    private CdsTraining() {}

    static void run() throws Exception {
        loadTestkitClasses();
        Catalog catalog = new Catalog();
        catalog.frontends.add(new Catalog.Fe("fe", "127.0.0.1", 1, "FOLLOWER", true));
        catalog.backends.add(new Catalog.Be(10001, "127.0.0.1", 2, false));
        catalog.tablets.add(new Catalog.Tablet(1, java.util.List.of(10001L)));
        Catalog copy = SandboxSpec.JSON.readValue(SandboxSpec.JSON.writeValueAsString(catalog), Catalog.class);
        SandboxSpec.JSON.readTree(SandboxSpec.JSON.writeValueAsString(copy.copy()));
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            http.createContext("/", exchange -> Http.send(exchange, 200, "{}"));
            http.start();
            http.stop(0);
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
