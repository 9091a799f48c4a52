package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The metadata of a simulated FE under its meta dir, read at start as the real FE reads it:
 *
 * <ol>
 *   <li>No {@code image/VERSION}: a first start. With {@code --helper}, ask the helper for the group
 *       until it lists this node; else form a new cluster (the configured or a random cluster id, a new
 *       token). Write {@code image/VERSION}, {@code image/ROLE} and the catalog.
 *   <li>Otherwise refuse a configured cluster id that differs, a missing catalog, and a meta version
 *       newer than this build's; then read the catalog. The load is logged as the real FE logs it: from
 *       the newest {@code image/image.<n>} when a checkpoint made one, else {@code image does not
 *       exist: …/image/image.0} (a master that never checkpointed), then the journal replay.
 *   <li>In metadata recovery, reset the frontend group to this node; else refuse a node the group
 *       does not list.
 * </ol>
 */
final class FeMeta {
    private final NodeContext ctx;
    private final String helper;
    private final boolean recovery;
    /** The meta version this build reads and writes. */
    private final int metaVersion;

    private Path metaDir;
    private Catalog catalog;
    private Catalog.Fe self;

    FeMeta(NodeContext ctx, String helper, boolean recovery, int metaVersion) {
        this.ctx = ctx;
        this.helper = helper;
        this.recovery = recovery;
        this.metaVersion = metaVersion;
    }

    /** The catalog {@link #load()} read. */
    Catalog catalog() {
        return catalog;
    }

    /** This FE in the catalog {@link #load()} read. */
    Catalog.Fe self() {
        return self;
    }

    /**
     * The recovery switch in fe.conf, in the form the version takes (reference facts §10): Doris before
     * 2.0.2 and StarRocks up to 3.1.9 / 3.2.4 read {@code metadata_failure_recovery = true}; Doris 2.0.2
     * and later take only the start option (the key is ignored, with a warning); later StarRocks read
     * {@code bdbje_reset_election_group = true}.
     */
    static boolean recoveryFromConf(NodeContext ctx) {
        Version version = Version.parse(ctx.version);
        boolean oldKey = "true".equalsIgnoreCase(ctx.conf.get("metadata_failure_recovery"));
        boolean resetKey = "true".equalsIgnoreCase(ctx.conf.get("bdbje_reset_election_group"));
        if (ctx.flavor == Flavor.DORIS) {
            boolean confKey = version.compareTo(Version.of(2, 0, 2)) < 0;
            if (oldKey && !confKey) {
                ctx.log(
                        "WARN",
                        "metadata_failure_recovery in fe.conf is not used since 2.0.2; start the FE with"
                                + " --metadata_failure_recovery");
            }
            return oldKey && confKey;
        }
        boolean resetKeyVersion = version.compareTo(Version.of(3, 3, 0)) >= 0
                || (version.series().equals("3.2") && version.patch() >= 5)
                || (version.series().equals("3.1") && version.patch() >= 10);
        return resetKeyVersion ? resetKey : oldKey;
    }

    Path metaDir() {
        if (metaDir == null) {
            metaDir = Path.of(ctx.conf.getOrDefault(
                    "meta_dir", ctx.home.resolve(ctx.flavor.metaDirName()).toString()));
        }
        return metaDir;
    }

