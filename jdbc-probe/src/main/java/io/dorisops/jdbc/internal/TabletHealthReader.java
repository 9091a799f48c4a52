package io.dorisops.jdbc.internal;

import io.dorisops.Flavor;
import io.dorisops.TabletHealth;
import io.dorisops.jdbc.internal.MasterSession.Handle;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tablet health on the master by the flavor's statements: Doris {@code SHOW PROC
 * '/cluster_health/tablet_health'} plus {@code SHOW PROC '/statistic'} (only {@code /statistic} when the
 * FE refuses {@code tablet_health}, before 1.1); StarRocks {@code SHOW PROC '/statistic'}.
 */
public final class TabletHealthReader {
    /** The category of {@code JdbcClusterAdmin}, which logged this before it moved here. */
    private static final Logger log = LoggerFactory.getLogger("io.dorisops.jdbc.JdbcClusterAdmin");

    private TabletHealthReader() {}

    /** The tablet health; {@code cluster} names the cluster in the log. */
    public static TabletHealth read(Handle handle, Flavor flavor, String cluster) throws SqlFailure {
        if (flavor == Flavor.DORIS) {
            ResultTable health;
            try {
                health = handle.query(Statement.SHOW_TABLET_HEALTH);
            } catch (SqlFailure e) {
                if (e.kind() != SqlFailure.Kind.REFUSED) {
                    throw e;
                }
                log.debug(
                        "{}: {} refused ({}); reading {}",
                        cluster,
                        Statement.SHOW_TABLET_HEALTH,
                        e.reason(),
                        Statement.SHOW_STATISTIC);
                return TabletHealthMapping.fromStatistic(handle.query(Statement.SHOW_STATISTIC));
            }
            return TabletHealthMapping.fromTabletHealth(health, Optional.of(handle.query(Statement.SHOW_STATISTIC)));
        }
        return TabletHealthMapping.fromStatistic(handle.query(Statement.SHOW_STATISTIC));
    }
}
