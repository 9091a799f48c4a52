package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dorisops.Flavor;
import io.dorisops.Role;
import io.dorisops.testkit.internal.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The config table of one BE or CN for the keys the SDK touches (key, C++ type, mutable, value), read
 * from {@code be.conf} (a StarRocks CN's {@code cn.conf}), then Doris {@code be_custom.conf}, at start,
 * and served as the real BEs serve it ({@code docs/config.md} §3): Doris {@code GET /api/show_config}
 * (a JSON array of {@code [name, type, value, mutable]}), StarRocks {@code GET /varz} ({@code name=value}
 * lines in a {@code <pre>} block), and {@code POST /api/update_config?k=v} answering {@code {"status":
 * "OK"|"BAD", "msg": …}} with the texts of {@code configbase.cpp}; Doris {@code &persist=true} rewrites
 * {@code conf/be_custom.conf} as {@code config::persist_config} does.
 */
final class BeConfigs {
    /** One config item: {@code type} as the BE names it ({@code bool}, {@code int32_t}, {@code std::string}). */
    record Item(String key, String type, String defaultValue, boolean mutable) {}

    private final NodeContext ctx;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();

    /**
     * The table of the node's flavor, with the values its conf files set.
     *
     * @throws IllegalArgumentException as the BE's {@code config::init} refuses a value: {@code config
     *     field error: k}
     */
    BeConfigs(NodeContext ctx) {
        this.ctx = ctx;
        String bePortKey = ctx.conf.containsKey("thrift_port") ? "thrift_port" : "be_port";
        for (String port : List.of(bePortKey, ctx.httpPortKey(), "heartbeat_service_port", "brpc_port")) {
            add(port, "int32_t", "", false);
        }
        add("storage_root_path", "std::string", "", false);
        add("priority_networks", "std::string", "", false);
        add("mem_limit", "std::string", "90%", false);
        add("grace_shutdown_wait_seconds", "int32_t", "120", false);
        add("storage_flood_stage_usage_percent", "int32_t", "90", true);
        add("max_tablet_version_num", "int32_t", "2000", true);
        add("disable_auto_compaction", "bool", "false", true);
        for (Item item : items.values()) {
            String value = ctx.conf.get(item.key);
            if (value != null) {
                if (!fits(item, value.strip())) {
                    throw new IllegalArgumentException("config field error: " + item.key);
                }
                values.put(item.key, value.strip());
            }
        }
    }

    private void add(String key, String type, String value, boolean mutable) {
        items.put(key, new Item(key, type, value, mutable));
    }

    /** The running value of a key the table has. */
    Optional<String> value(String key) {
        return Optional.ofNullable(items.get(key)).map(item -> values.getOrDefault(key, item.defaultValue));
    }

    /** Doris {@code /api/show_config}: {@code [[name, type, value, mutable], …]}. */
    String showConfig() {
        ArrayNode rows = SandboxSpec.JSON.createArrayNode();
        for (Item item : new TreeMap<>(items).values()) {
            rows.addArray()
                    .add(item.key)
                    .add(item.type)
                    .add(value(item.key).orElse(""))
                    .add(String.valueOf(item.mutable));
        }
        return rows.toString();
    }

    /** StarRocks {@code /varz}: every config as {@code name=value} in a {@code <pre>} block. */
    String varz() {
        StringBuilder page = new StringBuilder("<h2>Configurations</h2><pre>");
        items.keySet().forEach(key -> page.append(key)
                .append('=')
                .append(value(key).orElse(""))
                .append('\n'));
        return page.append("</pre>").toString();
    }

    /**
     * {@code POST /api/update_config}: Doris takes one {@code k=v} and an optional {@code persist};
     * StarRocks one {@code k=v} only. Returns the JSON answer (always HTTP 200).
     */
    synchronized String update(Map<String, String> params) throws IOException {
        Map<String, String> given = new LinkedHashMap<>(params);
        given.remove("");
        boolean doris = ctx.flavor == Flavor.DORIS;
        String persistParam = doris ? given.remove("persist") : null;
        if (given.size() != 1 || (!doris && params.containsKey("persist"))) {
            return answer(
                    false,
                    doris
                            ? "Now only support to set a single config once, via 'config_name=new_value', and with an"
                                    + " optional parameter 'persist'."
                            : "Now only support to set a single config once, via 'config_name=new_value'");
        }
        Map.Entry<String, String> entry = given.entrySet().iterator().next();
        String key = entry.getKey();
        String value = entry.getValue();
        Item item = items.get(key);
        String reason;
        if (item == null) {
            reason = "[NOT_FOUND]'" + key + "' is not found";
        } else if (!item.mutable) {
            reason = "[NOT_IMPLEMENTED_ERROR]'" + key + "' is not support to modify";
        } else if (!fits(item, value.strip())) {
            reason = "[INVALID_ARGUMENT]convert '" + value + "' as " + item.type + " failed";
        } else {
            values.put(key, value.strip());
            ctx.info("set_config " + key + "=" + value + " success. persist: " + "true".equals(persistParam));
            if ("true".equals(persistParam)) {
                persist(key, value);
            }
            return answer(true, "");
        }
        ctx.log("WARNING", "set_config " + key + "=" + value + " failed");
        return answer(false, "set " + key + "=" + value + " failed, reason: " + reason);
    }

    /** {@code config::persist_config}: load {@code be_custom.conf}, set the key, write it back sorted. */
    private void persist(String key, String value) throws IOException {
        Path file = ctx.home.resolve("conf").resolve(NodeContext.customConfFile(Role.BE));
        Map<String, String> props = new TreeMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String text = line.strip();
                int eq = text.indexOf('=');
                if (!text.isEmpty() && !text.startsWith("#") && eq > 0) {
                    props.put(
                            text.substring(0, eq).strip(),
                            text.substring(eq + 1).strip());
                }
            }
        }
        props.put(key, value);
        StringBuilder text = new StringBuilder("# THIS IS AN AUTO GENERATED CONFIG FILE.\n"
                + "# You can modify this file manually, and the configurations in this file\n"
                + "# will overwrite the configurations in be.conf\n\n");
        props.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(file, text.toString());
    }

    /** {@code strtox} of {@code configbase.cpp}: a bool is exactly {@code true} or {@code false}. */
    private static boolean fits(Item item, String value) {
        return switch (item.type) {
            case "bool" -> value.equals("true") || value.equals("false");
            case "int32_t" -> value.matches("[-+]?\\d{1,10}")
                    && Long.parseLong(value) >= Integer.MIN_VALUE
                    && Long.parseLong(value) <= Integer.MAX_VALUE;
            case "int64_t" -> value.matches("[-+]?\\d{1,19}");
            default -> true;
        };
    }

    private static String answer(boolean ok, String msg) {
        return SandboxSpec.JSON
                .createObjectNode()
                .put("status", ok ? "OK" : "BAD")
                .put("msg", msg)
                .toPrettyString();
    }
}