    /** Reads (or creates) the catalog under the meta dir; then {@link #catalog()} and {@link #self()}. */
    void load() throws IOException {
        Path image = metaDir().resolve("image");
        Path versionFile = image.resolve("VERSION");
        String configuredId = ctx.conf.get("cluster_id");
        int port = ctx.port("edit_log_port");
        if (!Files.exists(versionFile)) {
            if (helper != null) {
                catalog = joinThroughHelper(helper);
            } else {
                catalog = new Catalog();
                catalog.clusterId = configuredId != null
                        ? Integer.parseInt(configuredId)
                        : ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
                catalog.token = UUID.randomUUID().toString();
                catalog.frontends.add(
                        new Catalog.Fe(newName(ctx.flavor, ctx.host, port), ctx.host, port, "FOLLOWER", true));
            }
            self = catalog.frontend(ctx.host, port).orElseThrow();
            writeImageFiles(image, catalog.clusterId, catalog.token, self);
            catalog.write(Catalog.file(metaDir()));
            // A new FE has no image until its master's first checkpoint.
            ctx.info("image does not exist: " + image.resolve("image.0"));
            return;
        }
        Properties version = load(versionFile);
        int clusterId = Integer.parseInt(version.getProperty("clusterId"));
        if (configuredId != null && Integer.parseInt(configuredId) != clusterId) {
            ctx.fatal("cluster id is not equal with config item 'cluster_id'. will exit. If you are in recovery mode,"
                    + " please also modify the cluster_id in '" + versionFile + "'");
        }
        if (!Files.exists(Catalog.file(metaDir()))) {
            ctx.fatal("meta data in " + metaDir() + " is incomplete: " + Catalog.file(metaDir()) + " is missing");
        }
        long loadStart = System.currentTimeMillis();
        Optional<Path> latest = latestImage(image);
        if (latest.isPresent()) {
            ctx.info("start load image from " + latest.get() + ". is ckpt: false");
        } else {
            // Env.loadImage / GlobalStateMgr.loadImage: "image.0 may not exist", logged and skipped.
            ctx.info("image does not exist: " + image.resolve("image.0"));
        }
        catalog = Catalog.read(Catalog.file(metaDir()));
        if (catalog.metaVersion > metaVersion) {
            // The line the real FE throws from Env.loadHeaderCOR1 and logs before it exits.
            ctx.fatal("java.io.IOException: The meta version of image is " + catalog.metaVersion
                    + ", which is higher than FE current version " + metaVersion
                    + ". Please upgrade your cluster to the latest version first.");
        }
        if (latest.isPresent()) {
            ctx.info("finished to load image in " + (System.currentTimeMillis() - loadStart) + " ms");
        }
        ctx.info("replayed journal id is " + catalog.journalId + ", replay to journal id is " + catalog.journalId);
        ctx.info("finish replay in " + (System.currentTimeMillis() - loadStart) + " msec");
        catalog.clusterId = clusterId;
        catalog.token = version.getProperty("token", catalog.token);
        var found = catalog.frontend(ctx.host, port);
        if (recovery) {
            String name = found.map(fe -> fe.name)
                    .orElse(load(image.resolve("ROLE")).getProperty("name", newName(ctx.flavor, ctx.host, port)));
            self = new Catalog.Fe(name, ctx.host, port, "FOLLOWER", true);
            catalog.frontends = new ArrayList<>(List.of(self));
            catalog.electedOnce = false;
            catalog.journalId++;
            catalog.write(Catalog.file(metaDir()));
            writeImageFiles(image, clusterId, catalog.token, self);
            ctx.log("WARN", "metadata_failure_recovery: the frontend group is reset to this node " + self.address());
        } else if (found.isEmpty()) {
            ctx.fatal("current node " + ctx.host + ":" + port + " is not in the frontend group of the metadata in "
                    + metaDir() + ". Add it with ALTER SYSTEM ADD FOLLOWER and start it with --helper, or start"
                    + " with --metadata_failure_recovery.");
        } else {
            self = found.get();
        }
    }

    /**
     * The first start of an FE with {@code --helper}, as the real FE does it
     * ({@code getFeNodeTypeAndNameFromHelpers}, Doris {@code Env} and StarRocks {@code NodeMgr}): ask the
     * helper for this node's role; while the group does not list it, or the helper does not answer,
     * log why and ask again, forever. The real FE asks every 5 s; the sandbox every 300 ms.
     */
    private Catalog joinThroughHelper(String helperAddress) throws IOException {
        int colon = helperAddress.lastIndexOf(':');
        String helperHost = helperAddress.substring(0, colon);
        int helperPort = Integer.parseInt(helperAddress.substring(colon + 1));
        String lastWarning = "";
        long lastLogged = 0;
        while (true) {
            String warning;
            try {
                String answer = Peer.call(helperHost, helperPort, "JOIN", 3000);
                Catalog joined = SandboxSpec.JSON.readValue(answer, Catalog.class);
                if (joined.frontend(ctx.host, ctx.port("edit_log_port")).isPresent()) {
                    ctx.info("get fe node type from helper node " + helperAddress);
                    return joined;
                }
                warning = "current node is not added to the group. please add it first. sleep 5 seconds and retry,"
                        + " current helper nodes: [" + helperAddress + "]";
            } catch (IOException | RuntimeException e) {
                warning = "failed to get fe node type from helper node: " + helperAddress + ". " + e.getMessage();
            }
            long now = System.currentTimeMillis();
            if (!warning.equals(lastWarning) || now - lastLogged > 5000) {
                ctx.log("WARN", warning);
                lastWarning = warning;
                lastLogged = now;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while joining through " + helperAddress, e);
            }
        }
    }

    static String newName(Flavor flavor, String host, int editLogPort) {
        return flavor == Flavor.DORIS
                ? "fe_" + UUID.randomUUID().toString().replace('-', '_')
                : host + "_" + editLogPort + "_" + System.currentTimeMillis();
    }

    /** The newest {@code image/image.<journal id>}, the image a start loads; empty when none was made. */
    static Optional<Path> latestImage(Path image) throws IOException {
        if (!Files.isDirectory(image)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(image)) {
            return files.filter(file -> file.getFileName().toString().matches("image\\.\\d+"))
                    .max(Comparator.comparingLong(
                            file -> Long.parseLong(file.getFileName().toString().substring("image.".length()))));
        }
    }

    /** Writes {@code image/VERSION} and {@code image/ROLE} in the real Properties format. */
    static void writeImageFiles(Path image, int clusterId, String token, Catalog.Fe fe) throws IOException {
        Files.createDirectories(image);
        Properties version = new Properties();
        version.setProperty("clusterId", String.valueOf(clusterId));
        version.setProperty("token", token);
        try (Writer out = Files.newBufferedWriter(image.resolve("VERSION"))) {
            version.store(out, null);
        }
        Properties role = new Properties();
        role.setProperty("role", fe.role);
        role.setProperty("name", fe.name);
        try (Writer out = Files.newBufferedWriter(image.resolve("ROLE"))) {
            role.store(out, null);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }
}
