package io.dorisops.testkit.internal;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the release layout of a simulated node: {@code bin/} scripts, {@code lib/} (whose version
 * jar decides the version the node reports), {@code conf/}, {@code log/} and, for an FE, the meta
 * dir. {@code bin/} and {@code lib/} are self-contained per version, so swapping them upgrades the
 * node exactly as a real package does.
 */
public final class Layout {
    /** The key in every conf file that points a node at its sandbox directory. */
    public static final String SANDBOX_KEY = "dorisops_sandbox_dir";

    private Layout() {}

    /**
     * The version string a build reports: Doris {@code doris-2.1.7-rc01-1a2b3c4}, StarRocks {@code
     * 3.3.5-1a2b3c4}. The hash is derived from the number, so one release always reports one string.
     */
    public static String buildVersion(Flavor flavor, String number) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-1").digest((flavor.key() + number).getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest).substring(0, 7);
            return flavor == Flavor.DORIS ? "doris-" + number + "-rc01-" + hash : number + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar under {@code lib/} whose manifest carries the version. */
    public static String versionJar(Flavor flavor, Role role) {
        if (role.isFrontend()) {
            return flavor.feJar();
        }
        return role.isMetaService() ? "sim-ms.jar" : "sim-be.jar";
    }

    /**
     * The FE meta version a normal build writes and reads, as the real {@code FeMetaVersion.VERSION_CURRENT}
     * (Doris) and {@code StarRocksFEMetaVersion.VERSION_CURRENT}: every sandbox release has the same one.
     */
    public static final int META_VERSION = 129;

    /** The manifest attribute of the FE version jar that holds the meta version of that build. */
    public static final String META_VERSION_ATTRIBUTE = "Sim-Meta-Version";

    /** The meta version of the FE in a node home: what its version jar says, {@link #META_VERSION} by default. */
    public static int readMetaVersion(Path home, Flavor flavor) throws IOException {
        try (JarFile jar = new JarFile(home.resolve("lib")
                .resolve(versionJar(flavor, Role.FE_FOLLOWER))
                .toFile())) {
            String value = jar.getManifest().getMainAttributes().getValue(META_VERSION_ATTRIBUTE);
            return value == null ? META_VERSION : Integer.parseInt(value);
        }
    }

    /** Reads the version from the version jar of a node home. */
    public static String readVersion(Path home, Flavor flavor, Role role) throws IOException {
        try (JarFile jar = new JarFile(
                home.resolve("lib").resolve(versionJar(flavor, role)).toFile())) {
            return jar.getManifest().getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        }
    }

    /**
     * Writes {@code bin/} and {@code lib/} of one component (fe, be or ms) for a version.
     *
     * @param dir the component directory, e.g. a node home or {@code apache-doris-2.1.7-bin-x64/be}
     * @param roles the roles whose scripts go into {@code bin/}
     */
    public static void writeBinAndLib(Flavor flavor, String number, Path dir, Role... roles) throws IOException {
        writeBinAndLib(flavor, number, META_VERSION, dir, roles);
    }

