package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.Role;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A Doris FE's {@code GET /api/_set_config?k=v[&persist=true][&reset_persist=false]} ({@code
 * httpv2/rest/SetConfigAction}, {@code docs/config.md} §2): sets each key in this FE's memory as {@code
 * ADMIN SET FRONTEND CONFIG} does (here only, master-only keys too) and, with {@code persist=true},
 * writes the keys it set to {@code conf/fe_custom.conf} with {@code Properties.store} ({@code
 * ConfigBase.persistConfig}) — after emptying the file unless {@code reset_persist=false}. Answers the
 * httpv2 envelope: {@code {"msg":"success","code":0,"data":{"set":{k:v},"err":[{"config_name",
 * "config_value","err_info"}],"persist":"ok"|""},"count":0}}. The caller's basic auth is always checked.
 */
final class FeSetConfig {
    private FeSetConfig() {}

    /** The JSON answer to one request. */
    static String handle(NodeContext ctx, FeConfigs configs, Map<String, String> params) throws IOException {
        Map<String, String> given = new LinkedHashMap<>(params);
        given.remove("");
        boolean persist = "true".equals(given.remove("persist"));
        boolean reset = !"false".equals(given.remove("reset_persist"));
        Map<String, String> set = new LinkedHashMap<>();
        ArrayNode errors = SandboxSpec.JSON.createArrayNode();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            Optional<FeConfigs.Item> item = configs.item(entry.getKey());
            Optional<String> refusal = item.isEmpty()
                    ? Optional.of(configs.unknown(entry.getKey()))
                    : configs.set(item.get(), entry.getValue());
            if (refusal.isPresent()) {
                errors.addObject()
                        .put("config_name", entry.getKey())
                        .put("config_value", "[" + entry.getValue() + "]")
                        .put("err_info", refusal.get());
            } else {
                set.put(entry.getKey(), entry.getValue());
                ctx.info("set_config: config=" + entry.getKey() + ", new=[" + entry.getValue() + "], persist=" + persist
                        + ", result=OK");
            }
        }
        String persisted = "";
        if (persist) {
            persist(ctx, set, reset);
            persisted = "ok";
        }
        ObjectNode body =
                SandboxSpec.JSON.createObjectNode().put("msg", "success").put("code", 0);
        ObjectNode data = body.putObject("data");
        ObjectNode setNode = data.putObject("set");
        set.forEach(setNode::put);
        data.set("err", errors);
        data.put("persist", persisted);
        body.put("count", 0);
        return body.toString();
    }

    private static void persist(NodeContext ctx, Map<String, String> set, boolean reset) throws IOException {
        Path file = ctx.home.resolve("conf").resolve(NodeContext.customConfFile(Role.FE_FOLLOWER));
        Properties props = new Properties();
        if (!reset && Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                props.load(in);
            }
        }
        set.forEach(props::setProperty);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            props.store(
                    out,
                    "THIS IS AN AUTO GENERATED CONFIG FILE.\n"
                            + "You can modify this file manually, and the configurations in this file\n"
                            + "will overwrite the configurations in fe.conf");
        }
    }
}
