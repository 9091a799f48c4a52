package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The frontend configs of one FE: a table of the keys the SDK touches (key, alias, type, mutable,
 * master-only, value), read from the FE's conf files at start ({@code fe.conf}, then Doris {@code
 * fe_custom.conf}) and changed in memory by {@code ADMIN SET FRONTEND CONFIG} until the process ends
 * (reference facts §4, {@code docs/config.md}). StarRocks keys have aliases ({@code disable_balance} for
 * {@code tablet_sched_disable_balance}). Refusals carry the real texts: Doris {@code Config 'k' does not
 * exist}, {@code Config 'k' is not mutable}, {@code Failed to set config 'k'. err: For input string:
 * "v"} ({@code type mismatch} for a boolean); StarRocks {@code Config 'k' does not exist or is not
 * mutable}, and any text for a boolean (read as {@code Boolean.parseBoolean}).
 */
final class FeConfigs {
    /** One config item. */
    record Item(String key, String alias, String defaultValue, String type, boolean mutable, boolean masterOnly) {}

    private final Flavor flavor;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();

    /**
     * The table of the flavor, with the values the conf files set.
     *
     * @throws IllegalArgumentException naming the key and value as the FE does ({@code Failed to set
     *     config, name: k, value: v}) when a conf value does not fit its key's type
     */
    FeConfigs(Flavor flavor, Map<String, String> conf) {
        this.flavor = flavor;
        for (String port : List.of("http_port", "rpc_port", "query_port", "edit_log_port")) {
            add(port, "", "", "int", false, false);
        }
        add("meta_dir", "", "", "String", false, false);
        add("priority_networks", "", "", "String", false, false);
        add("qe_max_connection", "", "1024", "int", false, false);
        add("qe_slow_log_ms", "", "5000", "long", true, false);
        add("drop_backend_after_decommission", "", "true", "boolean", true, true);
        if (flavor == Flavor.DORIS) {
            add("enable_fqdn_mode", "", "false", "boolean", false, false);
            add("disable_balance", "", "false", "boolean", true, true);
            add("disable_colocate_balance", "", "false", "boolean", true, true);
            add("disable_tablet_scheduler", "", "false", "boolean", true, true);
            add("disable_disk_balance", "", "false", "boolean", true, true);
            add("max_scheduling_tablets", "", "2000", "int", true, true);
            add("max_balancing_tablets", "", "100", "int", true, true);
            add("max_backend_heartbeat_failure_tolerance_count", "", "1", "long", true, true);
            add("enable_all_http_auth", "", "false", "boolean", true, false);
        } else {
            add("tablet_sched_disable_balance", "disable_balance", "false", "boolean", true, true);
            add("tablet_sched_disable_colocate_balance", "disable_colocate_balance", "false", "boolean", true, true);
            add("tablet_sched_max_scheduling_tablets", "max_scheduling_tablets", "10000", "int", true, true);
            add("tablet_sched_max_balancing_tablets", "max_balancing_tablets", "500", "int", true, true);
            add("heartbeat_retry_times", "", "3", "int", true, true);
        }
        for (Item item : items.values()) {
            String value = conf.containsKey(item.key) ? conf.get(item.key) : conf.get(item.alias);
            if (value != null && !value.isEmpty()) {
                if (typeProblem(item, value.strip()).isPresent()) {
                    throw new IllegalArgumentException(
                            "Failed to set config, name: " + item.key + ", value: " + value.strip());
                }
                values.put(item.key, normalized(item, value.strip()));
            }
        }
    }

    private void add(String key, String alias, String value, String type, boolean mutable, boolean masterOnly) {
        items.put(key, new Item(key, alias, value, type, mutable, masterOnly));
    }

    /** The item a key or alias names. */
    Optional<Item> item(String keyOrAlias) {
        return items.values().stream()
                .filter(item -> item.key.equalsIgnoreCase(keyOrAlias) || item.alias.equalsIgnoreCase(keyOrAlias))
                .findFirst();
    }

    /** The FE's answer to {@code ADMIN SET FRONTEND CONFIG} of a key it does not have. */
    String unknown(String key) {
        return flavor == Flavor.DORIS
                ? "Config '" + key + "' does not exist"
                : "Config '" + key + "' does not exist or is not mutable";
    }

    String value(Item item) {
        return values.getOrDefault(item.key, item.defaultValue);
    }

