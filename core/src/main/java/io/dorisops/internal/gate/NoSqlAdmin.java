package io.dorisops.internal.gate;

import io.dorisops.spi.ClusterAdmin;
import java.lang.reflect.Proxy;

/**
 * The admin a user's {@code SafetyCheck} is handed when the cluster has no SQL control plane, never
 * {@code null}: a check that does not read SQL runs as ever; one that does fails at once naming the
 * method (the runner stops before the node is touched, as for any check that throws).
 */
public final class NoSqlAdmin {

    /** Every method throws {@link UnsupportedOperationException}; {@code toString} names it. */
    public static final ClusterAdmin INSTANCE = (ClusterAdmin) Proxy.newProxyInstance(
            ClusterAdmin.class.getClassLoader(), new Class<?>[] {ClusterAdmin.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "toString":
                        return "no SQL control plane";
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        throw new UnsupportedOperationException("ClusterAdmin." + method.getName()
                                + ": the cluster has no SQL control plane (no sql section in the topology, or no"
                                + " ClusterAdmin given), so a check cannot read it");
                }
            });

    private NoSqlAdmin() {}
}
