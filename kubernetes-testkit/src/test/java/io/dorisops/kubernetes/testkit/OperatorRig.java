package io.dorisops.kubernetes.testkit;

import io.dorisops.BalanceGuard;
import io.dorisops.Flavor;
import io.dorisops.TabletHealth;
import io.dorisops.Topology;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesCluster;
import io.dorisops.kubernetes.KubernetesStatus;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.testkit.Await;
import io.dorisops.testkit.Sandbox;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the operator tests run on: a 3 FE + 3 BE sandbox (two replicas, a fast decommission), a {@link
 * KubernetesSandbox} over it (the API server and the sandbox operator playing the real one), and a {@link
 * KubernetesCluster} bound to the resource with short timeouts. Public for the CLI's tests (this module's
 * test-jar).
 */
public final class OperatorRig implements AutoCloseable {

    /**
     * The waits of {@link #connect()}: quick polls, and a ready timeout long enough for a whole component's
     * rollout (every pod stopped, swapped, started and ready, one after the other) on a loaded 2-core
     * machine; a rollout that succeeds or cannot succeed ends long before it.
     */
    public static final Topology.Timeouts TIMEOUTS = new Topology.Timeouts(
            Duration.ofMinutes(3), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(2));

    /** How long {@link #awaitSettled()} waits. */
    private static final Duration SETTLE = Duration.ofMinutes(2);

    public final Sandbox sandbox;
    public final KubernetesSandbox kubernetes;
    public final SandboxOperator operator;
    public final KubernetesCluster cluster;

    public OperatorRig(Flavor flavor, String version, ResourceKind kind, ClusterRef ref) {
        this(flavor, version, kind, ref, UnaryOperator.identity());
    }

    /**
     * A rig whose sandbox is built with more settings (e.g. a table).
     *
     * @param sandboxSettings applied to the sandbox's builder after the rig's own settings
     */
    public OperatorRig(
            Flavor flavor,
            String version,
            ResourceKind kind,
            ClusterRef ref,
            UnaryOperator<Sandbox.Builder> sandboxSettings) {
        this.sandbox = sandboxSettings
                .apply(Sandbox.builder()
                        .flavor(flavor)
                        .version(version)
                        .followers(3)
                        .backends(3)
                        .replicationNum(2)
                        .decommissionRate(200))
                .start();
        this.kubernetes = KubernetesSandbox.start(sandbox, kind, ref);
        this.operator = kubernetes.operator();
        this.cluster = connect();
    }

    /** A further cluster on the same resource and sandbox (the caller closes it). */
    public KubernetesCluster connect() {
        return kubernetes.clusterBuilder().timeouts(TIMEOUTS).build();
    }

    /**
     * Waits until the cluster is settled: every pod serving, every member alive and agreeing with its pod,
     * tablets healthy (a BE back from a crash or a recreate has version-incomplete replicas until it
     * caught up) and the balance switches on. A test that changes the cluster starts here, whatever the
     * tests before it on this rig left catching up.
     */
    public void awaitSettled() {
        Await.until(
                SETTLE,
                "the cluster settled (pods serving, members alive, tablets healthy, balance on)",
                () -> {
                    KubernetesStatus status = cluster.status();
                    if (!status.healthy()) {
                        return "not healthy: " + status.describe();
                    }
                    TabletHealth tablets = cluster.admin().tabletHealth();
                    if (!tablets.healthy()) {
                        return "tablets: " + tablets.summary();
                    }
                    Map<String, String> balance = BalanceGuard.read(cluster.admin(), sandbox.flavor());
                    return BalanceGuard.isPaused(sandbox.flavor(), balance) ? "balance paused: " + balance : "";
                },
                String::isEmpty);
    }

    @Override
    public void close() {
        cluster.close();
        kubernetes.close();
        sandbox.close();
    }
}
