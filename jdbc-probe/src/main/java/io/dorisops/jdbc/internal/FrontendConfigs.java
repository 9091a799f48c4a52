package io.dorisops.jdbc.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frontend config on the master: {@code ADMIN SHOW FRONTEND CONFIG LIKE} per key and {@code ADMIN SET
 * FRONTEND CONFIG}, remembering each key's {@code MasterOnly} so setting one that applies only to the
 * master FE warns.
 */
public final class FrontendConfigs {
    /** The category of {@code JdbcClusterAdmin}, which logged this before it moved here. */
    private static final Logger log = LoggerFactory.getLogger("io.dorisops.jdbc.JdbcClusterAdmin");

    private final String cluster;
    private final MasterSession session;
    /** What {@code ADMIN SHOW FRONTEND CONFIG} said about keys read so far ({@code MasterOnly}). */
    private final Map<String, Boolean> masterOnly = new ConcurrentHashMap<>();

    /** Config of the cluster named {@code cluster}, read and set through {@code session}. */
    public FrontendConfigs(String cluster, MasterSession session) {
        this.cluster = cluster;
        this.session = session;
    }

    /** The values of the keys the master knows, in the keys' order. */
    public Map<String, String> read(Collection<String> keys) {
        List<String> checked = keys.stream().map(Statement::configKey).toList();
        return session.call("ADMIN SHOW FRONTEND CONFIG", (handle, attempt) -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : checked) {
                ShowMapping.config(handle.query(Statement.showConfig(key)), key).ifPresent(entry -> {
                    values.put(key, entry.value());
                    entry.masterOnly().ifPresent(masterOnly -> this.masterOnly.put(key, masterOnly));
                });
            }
            return values;
        });
    }

    /** Sets a key on the master; warns when an earlier read showed it is not master-only. */
    public void set(String key, String value) {
        Statement set = Statement.setConfig(key, value);
        session.call(set.shown(), (handle, attempt) -> {
            handle.execute(set);
            return null;
        });
        if (Boolean.FALSE.equals(masterOnly.get(key))) {
            log.warn(
                    "{}: frontend config {} is not master-only: the value applies on the master FE only, the other"
                            + " FEs keep theirs",
                    cluster,
                    key);
        }
    }
}
