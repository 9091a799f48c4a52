package io.dorisops.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.InvalidTopologyException;
import io.dorisops.InvalidTopologyException.Problem;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.Secret;
import io.dorisops.SshSettings;
import io.dorisops.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyTest {

    private static final String MINIMAL =
            "flavor: doris\nfollowers:\n  - {id: fe-1, host: 10.0.0.1, home: /opt/doris/fe}\n";

    private static List<Problem> problems(String yaml) {
        InvalidTopologyException e =
                catchThrowableOfType(() -> Topology.parse(yaml, "t.yaml"), InvalidTopologyException.class);
        assertThat(e).as("expected the topology to be refused").isNotNull();
        return e.problems();
    }

    @Test
    void minimalTopologyTakesShippedDefaults() {
        Topology topology = Topology.parse(MINIMAL, "/etc/dorisops/prod.yaml");

        assertThat(topology.name()).isEqualTo("prod");
        assertThat(topology.flavor()).isEqualTo(Flavor.DORIS);
        assertThat(topology.source()).isEqualTo("/etc/dorisops/prod.yaml");
        assertThat(topology.nodes())
                .containsExactly(
                        new Node("fe-1", "10.0.0.1", Role.FE_FOLLOWER, Path.of("/opt/doris/fe"), Ports.feDefaults()));
        assertThat(topology.ssh().enabled()).isFalse();
        assertThat(topology.sql()).isEqualTo(Topology.Sql.defaults());
        assertThat(topology.timeouts()).isEqualTo(Topology.Timeouts.defaults());
        assertThat(topology.warnings()).isEmpty();
    }

    @Test
    void defaultsApplyToEveryNodeAndNodesOverrideThem() {
        Topology topology = Topology.parse(
                """
                name: demo
                flavor: starrocks
                defaults:
                  installDir: /opt/sr/
                  ports:
                    fe: {queryPort: 19030}
                    be: {httpPort: 18040}
                followers:
                  - {id: fe-1, host: fe1.example.com}
                  - {id: fe-2, host: fe2.example.com, ports: {queryPort: 29030}}
                  - {id: fe-3, host: fe3.example.com, home: /data/fe}
                backends:
                  - {id: be-1, host: be1.example.com}
                """,
                "x.yaml");

        assertThat(topology.name()).isEqualTo("demo");
        assertThat(topology.node("fe-1").orElseThrow().home()).isEqualTo(Path.of("/opt/sr/fe-1"));
        assertThat(topology.node("fe-1").orElseThrow().ports().queryPort()).isEqualTo(19030);
        assertThat(topology.node("fe-2").orElseThrow().ports().queryPort()).isEqualTo(29030);
        assertThat(topology.node("fe-2").orElseThrow().ports().httpPort()).isEqualTo(8030);
        assertThat(topology.node("fe-3").orElseThrow().home()).isEqualTo(Path.of("/data/fe"));
        assertThat(topology.node("be-1").orElseThrow().ports())
                .isEqualTo(Ports.builder()
                        .httpPort(18040)
                        .bePort(9060)
                        .heartbeatPort(9050)
                        .brpcPort(8060)
                        .build());
    }

    @Test
    void jsonIsReadToo() {
        Topology topology = Topology.parse(
                "{\"name\": \"j\", \"flavor\": \"doris\", \"followers\": [{\"id\": \"fe-1\", \"host\": \"::1\","
                        + " \"home\": \"/opt/fe\"}]}",
                "j.json");

        assertThat(topology.nodes()).extracting(Node::host).containsExactly("::1");
    }

    @Test
    void settingsAreReadWithSecretsAsTheirSource() {
        Topology topology = Topology.parse(
                MINIMAL
                        + """
                ssh:
                  user: doris
                  port: 2222
                  identityFile: ~/.ssh/id_ed25519
                  passphrase: {env: SSH_KEY_PASSPHRASE}
                  password: {file: /etc/dorisops/ssh.pw}
                  knownHosts: /etc/ssh/known
                  acceptNewHostKeys: true
                  jumpHost: bastion.example.com:22
                  loopback: true
                  runAs: doris
                sql:
                  user: admin
                  password: {env: DORIS_PASSWORD}
                  connectTimeout: 500ms
                  socketTimeout: PT45S
                  tls: true
                timeouts: {ready: 10m, poll: 1s, command: 1h, probe: 2s}
                """,
                "s.yaml");

        SshSettings ssh = topology.ssh();
        assertThat(ssh.enabled()).isTrue();
        assertThat(ssh.user()).isEqualTo("doris");
        assertThat(ssh.port()).isEqualTo(2222);
        assertThat(ssh.identityFile()).contains(Path.of(System.getProperty("user.home"), ".ssh/id_ed25519"));
        assertThat(ssh.passphrase()).isEqualTo(Secret.fromEnv("SSH_KEY_PASSPHRASE"));
        assertThat(ssh.password()).isEqualTo(Secret.fromFile(Path.of("/etc/dorisops/ssh.pw")));
        assertThat(ssh.knownHosts()).isEqualTo(Path.of("/etc/ssh/known"));
        assertThat(ssh.acceptNewHostKeys()).isTrue();
        assertThat(ssh.jumpHost()).contains("bastion.example.com:22");
        assertThat(ssh.loopback()).isTrue();
        assertThat(ssh.runAs()).contains("doris");
        assertThat(topology.sql())
                .isEqualTo(new Topology.Sql(
                        "admin",
                        Secret.fromEnv("DORIS_PASSWORD"),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(45),
                        true));
        assertThat(topology.timeouts())
                .isEqualTo(new Topology.Timeouts(
                        Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofSeconds(2)));
    }

    @Test
    void toYamlIsReadBackEqual(@TempDir Path dir) throws Exception {
        Topology original = Topology.parse(
                """
                name: round
                flavor: doris
                defaults: {installDir: /opt/doris}
                ssh: {user: doris, passphrase: {env: PP}, jumpHost: "[::1]:2200"}
                sql: {password: {file: /etc/pw}, socketTimeout: 90s}
                timeouts: {probe: 1500ms}
                followers: [{id: fe-1, host: 10.0.0.1}]
                observers: [{id: fe-o, host: 10.0.0.2}]
                backends: [{id: be-1, host: 10.0.0.3}]
                computeNodes: [{id: cn-1, host: 10.0.0.4}]
                brokers: [{id: br-1, host: 10.0.0.5}]
                metaServices: [{id: ms-1, host: 10.0.0.6}]
                recyclers: [{id: rc-1, host: 10.0.0.7}]
                """,
                "round.yaml");
        Path file = dir.resolve("round.yaml");
        Files.writeString(file, original.toYaml());

        Topology reread = Topology.load(file);

        assertThat(reread)
                .isEqualTo(new Topology(
                        original.name(),
                        original.flavor(),
                        original.nodes(),
                        original.ssh(),
                        original.sql(),
                        original.timeouts(),
                        file.toString()));
        assertThat(original.toYaml()).doesNotContain("Secret").contains("env: PP");
    }

    @Test
    void toYamlRefusesSecretsGivenByCode() {
        Topology topology = Topology.parse(MINIMAL, "m.yaml");
        Topology withValue = new Topology(
                topology.name(),
                topology.flavor(),
                topology.nodes(),
                topology.ssh(),
                new Topology.Sql("root", Secret.of("hunter2"), Duration.ofSeconds(1), Duration.ofSeconds(1), false),
                topology.timeouts(),
                topology.source());

        assertThatThrownBy(withValue::toYaml)
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("sql.password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void fiveDifferentMistakesAreAllReportedWithNodeAndField() throws Exception {
        Path file =
                Path.of(getClass().getResource("/topologies/five-mistakes.yaml").toURI());

        InvalidTopologyException e = catchThrowableOfType(() -> Topology.load(file), InvalidTopologyException.class);

        assertThat(e.problems())
                .extracting(Problem::file, Problem::node, Problem::field)
                .containsExactlyInAnyOrder(
                        tuple(file.toString(), "fe-2", "host"),
                        tuple(file.toString(), "fe-3", "home"),
                        tuple(file.toString(), "be-3", "hots"),
                        tuple(file.toString(), "be-1", "id"),
                        tuple(file.toString(), "be-1", "ports.httpPort"));
        assertThat(e.getMessage()).startsWith("invalid topology, 5 problems:");
    }

    @Test
    void duplicateIdIsRefused() {
        assertThat(problems(MINIMAL + "  - {id: fe-1, host: 10.0.0.2, home: /opt/fe}\n"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.node()).isEqualTo("fe-1");
                    assertThat(p.field()).isEqualTo("id");
                    assertThat(p.message()).contains("duplicate id \"fe-1\"").contains("10.0.0.1");
                });
    }

    @Test
    void twoNodesOnOneHostSharingAPortAreRefused() {
        List<Problem> problems = problems(
                MINIMAL + "backends:\n  - {id: be-1, host: 10.0.0.1, home: /opt/be," + " ports: {bePort: 9030}}\n");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.node()).isEqualTo("be-1");
            assertThat(p.field()).isEqualTo("ports.bePort");
            assertThat(p.message())
                    .isEqualTo("port 9030 on 10.0.0.1 is also used by fe-1 ports.queryPort; give each"
                            + " process on a host its own ports");
        });
    }

    @Test
    void samePortOnDifferentHostsIsFine() {
        Topology topology = Topology.parse(
                MINIMAL + "  - {id: fe-2, host: 10.0.0.2, home: /opt/fe}\n"
                        + "  - {id: fe-3, host: 10.0.0.3, home: /opt/fe}\n",
                "ok.yaml");

        assertThat(topology.nodes()).hasSize(3);
    }

    @Test
    void portsOutsideTheRangeAreRefused() {
        List<Problem> problems = problems(MINIMAL.replace(
                "/opt/doris/fe}", "/opt/fe, ports: {httpPort: 0, rpcPort: 70000," + " queryPort: abc}}"));

        assertThat(problems)
                .extracting(Problem::node, Problem::field, Problem::message)
                .containsExactly(
                        tuple("fe-1", "ports.httpPort", "port 0 is outside 1-65535; use a port in that range"),
                        tuple("fe-1", "ports.rpcPort", "port 70000 is outside 1-65535; use a port in that range"),
                        tuple("fe-1", "ports.queryPort", "expected a port number 1-65535, was \"abc\""));
    }

    @Test
    void portsThatDoNotBelongToTheRoleAreUnknownFields() {
        assertThat(problems(MINIMAL.replace("/opt/doris/fe}", "/opt/fe, ports: {heartbeatPort: 9050}}")))
                .extracting(Problem::node, Problem::field)
                .containsExactly(tuple("fe-1", "ports.heartbeatPort"));
    }

    @Test
    void hostsThatAreNeitherNamesNorIpLiteralsAreRefused() {
        for (String host : List.of(
                "1.2.3.4'; DROP",
                "-bad.example.com",
                "a..b",
                "host_name",
                "1.2.3.999",
                "01.2.3.4",
                "fe 1",
                "::1%eth0",
                "1:2:3:4:5:6:7:8:9",
                "$(reboot)")) {
            assertThat(problems(MINIMAL.replace("10.0.0.1", "\"" + host + "\"")))
                    .as(host)
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.field()).isEqualTo("host");
                        assertThat(p.message()).contains("neither a valid host name nor an IP address");
                    });
        }
    }

    @Test
    void hostNamesAndIpLiteralsAreAccepted() {
        for (String host : List.of(
                "fe-1",
                "fe1.example.com",
                "10.0.0.255",
                "::1",
                "fe80::1",
                "2001:db8::8a2e:370:7334",
                "::ffff:10.0.0.1",
                "1:2:3:4:5:6:7:8",
                "localhost")) {
            assertThat(Topology.parse(MINIMAL.replace("10.0.0.1", "\"" + host + "\""), "h.yaml")
                            .nodes()
                            .get(0)
                            .host())
                    .isEqualTo(host);
        }
    }

    @Test
    void unknownFieldsAtAnyLevelSuggestTheClosestName() {
        List<Problem> problems = problems(
                """
                flavour: doris
                flavor: doris
                defaults: {instalDir: /opt}
                ssh: {usr: doris, passphrase: {enV: X}}
                sql: {pasword: {env: P}}
                timeouts: {redy: 1m, zzz: 1s}
                followers:
                  - {id: fe-1, host: 10.0.0.1, home: /opt/fe, ports: {queryport: 9030}, colour: red}
                """);

        assertThat(problems)
                .extracting(Problem::node, Problem::field, Problem::message)
                .containsExactlyInAnyOrder(
                        tuple("", "flavour", "unknown field \"flavour\"; did you mean \"flavor\"?"),
                        tuple("", "defaults.instalDir", "unknown field \"instalDir\"; did you mean \"installDir\"?"),
                        tuple("", "ssh.usr", "unknown field \"usr\"; did you mean \"user\"?"),
                        tuple("", "ssh.passphrase.enV", "unknown field \"enV\"; did you mean \"env\"?"),
                        tuple("", "ssh.passphrase", "give exactly one of {env: NAME} or {file: PATH}"),
                        tuple("", "sql.pasword", "unknown field \"pasword\"; did you mean \"password\"?"),
                        tuple("", "timeouts.redy", "unknown field \"redy\"; did you mean \"ready\"?"),
                        tuple("", "timeouts.zzz", "unknown field \"zzz\"; expected one of ready, poll, command, probe"),
                        tuple(
                                "fe-1",
                                "colour",
                                "unknown field \"colour\"; expected one of id, host, home, ports,"
                                        + " priorityNetworks, metaDir, storageRootPath, config"),
                        tuple("fe-1", "ports.queryport", "unknown field \"queryport\"; did you mean \"queryPort\"?"));
    }

    @Test
    void aTopologyWithoutFeFollowerIsRefused() {
        assertThat(problems("flavor: doris\nobservers: [{id: o, host: h, home: /o}]\n"))
                .extracting(Problem::node, Problem::field)
                .containsExactly(tuple("", "followers"));
    }

    @Test
    void anEvenNumberOfFollowersIsAWarningNotAnError() {
        Topology topology = Topology.parse(MINIMAL + "  - {id: fe-2, host: 10.0.0.2, home: /opt/fe}\n", "even.yaml");

        assertThat(topology.warnings())
                .containsExactly(
                        "even.yaml: followers: 2 FE followers tolerate no more failures than 1 (a majority of 2"
                                + " must be up); use an odd number such as 1 or 3");
    }

    @Test
    void homesMustBeAbsoluteWithoutDotDot() {
        assertThat(problems(MINIMAL.replace("/opt/doris/fe", "opt/fe")))
                .extracting(Problem::node, Problem::field, Problem::message)
                .containsExactly(tuple("fe-1", "home", "\"opt/fe\" is not an absolute path; start it with /"));
        assertThat(problems(MINIMAL.replace("/opt/doris/fe", "/opt/../etc")))
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple("home", "\"/opt/../etc\" contains \"..\"; write the directory without it"));
        assertThat(problems("flavor: doris\ndefaults: {installDir: relative}\nfollowers: [{id: f, host: h}]\n"))
                .extracting(Problem::field)
                .contains("defaults.installDir");
        assertThat(problems("flavor: doris\nfollowers: [{id: f, host: h}]\n"))
                .extracting(Problem::node, Problem::field, Problem::message)
                .containsExactly(tuple("f", "home", "missing; set home on the node or defaults.installDir"));
    }

    @Test
    void aMissingOrUnknownFlavorIsRefused() {
        assertThat(problems(MINIMAL.replace("flavor: doris\n", "")))
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple("flavor", "missing; set flavor: doris or flavor: starrocks"));
        assertThat(problems(MINIMAL.replace("doris\n", "dorris\n")))
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple("flavor", "unknown flavor \"dorris\"; did you mean \"doris\"? use doris or starrocks"));
    }

    @Test
    void metaServiceAndRecyclerAreRefusedOnStarRocks() {
        assertThat(problems(MINIMAL.replace("doris\n", "starrocks\n")
                        + "metaServices: [{id: ms, host: h, home: /ms}]\nrecyclers: [{id: rc, host: h2, home: /rc}]\n"))
                .extracting(Problem::field)
                .containsExactly("metaServices", "recyclers");
    }

    @Test
    void inlineSecretsAreRefusedWithoutEchoingThem() {
        List<Problem> problems = problems(MINIMAL + "sql: {password: s3cr3t}\nssh: {passphrase: hunter2}\n");

        assertThat(problems).extracting(Problem::field).containsExactly("ssh.passphrase", "sql.password");
        assertThat(problems).allSatisfy(p -> assertThat(p.message())
                .contains("inline secrets are refused; write {env: NAME}")
                .doesNotContain("s3cr3t")
                .doesNotContain("hunter2"));
    }

    @Test
    void badDurationsAreRefused() {
        assertThat(problems(MINIMAL + "timeouts: {ready: 5, poll: 2 weeks, probe: 0s}\nsql: {connectTimeout: PTX}\n"))
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple(
                                "sql.connectTimeout",
                                "\"PTX\" is not a duration; write a number and a unit such as 500ms, 5s,"
                                        + " 2m or 1h (or ISO-8601 like PT5S)"),
                        tuple(
                                "timeouts.ready",
                                "\"5\" is not a duration; write a number and a unit such as 500ms, 5s, 2m or 1h"),
                        tuple(
                                "timeouts.poll",
                                "\"2 weeks\" is not a duration; write a number and a unit such as 500ms,"
                                        + " 5s, 2m or 1h (or ISO-8601 like PT5S)"),
                        tuple("timeouts.probe", "must be longer than zero, was 0s"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        assertThat(problems("flavor: doris\nfollowers: [\n  - {id: x\n"))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("not valid YAML or JSON at line"));
        assertThat(problems("flavor: doris\nflavor: starrocks\n"))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("Duplicate field 'flavor'"));
    }

    @Test
    void aMissingFileIsOneProblemNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> Topology.load(missing))
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot read the file: no such file; check the path");
    }

    @Test
    void badSettingsValuesNameTheirField() {
        assertThat(problems(MINIMAL
                        + "ssh: {user: \"a b\", port: 99999, jumpHost: \"x;y\", runAs: Root, loopback: yes please}\n"))
                .extracting(Problem::field)
                .containsExactly("ssh.user", "ssh.port", "ssh.jumpHost", "ssh.runAs", "ssh.loopback");
    }

    @Test
    void withoutANameTheSourceMustGiveAUsableOne() {
        InvalidTopologyException e =
                catchThrowableOfType(() -> Topology.parse(MINIMAL, "<memory>"), InvalidTopologyException.class);

        assertThat(e.problems())
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple("name", "missing; set name: to the cluster's name (letters, digits, '.', '_', '-')"));
    }

    @Test
    void secretsKeepTheirSourceOnly() {
        assertThat(Secret.fromEnv("A")).isEqualTo(Secret.fromEnv("A")).isNotEqualTo(Secret.fromEnv("B"));
        assertThat(Secret.of("x")).isNotEqualTo(Secret.of("x"));
        assertThat(Optional.of(Secret.NONE)).contains(Secret.NONE);
    }
}