    /**
     * {@link #writeBinAndLib(Flavor, String, Path, Role...)} with the FE's meta version: a build whose
     * meta version is below the cluster's cannot load the cluster's image.
     */
    public static void writeBinAndLib(Flavor flavor, String number, int metaVersion, Path dir, Role... roles)
            throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Role component = roles[0];
        for (Role role : roles) {
            writeExecutable(
                    bin.resolve(flavor.startScript(role)),
                    Scripts.start(flavor, role, buildVersion(flavor, number), java));
            writeExecutable(bin.resolve(flavor.stopScript(role)), Scripts.stop(flavor, role));
        }
        writeVersionJar(lib.resolve(versionJar(flavor, component)), buildVersion(flavor, number), metaVersion);
        Cds.Setup cds = Cds.setup(absoluteClassPath(), java, component);
        Files.writeString(lib.resolve("sim.classpath"), cds.classPath());
        Files.deleteIfExists(lib.resolve("sim.cds"));
        if (cds.archive().isPresent()) {
            Files.writeString(lib.resolve("sim.cds"), cds.archive().get().toString());
        }
        if (!component.isFrontend()) {
            Path link = lib.resolve(flavor.processName(component));
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(java));
        }
    }

    /**
     * Writes the conf file a release package ships for a component, with the release's default ports
     * and the data directories commented out, as in the real {@code fe.conf}, {@code be.conf} and
     * StarRocks {@code cn.conf} (reference facts §6). A deploy sets its keys in it.
     */
    public static void writeShippedConf(Flavor flavor, Path componentDir, Role role) throws IOException {
        boolean doris = flavor == Flavor.DORIS;
        String home = doris ? "${DORIS_HOME}" : "${STARROCKS_HOME}";
        String text;
        if (role.isFrontend()) {
            text = "# fe.conf as shipped (dorisops testkit package)\n"
                    + "LOG_DIR = " + home + "/log\n"
                    + "JAVA_OPTS=\"-Xmx8192m -XX:+UseG1GC\"\n"
                    + "http_port = 8030\nrpc_port = 9020\nquery_port = 9030\nedit_log_port = 9010\n"
                    + (doris ? "arrow_flight_sql_port = -1\n" : "")
                    + "# meta_dir = " + home + "/" + flavor.metaDirName() + "\n"
                    + "# priority_networks = 10.10.10.0/24;192.168.0.0/16\n"
                    + "sys_log_level = INFO\n";
        } else if (role == Role.CN) {
            text = "# cn.conf as shipped (dorisops testkit package)\n"
                    + "sys_log_level = INFO\n"
                    + "# ports for admin, web, heartbeat service\n"
                    + "thrift_port = 9060\nbe_http_port = 8040\nheartbeat_service_port = 9050\nbrpc_port = 8060\n"
                    + "# priority_networks = 10.10.10.0/24;192.168.0.0/16\n";
        } else if (role.isBackend()) {
            text = "# be.conf as shipped (dorisops testkit package)\n"
                    + (doris ? "PPROF_TMPDIR=\"$DORIS_HOME/log/\"\n" : "sys_log_level = INFO\n")
                    + "be_port = 9060\n"
                    + (doris ? "webserver_port" : "be_http_port") + " = 8040\n"
                    + "heartbeat_service_port = 9050\nbrpc_port = 8060\n"
                    + (doris ? "arrow_flight_sql_port = -1\n" : "")
                    + "# storage_root_path = " + home + "/storage\n"
                    + "# priority_networks = 10.10.10.0/24;192.168.0.0/16\n";
        } else {
            text = "# doris_cloud.conf as shipped (dorisops testkit package)\nbrpc_listen_port = 5000\n";
        }
        Path conf = componentDir.resolve(flavor.confFile(role));
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, text);
    }

    /** Writes a node home: bin, lib, conf, log and, for an FE, an empty meta dir. */
    public static void writeHome(Flavor flavor, String number, Node node, Path sandboxDir) throws IOException {
        Path home = node.home();
        Role role = node.role();
        writeBinAndLib(flavor, number, home, role);
        Files.createDirectories(home.resolve("log"));
        Map<String, String> conf = new LinkedHashMap<>();
        String homeVar = flavor == Flavor.DORIS ? "${DORIS_HOME}" : "${STARROCKS_HOME}";
        conf.put("LOG_DIR", homeVar + "/log");
        if (role.isFrontend()) {
            conf.put("http_port", String.valueOf(node.ports().httpPort()));
            conf.put("rpc_port", String.valueOf(node.ports().rpcPort()));
            conf.put("query_port", String.valueOf(node.ports().queryPort()));
            conf.put("edit_log_port", String.valueOf(node.ports().editLogPort()));
            if (flavor == Flavor.DORIS) {
                conf.put("arrow_flight_sql_port", "-1");
            }
            Path meta = Files.createDirectories(home.resolve(flavor.metaDirName()));
            Files.createDirectories(meta.resolve("image"));
            Files.createDirectories(meta.resolve("bdb"));
            conf.put("meta_dir", meta.toString());
        } else if (role.isBackend()) {
            conf.put("be_port", String.valueOf(node.ports().bePort()));
            conf.put(
                    flavor == Flavor.DORIS ? "webserver_port" : "be_http_port",
                    String.valueOf(node.ports().httpPort()));
            conf.put("heartbeat_service_port", String.valueOf(node.ports().heartbeatPort()));
            conf.put("brpc_port", String.valueOf(node.ports().brpcPort()));
            Path storage = Files.createDirectories(home.resolve("storage"));
            conf.put("storage_root_path", storage.toString());
            if (flavor == Flavor.DORIS && role == Role.CN) {
                conf.put("be_node_role", "computation");
            }
        } else {
            conf.put("brpc_listen_port", String.valueOf(node.ports().brpcPort()));
        }
        conf.put("priority_networks", node.host() + "/32");
        conf.put(SANDBOX_KEY, sandboxDir.toString());
        StringBuilder text = new StringBuilder("# ")
                .append(flavor.confFile(role))
                .append(" of ")
                .append(node.id())
                .append(", a dorisops testkit sandbox node\n");
        conf.forEach(
                (key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Path confFile = home.resolve(flavor.confFile(role));
        Files.createDirectories(confFile.getParent());
        Files.writeString(confFile, text.toString());
    }

    /** This JVM's class path with every entry made absolute: the node processes run in their own homes. */
    private static String absoluteClassPath() {
        StringBuilder path = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                path.append(path.length() == 0 ? "" : java.io.File.pathSeparator)
                        .append(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        return path.toString();
    }

    private static void writeExecutable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void writeVersionJar(Path file, String version, int metaVersion) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        manifest.getMainAttributes().put(new Attributes.Name(META_VERSION_ATTRIBUTE), String.valueOf(metaVersion));
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }
}
