package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The frontend configs of one FE, in memory only: {@code ADMIN SET FRONTEND CONFIG} changes them
 * until the process ends (reference facts §4). StarRocks keys have aliases ({@code disable_balance}
 * for {@code tablet_sched_disable_balance}).
 */
final class FeConfigs {
    /** One config item. */
    record Item(String key, String alias, String defaultValue, String type, boolean masterOnly) {}

    private final Flavor flavor;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();

    FeConfigs(Flavor flavor) {
        this.flavor = flavor;
        if (flavor == Flavor.DORIS) {
            add("disable_balance", "", "false", "boolean", true);
            add("disable_colocate_balance", "", "false", "boolean", true);
            add("disable_tablet_scheduler", "", "false", "boolean", true);
            add("disable_disk_balance", "", "false", "boolean", true);
            add("max_scheduling_tablets", "", "2000", "int", true);
            add("max_balancing_tablets", "", "100", "int", true);
            add("drop_backend_after_decommission", "", "true", "boolean", true);
            add("max_backend_heartbeat_failure_tolerance_count", "", "1", "long", true);
            add("enable_all_http_auth", "", "false", "boolean", false);
            add("qe_slow_log_ms", "", "5000", "long", false);
        } else {
            add("tablet_sched_disable_balance", "disable_balance", "false", "boolean", true);
            add("tablet_sched_disable_colocate_balance", "disable_colocate_balance", "false", "boolean", true);
            add("tablet_sched_max_scheduling_tablets", "max_scheduling_tablets", "10000", "int", true);
            add("tablet_sched_max_balancing_tablets", "max_balancing_tablets", "500", "int", true);
            add("drop_backend_after_decommission", "", "true", "boolean", true);
            add("heartbeat_retry_times", "", "3", "int", true);
            add("qe_slow_log_ms", "", "5000", "long", false);
        }
    }

    private void add(String key, String alias, String value, String type, boolean masterOnly) {
        items.put(key, new Item(key, alias, value, type, masterOnly));
    }

    /** The item a key or alias names. */
    Optional<Item> item(String keyOrAlias) {
        return items.values().stream()
                .filter(item -> item.key.equalsIgnoreCase(keyOrAlias) || item.alias.equalsIgnoreCase(keyOrAlias))
                .findFirst();
    }

    String value(Item item) {
        return values.getOrDefault(item.key, item.defaultValue);
    }

    /** Sets a value after checking its type; returns an error message, or empty when set. */
    Optional<String> set(Item item, String value) {
        boolean valid =
                switch (item.type) {
                    case "boolean" -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
                    default -> value.matches("-?\\d+");
                };
        if (!valid) {
            return Optional.of("Invalid value: " + value + " for config " + item.key + " of type " + item.type);
        }
        values.put(item.key, item.type.equals("boolean") ? value.toLowerCase(java.util.Locale.ROOT) : value);
        return Optional.empty();
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
        for (Item item : items.values()) {
            if (pattern != null
                    && !pattern.matcher(item.key).matches()
                    && (item.alias.isEmpty() || !pattern.matcher(item.alias).matches())) {
                continue;
            }
            rows.add(
                    flavor == Flavor.DORIS
                            ? List.of(item.key, value(item), item.type, "true", String.valueOf(item.masterOnly), "")
                            : List.of(
                                    item.key,
                                    item.alias.isEmpty() ? "[]" : "[" + item.alias + "]",
                                    value(item),
                                    item.type,
                                    "true",
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
