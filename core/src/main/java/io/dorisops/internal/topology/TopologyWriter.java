package io.dorisops.internal.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Secret;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import io.dorisops.internal.Durations;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a topology as YAML that {@link TopologyReader} reads back equal: every node with its home
 * and ports spelled out, secrets as their {@code env}/{@code file} source, never their value.
 */
public final class TopologyWriter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private TopologyWriter() {}

    /**
     * The topology as YAML.
     *
     * @throws DorisOpsException when a secret was given directly by code: it has no source to write
     */
    public static String toYaml(Topology topology) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", topology.name());
        root.put("flavor", topology.flavor().key());
        SshSettings ssh = topology.ssh();
        if (ssh.enabled()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("user", ssh.user());
            map.put("port", ssh.port());
            ssh.identityFile().ifPresent(file -> map.put("identityFile", file.toString()));
            putSecret(map, "passphrase", ssh.passphrase(), "ssh.passphrase");
            putSecret(map, "password", ssh.password(), "ssh.password");
            map.put("knownHosts", ssh.knownHosts().toString());
            map.put("acceptNewHostKeys", ssh.acceptNewHostKeys());
            ssh.jumpHost().ifPresent(host -> map.put("jumpHost", host));
            map.put("loopback", ssh.loopback());
            ssh.runAs().ifPresent(user -> map.put("runAs", user));
            root.put("ssh", map);
        }
        Topology.Sql sql = topology.sql();
        Map<String, Object> sqlMap = new LinkedHashMap<>();
        sqlMap.put("user", sql.user());
        putSecret(sqlMap, "password", sql.password(), "sql.password");
        sqlMap.put("connectTimeout", Durations.format(sql.connectTimeout()));
        sqlMap.put("socketTimeout", Durations.format(sql.socketTimeout()));
        sqlMap.put("tls", sql.tls().key());
        sql.tlsCa().ifPresent(ca -> sqlMap.put("tlsCa", ca.toString()));
        root.put("sql", sqlMap);
        Topology.Timeouts timeouts = topology.timeouts();
        Map<String, Object> timeoutMap = new LinkedHashMap<>();
        timeoutMap.put("ready", Durations.format(timeouts.ready()));
        timeoutMap.put("poll", Durations.format(timeouts.poll()));
        timeoutMap.put("command", Durations.format(timeouts.command()));
        timeoutMap.put("probe", Durations.format(timeouts.probe()));
        root.put("timeouts", timeoutMap);
        for (Map.Entry<String, Role> group : TopologyReader.GROUPS.entrySet()) {
            List<Object> nodes = new ArrayList<>();
            for (Node node : topology.nodes(group.getValue())) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("id", node.id());
                map.put("host", node.host());
                map.put("home", node.home().toString());
                map.put("ports", node.ports().inUse());
                node.config().priorityNetworks().ifPresent(networks -> map.put("priorityNetworks", networks));
                node.config().metaDir().ifPresent(dir -> map.put("metaDir", dir.toString()));
                node.config().storageRootPath().ifPresent(paths -> map.put("storageRootPath", paths));
                if (!node.config().extra().isEmpty()) {
                    map.put("config", node.config().extra());
                }
                nodes.add(map);
            }
            if (!nodes.isEmpty()) {
                root.put(group.getKey(), nodes);
            }
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putSecret(Map<String, Object> map, String key, Secret secret, String field) {
        if (secret.isNone()) {
            return;
        }
        String source = secret.source();
        if (source.startsWith("env:")) {
            map.put(key, Map.of("env", source.substring(4)));
        } else if (source.startsWith("file:")) {
            map.put(key, Map.of("file", source.substring(5)));
        } else {
            throw new DorisOpsException(field + " was given directly by code and cannot be written to a topology"
                    + " file; use Secret.fromEnv or Secret.fromFile");
        }
    }
}
