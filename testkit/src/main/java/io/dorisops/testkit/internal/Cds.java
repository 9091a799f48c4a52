package io.dorisops.testkit.internal;

import io.dorisops.Role;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data sharing for the node JVMs: one AppCDS archive per JVM, class path and node kind (frontend;
 * backend or MetaService), made once under the
 * sandbox cache directory ({@code ~/.cache/dorisops/sandbox}, or {@code -Ddorisops.sandbox.cache}) by a
 * training run that loads the node classes, then mapped by every node JVM ({@code
 * -XX:SharedArchiveFile}) so each starts faster and shares those pages with the others. CDS archives
 * only classes from jars, so class-path directories (a build's {@code target/classes}) are packed into
 * jars in the cache first. Anything that fails leaves the nodes on the JDK's own archive.
 */
public final class Cds {
    private static final Logger log = LoggerFactory.getLogger(Cds.class);

    /** The node class path and its archive, when one could be made. */
    public record Setup(String classPath, Optional<Path> archive) {}

    private static final Map<String, Setup> cached = new HashMap<>();

    /** Archives not used for this long are deleted when a new one is made. */
    private static final int UNUSED_DAYS = 3;

    private Cds() {}

    /**
     * The class path the nodes of a role run with (jars only) and the archive for it; made once per
     * JVM. Frontends get an archive of their own: the JVM keeps a whole archive resident, and a
     * backend or MetaService loads half of a frontend's classes (no JSON data binding, no SQL).
     */
    public static synchronized Setup setup(String classPath, String java, Role role) {
        String kind = role.isFrontend() ? "fe" : "be";
        String jars = jarred(classPath);
        Setup known = cached.get(kind);
        if (known != null && known.classPath().equals(jars)) {
            return known;
        }
        Setup made = new Setup(jars, archive(jars, java, kind));
        cached.put(kind, made);
        return made;
    }

    private static Path cacheDir() {
        String configured = System.getProperty("dorisops.sandbox.cache");
        return configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "dorisops", "sandbox");
    }

    /** The class path with each non-empty directory replaced by a jar of it in the cache. */
    private static String jarred(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                try {
                    out.add(jarOf(path).toString());
                    continue;
                } catch (IOException e) {
                    log.debug("cannot pack {} into a jar; class-data sharing is off", path, e);
                }
            }
            out.add(entry);
        }
        return String.join(File.pathSeparator, out);
    }

    private static Path jarOf(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        StringBuilder key = new StringBuilder(dir.toAbsolutePath().toString());
        for (Path file : files) {
            key.append('\n')
                    .append(dir.relativize(file))
                    .append(' ')
                    .append(Files.getLastModifiedTime(file).toMillis())
                    .append(' ')
                    .append(Files.size(file));
        }
        Path jar = cacheDir().resolve("classes-" + hash(key.toString()) + ".jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Files.createDirectories(jar.getParent());
        Path temp = Files.createTempFile(jar.getParent(), ".classes-", ".jar");
        try (OutputStream stream = Files.newOutputStream(temp);
                JarOutputStream out = new JarOutputStream(stream)) {
            for (Path file : files) {
                out.putNextEntry(new JarEntry(dir.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return jar;
    }

    private static Optional<Path> archive(String classPath, String java, String kind) {
        if (Runtime.version().feature() < 13) {
            return Optional.empty();
        }
        // The JVM refuses an archive when a jar on its class path changed since the training run (a
        // rebuilt module jar keeps its path): each jar's size and time are part of the key.
        Path archive = cacheDir()
                .resolve("nodes-" + kind + "-"
                        + hash(java + "\n" + System.getProperty("java.vm.version") + "\n" + stamped(classPath) + "\n"
                                + Scripts.JVM_OPTS)
                        + ".jsa");
        if (Files.exists(archive)) {
            try {
                // The time of last use, which pruning goes by.
                Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                log.debug("cannot touch {}", archive, e);
            }
            return Optional.of(archive);
        }
        prune();
        try {
            Files.createDirectories(archive.getParent());
            Path temp = archive.resolveSibling(
                    "." + archive.getFileName() + "." + ProcessHandle.current().pid());
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(List.of(Scripts.JVM_OPTS.split(" ")));
            command.addAll(List.of(
                    "-XX:ArchiveClassesAtExit=" + temp, "-cp", classPath, Scripts.MAIN, "--cds-training", kind));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            if (process.exitValue() != 0 || !Files.exists(temp)) {
                Files.deleteIfExists(temp);
                return Optional.empty();
            }
            Files.move(temp, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("sandbox: class-data sharing archive {} made for the node JVMs", archive);
            return Optional.of(archive);
        } catch (IOException e) {
            log.debug("cannot make the class-data sharing archive {}", archive, e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Deletes the archives not used for {@link #UNUSED_DAYS} days: every rebuilt class path makes new
     * ones (about 10 MB each). A node JVM that maps a deleted archive keeps its pages; a node started
     * later finds no file and starts without one.
     */
    private static void prune() {
        long before = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(UNUSED_DAYS);
        try (Stream<Path> files = Files.list(cacheDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("nodes-.*\\.jsa"))
                    .toList()) {
                if (Files.getLastModifiedTime(file).toMillis() < before) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug("cannot prune the class-data sharing archives in {}", cacheDir(), e);
        }
    }

    /** The class path with each jar's size and modification time after it. */
    private static String stamped(String classPath) {
        StringBuilder out = new StringBuilder();
        for (String entry : classPath.split(File.pathSeparator)) {
            out.append(entry);
            try {
                Path path = Path.of(entry);
                out.append(' ')
                        .append(Files.size(path))
                        .append(' ')
                        .append(Files.getLastModifiedTime(path).toMillis());
            } catch (IOException | RuntimeException e) {
                out.append(" -");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