    /** Sets a value after checking mutability and type; returns the FE's refusal, or empty when set. */
    Optional<String> set(Item item, String value) {
        if (!item.mutable) {
            return Optional.of(flavor == Flavor.DORIS ? "Config '" + item.key + "' is not mutable" : unknown(item.key));
        }
        Optional<String> problem = typeProblem(item, value.strip());
        if (problem.isPresent()) {
            return Optional.of("Failed to set config '" + item.key + "'. err: " + problem.get());
        }
        values.put(item.key, normalized(item, value.strip()));
        return Optional.empty();
    }

    /** Java's complaint about a value of the key's type: {@code parseInt}'s, Doris' {@code isBoolean}'s. */
    private Optional<String> typeProblem(Item item, String value) {
        boolean fits =
                switch (item.type) {
                    case "boolean" -> flavor == Flavor.STARROCKS
                            || value.equalsIgnoreCase("true")
                            || value.equalsIgnoreCase("false");
                    case "int" -> value.matches("[-+]?\\d{1,10}") && fitsInt(value);
                    case "long" -> value.matches("[-+]?\\d{1,19}");
                    default -> true;
                };
        if (fits) {
            return Optional.empty();
        }
        return Optional.of(item.type.equals("boolean") ? "type mismatch" : "For input string: \"" + value + "\"");
    }

    private static boolean fitsInt(String value) {
        long parsed = Long.parseLong(value);
        return parsed >= Integer.MIN_VALUE && parsed <= Integer.MAX_VALUE;
    }

    /** The value as the FE shows it back: a boolean as Java prints it. */
    private static String normalized(Item item, String value) {
        return item.type.equals("boolean") ? String.valueOf(value.equalsIgnoreCase("true")) : value;
    }

    /** True while any of the flavor's balance switches holds its paused value. */
    boolean balancePaused() {
        return flavor.balanceSwitches().stream()
                .anyMatch(s -> item(s.key()).map(this::value).orElse("").equalsIgnoreCase(s.pausedValue()));
    }

    /**
     * True while the tablet scheduler takes no tablet, so a decommission does not drain: Doris {@code
     * disable_tablet_scheduler = true} (TabletScheduler finishes every tablet at once; {@code
     * disable_balance} cancels only balance tasks, and a decommission is a repair), StarRocks {@code
     * tablet_sched_max_scheduling_tablets <= 0} [I].
     */
    boolean schedulerPaused() {
        if (flavor == Flavor.DORIS) {
            return item("disable_tablet_scheduler").map(this::value).orElse("").equalsIgnoreCase("true");
        }
        String max =
                item("tablet_sched_max_scheduling_tablets").map(this::value).orElse("1");
        return max.matches("-?\\d+") && Long.parseLong(max) <= 0;
    }

    /** The {@code ADMIN SHOW FRONTEND CONFIG} columns of the flavor. */
    List<String> columns() {
        return flavor == Flavor.DORIS
                ? List.of("Key", "Value", "Type", "IsMutable", "MasterOnly", "Comment")
                : List.of("Key", "AliasNames", "Value", "Type", "IsMutable", "Comment");
    }

    /** The rows whose key or alias matches a LIKE pattern (null: all). */
    List<List<String>> rows(String like) {
        Pattern pattern = like == null ? null : Like.toRegex(like);
        List<List<String>> rows = new ArrayList<>();
        // Doris sorts its rows by key (ConfigBase.getConfigInfo); StarRocks lists them as declared.
        List<Item> listed = new ArrayList<>(items.values());
        if (flavor == Flavor.DORIS) {
            listed.sort(Comparator.comparing(Item::key));
        }
        for (Item item : listed) {
            if (pattern != null
                    && !pattern.matcher(item.key).matches()
                    && (item.alias.isEmpty() || !pattern.matcher(item.alias).matches())) {
                continue;
            }
            rows.add(
                    flavor == Flavor.DORIS
                            ? List.of(
                                    item.key,
                                    value(item),
                                    item.type,
                                    String.valueOf(item.mutable),
                                    String.valueOf(item.masterOnly),
                                    "")
                            : List.of(
                                    item.key,
                                    item.alias.isEmpty() ? "[]" : "[" + item.alias + "]",
                                    value(item),
                                    item.type,
                                    String.valueOf(item.mutable),
                                    ""));
        }
        return rows;
    }

    /** SQL LIKE patterns. */
    static final class Like {
        private Like() {}

        static Pattern toRegex(String like) {
            StringBuilder regex = new StringBuilder();
            for (char c : like.toCharArray()) {
                regex.append(
                        switch (c) {
                            case '%' -> ".*";
                            case '_' -> ".";
                            default -> Pattern.quote(String.valueOf(c));
                        });
            }
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
        }
    }
}
