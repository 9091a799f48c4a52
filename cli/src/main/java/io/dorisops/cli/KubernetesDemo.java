package io.dorisops.cli;

import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.RunOptions;
import io.dorisops.Topology;
import io.dorisops.Version;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesCluster;
import io.dorisops.kubernetes.KubernetesStatus;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.kubernetes.testkit.KubernetesSandbox;
import io.dorisops.testkit.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code dorisops demo --kubernetes}: the Kubernetes path on one machine. A {@link KubernetesSandbox}
 * (dorisops-kubernetes-testkit: an in-process API server holding the custom resource, a small operator
 * playing the real one) over a 3 FE + 3 BE sandbox; dorisops upgrades it by image, BE first, FE last, as on a
 * real cluster.
 */
final class KubernetesDemo {

    private KubernetesDemo() {}

    static Map<String, Object> run(Flavor flavor, Version from, Version to, Path base, PrintWriter out, boolean json) {
        ResourceKind kind = flavor == Flavor.DORIS ? ResourceKind.DORIS_CLUSTER : ResourceKind.STARROCKS_CLUSTER;
        ClusterRef ref = ClusterRef.of("demo", flavor == Flavor.DORIS ? "doriscluster-sample" : "kube-starrocks", kind);
        Map<String, Object> document = new LinkedHashMap<>();
        say(
                out,
                json,
                "1/5 a local API server (in-process) and a 3 FE + 3 BE " + flavor.key() + " " + from + " sandbox in "
                        + base);
        try (Sandbox sandbox = Sandbox.builder()
                        .flavor(flavor)
                        .version(from.raw())
                        .followers(3)
                        .backends(3)
                        .replicationNum(2)
                        .baseDir(base.resolve("cluster"))
                        .start();
                KubernetesSandbox kubernetes = KubernetesSandbox.start(sandbox, kind, ref)) {
            say(
                    out,
                    json,
                    "2/5 " + kind.kind() + " " + ref.namespace() + "/" + ref.name()
                            + " created; a small reconciler plays the operator");
            try (KubernetesCluster cluster = kubernetes
                    .clusterBuilder()
                    .timeouts(new Topology.Timeouts(
                            Duration.ofMinutes(2),
                            Duration.ofMillis(200),
                            Duration.ofMinutes(1),
                            Duration.ofSeconds(3)))
                    .build()) {
                KubernetesStatus before = cluster.status();
                if (!json) {
                    out.print(before.describe());
                }
                Operation plan = cluster.planUpgrade(to);
                say(out, json, "3/5 the plan:");
                if (!json) {
                    out.print(plan.describe());
                    out.flush();
                }
                document.put("plan", CliCommand.tree(plan.toJson()));
                say(out, json, "4/5 upgrading: each component's image patched, its rollout awaited in pods and SQL");
                cluster.execute(
                        plan,
                        RunOptions.builder().stateDir(base.resolve("state")).build());
                KubernetesStatus after = cluster.status();
                say(out, json, "5/5 every pod recreated, every member alive at " + to.number());
                if (!json) {
                    out.print(after.describe());
                    out.flush();
                }
                document.put("operatorEvents", kubernetes.operator().events());
                document.put("healthy", after.healthy());
                document.put("ok", after.healthy());
                return document;
            }
        }
    }

    private static void say(PrintWriter out, boolean json, String text) {
        if (!json) {
            out.println(text);
            out.flush();
        }
    }
}
