package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.Flavor.ConfigSwitch;
import io.dorisops.spi.ClusterAdmin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tablet balancing and scheduling paused on the master, and the values to put back: the runbooks'
 * {@code ADMIN SET FRONTEND CONFIG ("disable_balance" = "true")} before an upgrade and back after.
 * Works on any {@link ClusterAdmin} through its config mechanics, so every implementation gets the
 * same safety.
 *
 * <pre>{@code
 * try (BalanceGuard pause = BalanceGuard.pause(admin, Flavor.DORIS)) {
 *     // restart backends; after a master change: pause.reapply()
 * }
 * }</pre>
 *
 * <p>The switches live in the master's memory only, so {@link #reapply()} sets them again after a
 * master change. {@link #close()} restores {@link #previous()} exactly; when a restore fails its
 * error lists the statements to run by hand. Thread-safe.
 */
public final class BalanceGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BalanceGuard.class);

    private final ClusterAdmin admin;
    private final List<ConfigSwitch> switches;
    private final Map<String, String> previous;
    private boolean restored;

    private BalanceGuard(ClusterAdmin admin, List<ConfigSwitch> switches, Map<String, String> previous) {
        this.admin = admin;
        this.switches = List.copyOf(switches);
        this.previous = Collections.unmodifiableMap(new LinkedHashMap<>(previous));
    }

    /** The current values of the flavor's switches, read on the master. */
    public static Map<String, String> read(ClusterAdmin admin, Flavor flavor) {
        List<String> keys = keys(flavor);
        Map<String, String> now = admin.frontendConfig(keys);
        List<String> missing =
                keys.stream().filter(key -> !now.containsKey(key)).toList();
        if (!missing.isEmpty()) {
            throw new DorisOpsException(DorisOpsException.message(
                    "the master FE",
                    "cannot pause balancing: it does not know the config " + String.join(", ", missing),
                    "the " + flavor.key() + " switches " + keys,
                    "values for " + now.keySet(),
                    "Check the FE version against the flavor in the topology; nothing was changed."));
        }
        return now;
    }

    /** Reads the flavor's switches, then sets the paused values; fails before changing anything when one is unknown. */
    public static BalanceGuard pause(ClusterAdmin admin, Flavor flavor) {
        return pause(admin, flavor, read(admin, flavor));
    }

    /**
     * Pauses like {@link #pause(ClusterAdmin, Flavor)} but restores {@code previous} on close: for a run
     * that continues an earlier pause never restored (its runner died), when the live values are the
     * paused ones. When setting a switch fails, the ones already set are put back before the failure is
     * thrown.
     *
     * @param previous one value per switch of {@link Flavor#balanceSwitches()}
     */
    public static BalanceGuard pause(ClusterAdmin admin, Flavor flavor, Map<String, String> previous) {
        requireNonNull(admin, "admin");
        requireNonNull(previous, "previous");
        List<ConfigSwitch> switches = flavor.balanceSwitches();
        for (ConfigSwitch each : switches) {
            if (!previous.containsKey(each.key())) {
                throw new IllegalArgumentException("no previous value for balance switch " + each.key()
                        + "; give one value for each of " + keys(flavor));
            }
        }
        BalanceGuard guard = new BalanceGuard(admin, switches, previous);
        List<ConfigSwitch> set = new ArrayList<>();
        try {
            for (ConfigSwitch each : switches) {
                admin.setFrontendConfig(each.key(), each.pausedValue());
                set.add(each);
            }
        } catch (RuntimeException e) {
            for (ConfigSwitch each : set) {
                try {
                    admin.setFrontendConfig(each.key(), previous.get(each.key()));
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
        log.info("balance paused: {} (previously {})", guard.paused(), previous);
        return guard;
    }

    /** True when every switch has its paused value in {@code values}. */
    public static boolean isPaused(Flavor flavor, Map<String, String> values) {
        return flavor.balanceSwitches().stream()
                .allMatch(each -> each.pausedValue().equals(values.get(each.key())));
    }

    /** The values of the switches before the pause, by key. */
    public Map<String, String> previous() {
        return previous;
    }

    /** Sets the paused values again on the current master. */
    public synchronized void reapply() {
        if (restored) {
            throw new IllegalStateException("this balance pause was already restored; pause again instead");
        }
        for (ConfigSwitch each : switches) {
            admin.setFrontendConfig(each.key(), each.pausedValue());
        }
        log.info("balance pause re-applied: {}", paused());
    }

    /**
     * Restores {@link #previous()} on the current master, every switch tried even when one fails.
     * Idempotent once it succeeded.
     *
     * @throws DorisOpsException naming the switches not restored and the statements to run by hand
     */
    @Override
    public synchronized void close() {
        if (restored) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (ConfigSwitch each : switches) {
            try {
                admin.setFrontendConfig(each.key(), previous.get(each.key()));
            } catch (DorisOpsException | IllegalArgumentException e) {
                failures.add(each.key() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new DorisOpsException("could not restore every balance switch (" + String.join("; ", failures)
                    + "). Run on the master by hand:\n" + restoreStatements());
        }
        restored = true;
        log.info("balance restored: {}", previous);
    }

    /** The statements that restore {@link #previous()}, one per line, for messages and people. */
    public String restoreStatements() {
        return restoreStatements(previous);
    }

    /** The statements that set {@code values}, one per line. */
    public static String restoreStatements(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> text.append("  ADMIN SET FRONTEND CONFIG (\"")
                .append(key)
                .append("\" = \"")
                .append(value)
                .append("\");\n"));
        return text.toString().stripTrailing();
    }

    private Map<String, String> paused() {
        Map<String, String> values = new LinkedHashMap<>();
        switches.forEach(each -> values.put(each.key(), each.pausedValue()));
        return values;
    }

    private static List<String> keys(Flavor flavor) {
        return flavor.balanceSwitches().stream().map(ConfigSwitch::key).toList();
    }

    @Override
    public String toString() {
        return "BalanceGuard[previous=" + previous + ", restored=" + restored + "]";
    }
}
