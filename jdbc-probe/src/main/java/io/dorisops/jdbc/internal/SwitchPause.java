package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.ClusterAdmin;
import io.dorisops.ClusterAdmin.BalancePause;
import io.dorisops.DorisOpsException;
import io.dorisops.Flavor.ConfigSwitch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Balance switches set to their paused values on the master, and the values to restore. The values
 * live in the master's memory only, so {@link #reapply()} sets them again after a master change.
 */
public final class SwitchPause implements BalancePause {

    private static final Logger log = LoggerFactory.getLogger(SwitchPause.class);

    private final ClusterAdmin admin;
    private final List<ConfigSwitch> switches;
    private final Map<String, String> previous;
    private boolean restored;

    private SwitchPause(ClusterAdmin admin, List<ConfigSwitch> switches, Map<String, String> previous) {
        this.admin = admin;
        this.switches = List.copyOf(switches);
        this.previous = Collections.unmodifiableMap(new LinkedHashMap<>(previous));
    }

    /**
     * Sets every switch to its paused value. When one fails, the ones already set are restored before
     * the failure is thrown.
     *
     * @param previous the values to restore on close, one per switch
     */
    public static SwitchPause start(ClusterAdmin admin, List<ConfigSwitch> switches, Map<String, String> previous) {
        requireNonNull(admin, "admin");
        for (ConfigSwitch each : switches) {
            if (!previous.containsKey(each.key())) {
                throw new IllegalArgumentException(
                        "no previous value for balance switch " + each.key() + "; give one value for each of "
                                + switches.stream().map(ConfigSwitch::key).toList());
            }
        }
        SwitchPause pause = new SwitchPause(admin, switches, previous);
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
        log.info("balance paused: {} (previously {})", pause.paused(), pause.previous);
        return pause;
    }

    @Override
    public Map<String, String> previous() {
        return previous;
    }

    @Override
    public synchronized void reapply() {
        if (restored) {
            throw new IllegalStateException("this balance pause was already restored (closed); pause again instead");
        }
        for (ConfigSwitch each : switches) {
            admin.setFrontendConfig(each.key(), each.pausedValue());
        }
        log.info("balance pause re-applied: {}", paused());
    }

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
                failures.add(each.key() + " = " + previous.get(each.key()) + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new DorisOpsException("could not restore every balance switch; set these by hand with ADMIN SET"
                    + " FRONTEND CONFIG on the master, or call close() again:\n  - "
                    + String.join("\n  - ", failures));
        }
        restored = true;
        log.info("balance restored: {}", previous);
    }

    private Map<String, String> paused() {
        Map<String, String> values = new LinkedHashMap<>();
        switches.forEach(each -> values.put(each.key(), each.pausedValue()));
        return values;
    }

    @Override
    public String toString() {
        return "BalancePause[previous=" + previous + ", restored=" + restored + "]";
    }
}
