package io.dorisops.cli;

import io.dorisops.Flavor;
import io.dorisops.Operation;
import io.dorisops.Topology;
import io.dorisops.UpgradeOptions;
import io.dorisops.Version;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesCluster;
import io.dorisops.kubernetes.KubernetesStatus;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.kubernetes.testing.SandboxOperator;
import io.dorisops.testkit.Sandbox;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;

/**
 * {@code dorisops demo --kubernetes}: the Kubernetes path on one machine. An in-process API server (the
 * fabric8 mock server, CRUD mode) holds the custom resource; {@link SandboxOperator} plays the operator over
 * a 3 FE + 3 BE sandbox; dorisops upgrades it by image, BE first, FE last, as on a real cluster.
 */
final class KubernetesDemo {

    /** Kept so the level holds: the mock server logs every request through java.util.logging. */
    private static final java.util.logging.Logger MOCK_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private KubernetesDemo() {}

    static Map<String, Object> run(Flavor flavor, Version from, Version to, Path base, PrintWriter out, boolean json) {
        ResourceKind kind = flavor == Flavor.DORIS ? ResourceKind.DORIS_CLUSTER : ResourceKind.STARROCKS_CLUSTER;
        ClusterRef ref = ClusterRef.of("demo", flavor == Flavor.DORIS ? "doriscluster-sample" : "kube-starrocks", kind);
        Map<String, Object> document = new LinkedHashMap<>();
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        say(
                out,
                json,
                "1/5 a local API server (in-process) and a 3 FE + 3 BE " + flavor.key() + " " + from + " sandbox in "
                        + base);
        try (NamespacedKubernetesClient client = server.createClient();
                Sandbox sandbox = Sandbox.builder()
                        .flavor(flavor)
                        .version(from.raw())
                        .followers(3)
                        .backends(3)
                        .replicationNum(2)
                        .baseDir(base.resolve("cluster"))
                        .start();
                SandboxOperator operator = SandboxOperator.start(client, kind, ref, sandbox)) {
            say(
                    out,
                    json,
                    "2/5 " + kind.kind() + " " + ref.namespace() + "/" + ref.name()
                            + " created; a small reconciler plays the operator");
            Topology topology = sandbox.topology();
            try (KubernetesCluster cluster = KubernetesCluster.builder(client, ref)
                    .addressing(operator.addressing())
                    .sql(topology.sql())
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
                        UpgradeOptions.builder().stateDir(base.resolve("state")).build());
                KubernetesStatus after = cluster.status();
                say(out, json, "5/5 every pod recreated, every member alive at " + to.number());
                if (!json) {
                    out.print(after.describe());
                    out.flush();
                }
                document.put("operatorEvents", operator.events());
                document.put("healthy", after.healthy());
                document.put("ok", after.healthy());
                return document;
            }
        } finally {
            server.destroy();
        }
    }

    private static void say(PrintWriter out, boolean json, String text) {
        if (!json) {
            out.println(text);
            out.flush();
        }
    }
}
