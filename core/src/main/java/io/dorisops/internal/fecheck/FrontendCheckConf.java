package io.dorisops.internal.fecheck;

import io.dorisops.Flavor;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The files of the FE metadata check ({@link FrontendCheck}): where the master keeps its meta dir, the
 * test FE's fe.conf (the master's, every port, path and recovery key replaced), the copy's token.
 */
final class FrontendCheckConf {

    private FrontendCheckConf() {}

    /** The master's meta dir: {@code meta_dir} of its fe.conf with the home variable resolved, else the default. */
    static Path metaDir(FrontendCheckHost source, Node master, Flavor flavor) {
        Map<String, String> conf = parse(confText(source, master));
        String home = master.home().toString();
        return Optional.ofNullable(conf.get("meta_dir"))
                .map(value -> value.replace("${DORIS_HOME}", home).replace("${STARROCKS_HOME}", home))
                .map(Path::of)
                .map(path -> path.isAbsolute() ? path : master.home().resolve(path))
                .orElse(master.home().resolve(flavor.metaDirName()));
    }

    private static String confText(FrontendCheckHost source, Node master) {
        Path file = master.home().resolve("conf/fe.conf");
        return source.transport().exists(file) ? source.transport().read(file, 1024 * 1024) : "";
    }

    /** Step 6: the master's fe.conf with every port, path and recovery key replaced. */
    static String conf(
            Flavor flavor,
            FrontendCheckHost source,
            Node master,
            Path copy,
            Map<String, Integer> ports,
            FrontendCheckOptions options,
            Flavor.RecoverySwitch recovery) {
        Set<String> replaced = Set.of(
                "meta_dir",
                "LOG_DIR",
                "PID_DIR",
                "sys_log_dir",
                "audit_log_dir",
                "custom_config_dir",
                "cluster_id",
                "metadata_failure_recovery",
                "bdbje_reset_election_group");
        StringBuilder text = new StringBuilder("# the test FE of dorisops check-upgrade: the live master's fe.conf,"
                + " every port and path replaced\n");
        for (String line : confText(source, master).split("\n")) {
            String key =
                    line.contains("=") ? line.substring(0, line.indexOf('=')).strip() : "";
            if (replaced.contains(key) || key.endsWith("_port")) {
                text.append("# replaced: ").append(line.strip()).append('\n');
            } else {
                text.append(line).append('\n');
            }
        }
        String home = flavor == Flavor.DORIS ? "${DORIS_HOME}" : "${STARROCKS_HOME}";
        text.append("LOG_DIR = ").append(home).append("/log\n");
        text.append("meta_dir = ").append(copy).append('\n');
        ports.forEach((key, port) -> text.append(key).append(" = ").append(port).append('\n'));
        if (flavor == Flavor.DORIS) {
            text.append("arrow_flight_sql_port = -1\n");
        }
        text.append("cluster_id = ").append(options.clusterId()).append('\n');
        recovery.confLine().ifPresent(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private static Map<String, String> parse(String conf) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : conf.split("\n")) {
            String text = line.strip();
            int eq = text.indexOf('=');
            if (!text.startsWith("#") && eq > 0) {
                values.put(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
            }
        }
        return values;
    }

    /** The copy's token (for the bootstrap check), read from its image/VERSION. */
    static String token(FrontendCheckHost target, Path copy) {
        Properties version = new Properties();
        try {
            version.load(new java.io.StringReader(target.tail(copy.resolve("image/VERSION"), 64 * 1024)));
        } catch (IOException e) {
            return "";
        }
        return version.getProperty("token", "");
    }
}
