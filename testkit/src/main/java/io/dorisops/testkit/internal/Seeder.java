package io.dorisops.testkit.internal;

import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.testkit.internal.SandboxSpec.NodeSpec;
import io.dorisops.testkit.internal.node.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Lays out a new sandbox: every node home, and a pre-seeded catalog (the same cluster id and token
 * in every FE's {@code image/VERSION}, {@code fe-1} the first master) so that a new cluster forms
 * without replaying {@code ALTER SYSTEM}. Also writes release packages.
 */
public final class Seeder {
    private Seeder() {}

    /**
     * Writes {@code sandbox.json} and an empty directory per node home, nothing in it: the homes a
     * deploy installs into.
     */
    public static void seedEmpty(SandboxSpec spec, Path dir) throws IOException {
        spec.write(dir);
        Files.createDirectories(dir.resolve("faults"));
        for (NodeSpec node : spec.nodes()) {
            Files.createDirectories(Path.of(node.home()));
        }
    }

    /**
     * Writes {@code sandbox.json}, the node homes and the FE metadata.
     *
     * @param image whether each FE's meta dir holds an image ({@code image/image.<journal id>}), as after
     *     the master's first checkpoint; without one every FE starts as one whose master never
     *     checkpointed ({@code image does not exist: …/image/image.0})
     */
    public static void seed(SandboxSpec spec, Path dir, String sqlPassword, int clusterId, boolean image)
            throws IOException {
        spec.write(dir);
        Files.createDirectories(dir.resolve("faults"));
        Catalog catalog = new Catalog();
        catalog.clusterId = clusterId;
        catalog.token = UUID.randomUUID().toString();
        Map<String, List<Long>> byTag = new LinkedHashMap<>();
        int storageIndex = 0;
        for (NodeSpec node : spec.nodes()) {
            if (node.role().isFrontend()) {
                Catalog.Fe fe = new Catalog.Fe(
                        frontendName(spec.flavor(), node),
                        node.host(),
                        node.ports().editLogPort(),
                        node.role() == Role.FE_FOLLOWER ? "FOLLOWER" : "OBSERVER",
                        catalog.frontends.isEmpty());
                fe.httpPort = node.ports().httpPort();
                fe.queryPort = node.ports().queryPort();
                fe.rpcPort = node.ports().rpcPort();
                catalog.frontends.add(fe);
            } else if (node.role().isBackend()) {
                Catalog.Be be = new Catalog.Be(
                        catalog.nextBackendId++, node.host(), node.ports().heartbeatPort(), node.role() == Role.CN);
                be.bePort = node.ports().bePort();
                be.httpPort = node.ports().httpPort();
                be.brpcPort = node.ports().brpcPort();
                if (node.role() == Role.BE) {
                    be.tag = spec.data().tag(storageIndex++);
                    byTag.computeIfAbsent(be.tag, t -> new ArrayList<>()).add(be.id);
                }
                catalog.backends.add(be);
            }
        }
        seedTables(spec, catalog, byTag);
        for (NodeSpec node : spec.nodes()) {
            Layout.writeHome(spec.flavor(), spec.version(), node.toNode(), dir);
            if (node.role().isFrontend()) {
                Path meta = node.toNode().home().resolve(spec.flavor().metaDirName());
                Catalog.Fe self = catalog.frontends.stream()
                        .filter(fe -> fe.editLogPort == node.ports().editLogPort())
                        .findFirst()
                        .orElseThrow();
                writeImage(meta.resolve("image"), catalog, self);
                catalog.write(Catalog.file(meta));
                if (image) {
                    catalog.write(meta.resolve("image").resolve("image." + catalog.journalId));
                }
            }
        }
    }

    /** The first table's database id, as {@code SHOW PROC '/statistic'} has shown it from the start. */
    public static final long SANDBOX_DB_ID = 10002;

    /**
     * {@code sandbox_db.sandbox_tbl} ({@code tabletCount} tablets, {@code replicationNum} replicas on
     * tag {@code default}, or spread over the zones) and the declared tables, each tablet's replicas on
     * the BEs of each tag in turn.
     */
    private static void seedTables(SandboxSpec spec, Catalog catalog, Map<String, List<Long>> byTag) {
        List<SandboxSpec.TableSpec> tables = new ArrayList<>();
        if (spec.tabletCount() > 0 && !byTag.isEmpty()) {
            Map<String, Integer> allocation = spec.data().locationTags() > 0
                    ? spread(spec.replicationNum(), spec.data().locationTags())
                    : Map.of("default", spec.replicationNum());
            tables.add(new SandboxSpec.TableSpec("sandbox_db", "sandbox_tbl", allocation, spec.tabletCount(), 1));
        }
        tables.addAll(spec.data().tables());
        Map<String, Long> dbIds = new LinkedHashMap<>();
        dbIds.put("sandbox_db", SANDBOX_DB_ID);
        long nextDb = 11001;
        long nextTable = 12001;
        long nextPartition = 13001;
        long nextTablet = 20001;
        int placed = 0;
        for (SandboxSpec.TableSpec spec0 : tables) {
            Catalog.Table table = new Catalog.Table();
            if (!dbIds.containsKey(spec0.database())) {
                dbIds.put(spec0.database(), nextDb++);
            }
            table.db = spec0.database();
            table.dbId = dbIds.get(spec0.database());
            table.id = nextTable++;
            table.name = spec0.table();
            for (int p = 1; p <= spec0.partitions(); p++) {
                Catalog.Partition partition = new Catalog.Partition();
                partition.id = nextPartition++;
                partition.name = spec0.partitions() == 1 ? spec0.table() : "p" + p;
                partition.allocation = new LinkedHashMap<>(spec0.allocation());
                partition.buckets = spec0.buckets();
                table.partitions.add(partition);
                for (int b = 0; b < spec0.buckets(); b++) {
                    List<Long> replicas = new ArrayList<>();
                    for (Map.Entry<String, Integer> tag : partition.allocation.entrySet()) {
                        List<Long> candidates = byTag.getOrDefault(tag.getKey(), List.of());
                        for (int r = 0; r < tag.getValue() && !candidates.isEmpty(); r++) {
                            replicas.add(candidates.get((placed + r) % candidates.size()));
                        }
                    }
                    placed++;
                    Catalog.Tablet tablet = new Catalog.Tablet(nextTablet++, replicas);
                    tablet.partitionId = partition.id;
                    tablet.bytes = spec.data().tabletBytes();
                    catalog.tablets.add(tablet);
                }
            }
            catalog.tables.add(table);
        }
    }

    /** {@code replicas} spread over {@code zones} zones, the first zones taking the remainder. */
    public static Map<String, Integer> spread(int replicas, int zones) {
        Map<String, Integer> spread = new LinkedHashMap<>();
        for (int zone = 0; zone < zones; zone++) {
            int n = replicas / zones + (zone < replicas % zones ? 1 : 0);
            if (n > 0) {
                spread.put("zone" + (zone + 1), n);
            }
        }
        return spread;
    }

    private static String frontendName(Flavor flavor, NodeSpec node) {
        return flavor == Flavor.DORIS
                ? "fe_" + UUID.randomUUID().toString().replace('-', '_')
                : node.host() + "_" + node.ports().editLogPort() + "_" + System.currentTimeMillis();
    }

    private static void writeImage(Path image, Catalog catalog, Catalog.Fe fe) throws IOException {
        Files.createDirectories(image);
        Properties version = new Properties();
        version.setProperty("clusterId", String.valueOf(catalog.clusterId));
        version.setProperty("token", catalog.token);
        try (var out = Files.newBufferedWriter(image.resolve("VERSION"))) {
            version.store(out, null);
        }
        Properties role = new Properties();
        role.setProperty("role", fe.role);
        role.setProperty("name", fe.name);
        try (var out = Files.newBufferedWriter(image.resolve("ROLE"))) {
            role.store(out, null);
        }
    }

    /** Writes a release tarball with the system {@code tar}; see {@code Sandbox.buildPackage}. */
    public static Path buildPackage(Flavor flavor, String number, Path outDir) {
        return buildPackage(flavor, number, Layout.META_VERSION, outDir);
    }

    /**
     * A release tarball whose FE has the given meta version; below {@link Layout#META_VERSION} it
     * cannot load the sandbox's image (see {@code Sandbox.buildIncompatiblePackage}).
     */
    public static Path buildPackage(Flavor flavor, String number, int feMetaVersion, Path outDir) {
        try {
            Files.createDirectories(outDir);
            Path staging = Files.createTempDirectory(outDir, ".package-");
            String top = flavor.packageDirName(io.dorisops.Version.parse(number));
            Path root = staging.resolve(top);
            Layout.writeBinAndLib(flavor, number, feMetaVersion, root.resolve("fe"), Role.FE_FOLLOWER);
            Layout.writeShippedConf(flavor, root.resolve("fe"), Role.FE_FOLLOWER);
            Files.createDirectories(root.resolve("fe").resolve(flavor.metaDirName()));
            Layout.writeShippedConf(flavor, root.resolve("be"), Role.BE);
            Files.createDirectories(root.resolve("be").resolve("storage"));
            if (flavor == Flavor.STARROCKS) {
                Layout.writeBinAndLib(flavor, number, root.resolve("be"), Role.BE, Role.CN);
                Layout.writeShippedConf(flavor, root.resolve("be"), Role.CN);
            } else {
                Layout.writeBinAndLib(flavor, number, root.resolve("be"), Role.BE);
                Layout.writeBinAndLib(flavor, number, root.resolve("ms"), Role.META_SERVICE);
                Layout.writeShippedConf(flavor, root.resolve("ms"), Role.META_SERVICE);
            }
            dropLinksOutside(root);
            Path tarball = outDir.resolve(top + ".tar.gz");
            Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", staging.toString(), top)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(tar.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (tar.waitFor() != 0) {
                throw new IOException("tar failed: " + output.strip());
            }
            deleteTree(staging);
            return tarball;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the package into " + outDir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a package", e);
        }
    }

    /** Removes the links to this JVM's java: a release package holds nothing that points outside it. */
    private static void dropLinksOutside(Path root) throws IOException {
        List<Path> links;
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            links = walk.filter(Files::isSymbolicLink).toList();
        }
        for (Path link : links) {
            if (Files.readSymbolicLink(link).isAbsolute()) {
                Files.delete(link);
            }
        }
    }

    /** Deletes a directory tree, symlinks as links. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
