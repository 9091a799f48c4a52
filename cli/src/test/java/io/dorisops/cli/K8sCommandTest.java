package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.BalanceGuard;
import io.dorisops.Flavor;
import io.dorisops.kubernetes.ClusterRef;
import io.dorisops.kubernetes.KubernetesCluster;
import io.dorisops.kubernetes.ResourceKind;
import io.dorisops.kubernetes.testkit.OperatorRig;
import io.dorisops.testkit.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dorisops k8s} end to end, in-process through {@link Main}'s command line: the fabric8 mock API
 * server (reached through a kubeconfig file, as a user's {@code KUBECONFIG}) holds a DorisCluster whose
 * operator {@code SandboxOperator} plays over one 3 FE + 3 BE sandbox, shared by the tests in order:
 * status, bad input, a pod not ready (exit 3) and debug mode, upgrade, scale refused and done, port-forward.
 * The only seam: the pods are mapped to the sandbox nodes (their FQDNs do not resolve here) and the waits
 * are short ({@code K8sCommand.Base.tuning}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class K8sCommandTest {

    private static final ClusterRef REF = ClusterRef.of("doris", "doriscluster-sample");
    private static final String NAME = REF.name();
    private static final String[] AT = {"--namespace", "doris", "--name", NAME};

    @TempDir
    static Path dir;

    static OperatorRig rig;
    static KubernetesCluster cluster;
    static String previousKubeconfig;

    @BeforeAll
    static void start() throws IOException {
        rig = new OperatorRig(Flavor.DORIS, "2.1.7", ResourceKind.DORIS_CLUSTER, REF);
        cluster = rig.cluster;
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(
                kubeconfig,
                String.join(
                        "\n",
                        "apiVersion: v1",
                        "kind: Config",
                        "clusters:",
                        "- name: mock",
                        "  cluster:",
                        "    server: " + rig.kubernetes.client().getMasterUrl(),
                        "contexts:",
                        "- name: mock",
                        "  context:",
                        "    cluster: mock",
                        "    user: tester",
                        "    namespace: default",
                        "current-context: mock",
                        "users:",
                        "- name: tester",
                        "  user:",
                        "    token: not-a-secret",
                        ""));
        // what fabric8's Config.autoConfigure reads first, before KUBECONFIG and ~/.kube/config
        previousKubeconfig = System.setProperty("kubeconfig", kubeconfig.toString());
    }

    @AfterAll
    static void stop() {
        if (previousKubeconfig == null) {
            System.clearProperty("kubeconfig");
        } else {
            System.setProperty("kubeconfig", previousKubeconfig);
        }
        if (rig != null) {
            rig.close();
        }
    }

    /** Each test starts from a settled cluster, whatever the one before it left catching up. */
    @BeforeEach
    void settled() {
        rig.awaitSettled();
    }

    /** Runs {@code dorisops k8s ARGS...} as {@link Main#run} does, the k8s subcommands tuned for the sandbox. */
    static CliRun k8s(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        commandLine.getSubcommands().get("k8s").getSubcommands().values().forEach(sub -> {
            ((K8sCommand.Base) sub.getCommand()).tuning =
                    builder -> builder.addressing(rig.operator.addressing()).timeouts(OperatorRig.TIMEOUTS);
        });
        List<String> line = new ArrayList<>(List.of("k8s"));
        line.addAll(List.of(args));
        int code = commandLine.execute(line.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    static String[] at(String subcommand, String... more) {
        List<String> line = new ArrayList<>(List.of(subcommand));
        line.addAll(List.of(AT));
        line.addAll(List.of(more));
        return line.toArray(String[]::new);
    }

    static List<String> events(int from) {
        List<String> events = rig.operator.events();
        return events.subList(from, events.size()).stream()
                .filter(e -> !e.startsWith("error"))
                .toList();
    }

    static int replicas(String specField) {
        Object spec = rig.kubernetes
                .client()
                .genericKubernetesResources(ResourceKind.DORIS_CLUSTER.definition())
                .inNamespace("doris")
                .withName(NAME)
                .get()
                .getAdditionalProperties()
                .get("spec");
        return ((Number) ((Map<?, ?>) ((Map<?, ?>) spec).get(specField)).get("replicas")).intValue();
    }

    @Test
    @Order(1)
    void statusNamesEveryPodWithItsVersionAndTheMaster() throws IOException {
        CliRun plain = k8s(at("status"));

        assertThat(plain.code()).as(plain.err()).isZero();
        for (String pod : List.of("fe-0", "fe-1", "fe-2", "be-0", "be-1", "be-2")) {
            assertThat(plain.out()).containsPattern(NAME + "-" + pod + " .*Alive=true Version=doris-2\\.1\\.7");
        }
        assertThat(plain.out()).containsOnlyOnce(" master");
        assertThat(plain.out()).doesNotContain("! ");

        CliRun json = k8s(at("status", "--json"));

        assertThat(json.code()).as(json.err()).isZero();
        JsonNode doc = json.json();
        assertThat(doc.get("resource").asText()).contains("doris/" + NAME);
        assertThat(doc.get("healthy").asBoolean()).isTrue();
        assertThat(doc.get("members")).hasSize(6);
        List<String> masters = new ArrayList<>();
        doc.get("members").forEach(m -> {
            assertThat(m.get("version").asText()).as(m.toString()).contains("2.1.7");
            assertThat(m.get("ready").asBoolean()).as(m.toString()).isTrue();
            if (m.get("master").asBoolean()) {
                masters.add(m.get("pod").asText());
            }
        });
        assertThat(masters).containsExactly(NAME + "-fe-0");
        assertThat(doc.get("disagreements")).isEmpty();
    }

    @Test
    @Order(2)
    void badInputExitsNonZeroNamingWhatWasWrong() {
        CliRun unknownName = k8s("status", "--namespace", "doris", "--name", "nope");
        assertThat(unknownName.code()).isEqualTo(2);
        assertThat(unknownName.err()).contains("\"nope\"").contains("doris");

        CliRun unknownNamespace = k8s("status", "--namespace", "nowhere", "--name", NAME);
        assertThat(unknownNamespace.code()).isEqualTo(2);
        assertThat(unknownNamespace.err()).contains("nowhere");

        CliRun missingName = k8s("status", "--namespace", "doris");
        assertThat(missingName.code()).isEqualTo(2);
        assertThat(missingName.err()).contains("--name");

        CliRun badKind = k8s(at("status", "--kind", "dorisdb"));
        assertThat(badKind.code()).isEqualTo(2);
        assertThat(badKind.err()).contains("--kind dorisdb");

        CliRun noTarget = k8s(at("upgrade"));
        assertThat(noTarget.code()).isEqualTo(2);
        assertThat(noTarget.err()).contains("--to");

        CliRun unknownComponent = k8s(at("scale", "broker", "1"));
        assertThat(unknownComponent.code()).isEqualTo(2);
        assertThat(unknownComponent.err()).contains("no component broker");

        CliRun badMode = k8s(at("debug", NAME + "-be-0", "maybe"));
        assertThat(badMode.code()).isEqualTo(2);
        assertThat(badMode.err()).contains("on or off, not maybe");

        CliRun unknownContext = k8s(at("status", "--context", "no-such-context"));
        assertThat(unknownContext.code()).isEqualTo(2);
        assertThat(unknownContext.err()).contains("no-such-context");

        CliRun unsetPassword = k8s(at("status", "--sql-password-env", "DORISOPS_TEST_UNSET_PASSWORD"));
        assertThat(unsetPassword.code()).isEqualTo(2);
        assertThat(unsetPassword.err())
                .contains("--sql-password-env DORISOPS_TEST_UNSET_PASSWORD")
                .contains("not set");

        assertThat(rig.operator.events()).noneMatch(e -> e.startsWith("recreate") || e.startsWith("delete"));
    }

    @Test
    @Order(3)
    void aPodNotReadyExits3NamingItAndDebugModeBringsItBack() throws IOException {
        String pod = NAME + "-be-1";
        rig.operator.crash(pod);
        // The master can mark the BE dead before the pod turns not ready: await what the test then reads.
        Pattern notReady = Pattern.compile(pod + " .*not-ready");
        Await.until(Duration.ofSeconds(60), pod + " crash looping", () -> notReady.matcher(
                        k8s(at("status")).out())
                .find());

        CliRun unhealthy = k8s(at("status"));

        assertThat(unhealthy.code()).as(unhealthy.out() + unhealthy.err()).isEqualTo(3);
        assertThat(unhealthy.out()).containsPattern(pod + " .*not-ready");

        CliRun on = k8s(at("debug", pod, "on", "--timeout", "60s", "--json"));
        assertThat(on.code()).as(on.err()).isZero();
        assertThat(on.json().get("pod").asText()).isEqualTo(pod);

        CliRun off = k8s(at("debug", pod, "off", "--timeout", "90s"));
        assertThat(off.code()).as(off.err()).isZero();
        Await.until(
                Duration.ofSeconds(90),
                "the cluster healthy again",
                () -> k8s(at("status")).code() == 0);
    }

    @Test
    @Order(4)
    void upgradeRollsEveryBeBeforeTheFesTheMasterLastAndRestoresBalance() throws IOException {
        CliRun dryRun = k8s(at("upgrade", "--to", "2.1.8", "--dry-run", "--json"));
        assertThat(dryRun.code()).as(dryRun.err()).isZero();
        List<String> components = new ArrayList<>();
        dryRun.json()
                .get("steps")
                .forEach(s ->
                        components.add(s.get("actions").get(0).get("component").asText()));
        assertThat(components).containsExactly("be", "fe");
        int before = rig.operator.events().size();

        CliRun upgrade = k8s(at(
                "upgrade", "--to", "2.1.8", "--state-dir", dir.resolve("state").toString()));

        assertThat(upgrade.code()).as(upgrade.out() + upgrade.err()).isZero();
        assertThat(upgrade.out()).contains("selectdb/doris.be-ubuntu:2.1.8").contains("done: ");
        List<String> recreated =
                events(before).stream().filter(e -> e.startsWith("recreate")).toList();
        assertThat(recreated)
                .containsExactly(
                        "recreate be 2 selectdb/doris.be-ubuntu:2.1.8",
                        "recreate be 1 selectdb/doris.be-ubuntu:2.1.8",
                        "recreate be 0 selectdb/doris.be-ubuntu:2.1.8",
                        "recreate fe 2 selectdb/doris.fe-ubuntu:2.1.8",
                        "recreate fe 1 selectdb/doris.fe-ubuntu:2.1.8",
                        // fe-0 was the master (statusNamesEveryPod...)
                        "recreate fe 0 selectdb/doris.fe-ubuntu:2.1.8");
        assertThat(BalanceGuard.isPaused(Flavor.DORIS, BalanceGuard.read(cluster.admin(), Flavor.DORIS)))
                .isFalse();

        CliRun status = k8s(at("status", "--json"));
        assertThat(status.code()).as(status.err()).isZero();
        status.json().get("members").forEach(m -> {
            assertThat(m.get("version").asText()).as(m.toString()).contains("2.1.8");
            assertThat(m.get("image").asText()).as(m.toString()).endsWith(":2.1.8");
        });
    }

    @Test
    @Order(5)
    void scaleInThatWouldLeaveTooFewBesForTheReplicasIsRefusedAndChangesNothing() {
        int before = rig.operator.events().size();

        CliRun tooFew = k8s(at("scale", "be", "1"));

        assertThat(tooFew.code()).isEqualTo(1);
        assertThat(tooFew.err())
                .contains("replicas-fit")
                .contains("sandbox_tbl")
                .contains("nothing was changed");

        CliRun minority = k8s(at("scale", "fe", "1"));

        assertThat(minority.code()).isEqualTo(1);
        assertThat(minority.err()).contains("follower-majority").contains("1 of 3 FE followers");
        assertThat(replicas("beSpec")).isEqualTo(3);
        assertThat(replicas("feSpec")).isEqualTo(3);
        assertThat(events(before)).noneMatch(e -> e.startsWith("delete") || e.startsWith("recreate"));
        assertThat(cluster.admin().backends()).hasSize(3).noneMatch(be -> be.decommissioning());
    }

    @Test
    @Order(6)
    void scaleInDecommissionsTheHighestOrdinalAndScaleOutBringsItBack() throws IOException {
        int before = rig.operator.events().size();

        CliRun in =
                k8s(at("scale", "be", "2", "--state-dir", dir.resolve("state").toString()));

        assertThat(in.code()).as(in.out() + in.err()).isZero();
        assertThat(in.out()).contains("decommission " + NAME + "-be-2");
        assertThat(events(before)).containsExactly("delete be 2");
        assertThat(replicas("beSpec")).isEqualTo(2);
        assertThat(cluster.admin().backends()).hasSize(2);

        CliRun out = k8s(at(
                "scale",
                "be",
                "3",
                "--json",
                "--state-dir",
                dir.resolve("state").toString()));

        assertThat(out.code()).as(out.err()).isZero();
        assertThat(out.json().get("run").asText()).isNotBlank();
        assertThat(rig.operator.events()).contains("recreate be 2 selectdb/doris.be-ubuntu:2.1.8");
        assertThat(cluster.admin().backends()).hasSize(3).allMatch(be -> be.alive());
        assertThat(k8s(at("status")).code()).isZero();
    }

    @Test
    @Order(7)
    void fromOutsideTheClusterPortForwardReachesTheFes() throws IOException {
        rig.kubernetes.forwarded().clear();

        CliRun status = k8s(at("status", "--port-forward", "--json"));

        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.json().get("healthy").asBoolean()).isTrue();
        assertThat(rig.kubernetes.forwarded()).isNotEmpty().allSatisfy(f -> assertThat(f)
                .contains("-fe-"));
    }
}
