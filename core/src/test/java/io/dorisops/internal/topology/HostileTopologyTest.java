package io.dorisops.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dorisops.InvalidTopologyException;
import io.dorisops.Topology;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.HostIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile values in every topology field are refused at load, each with a problem naming the node and
 * the field; the rows of {@code docs/reliability.md} "Bad input" that say "topology".
 */
class HostileTopologyTest {

    private static final String FE = "  - {id: fe-1, host: 10.0.0.1, home: /opt/fe}\n";

    /** One follower with these fields. */
    private static String node(String fields) {
        return "flavor: doris\nfollowers:\n  - {" + fields + "}\n";
    }

    /** A valid topology plus these top-level lines. */
    private static String with(String yaml) {
        return "flavor: doris\nfollowers:\n" + FE + yaml;
    }

    private static Arguments bad(String input, String where, String yaml, String message) {
        return Arguments.of(input, where, yaml, message);
    }

    /** A follower whose {@code config} sets this key to this value, refused with the value and this message. */
    private static Arguments conf(String key, String value, String message) {
        String yaml = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0085", "\\u0085");
        return bad(
                key + ": " + Excerpt.escape(value),
                "config." + key,
                node("id: fe-1, host: h1, home: /opt/fe, config: {" + key + ": \"" + yaml + "\"}"),
                "node fe-1: config." + key + ": " + Excerpt.quote(value) + " " + message);
    }

    static Stream<Arguments> hostileTopologies() {
        return Stream.of(
                bad(
                        "/data/be $(touch PWNED)",
                        "home",
                        node("id: fe-1, host: h1, home: \"/data/be $(touch PWNED)\""),
                        "node fe-1: home: \"/data/be $(touch PWNED)\" contains a space; a node's directory reaches its shell"),
                bad(
                        "/data/be$(touch PWNED)",
                        "home",
                        node("id: fe-1, host: h1, home: \"/data/be$(touch PWNED)\""),
                        "home: \"/data/be$(touch PWNED)\" contains '$'"),
                bad("/data/`id`", "home", node("id: fe-1, host: h1, home: \"/data/`id`\""), "contains '`'"),
                bad("/data/be;reboot", "home", node("id: fe-1, host: h1, home: \"/data/be;reboot\""), "contains ';'"),
                bad("/data/\"be\"", "home", node("id: fe-1, host: h1, home: '/data/\"be\"'"), "contains '\"'"),
                bad("/data/'be'", "home", node("id: fe-1, host: h1, home: \"/data/'be'\""), "contains '''"),
                bad("/data/be\\x", "home", node("id: fe-1, host: h1, home: '/data/be\\x'"), "contains '\\'"),
                bad("/data/be|x", "home", node("id: fe-1, host: h1, home: \"/data/be|x\""), "contains '|'"),
                bad("/data/be&x", "home", node("id: fe-1, host: h1, home: \"/data/be&x\""), "contains '&'"),
                bad("/data/<be", "home", node("id: fe-1, host: h1, home: \"/data/<be\""), "contains '<'"),
                bad("/data/be>x", "home", node("id: fe-1, host: h1, home: \"/data/be>x\""), "contains '>'"),
                bad("/data/be* (glob)", "home", node("id: fe-1, host: h1, home: \"/data/be*\""), "contains '*'"),
                bad("/data/be? (glob)", "home", node("id: fe-1, host: h1, home: \"/data/be?\""), "contains '?'"),
                bad("/data/[be] (glob)", "home", node("id: fe-1, host: h1, home: \"/data/[be]\""), "contains '['"),
                bad("/data/{a,b} (brace)", "home", node("id: fe-1, host: h1, home: \"/data/{a,b}\""), "contains '{'"),
                bad("/data/be#x", "home", node("id: fe-1, host: h1, home: \"/data/be#x\""), "contains '#'"),
                bad("/data/be!x", "home", node("id: fe-1, host: h1, home: \"/data/be!x\""), "contains '!'"),
                bad(
                        "/data/be\\nrm -rf / (newline)",
                        "home",
                        node("id: fe-1, host: h1, home: \"/data/be\\nrm -rf /\""),
                        "home: \"/data/be\\nrm -rf /\" contains control characters; remove them"),
                bad(
                        "/data/\\e[31m (ANSI escape)",
                        "home",
                        node("id: fe-1, host: h1, home: \"/data/\\e[31mred\""),
                        "home: \"/data/\\u001b[31mred\" contains control characters"),
                bad(
                        "/data/-rf",
                        "home",
                        node("id: fe-1, host: h1, home: /data/-rf"),
                        "has a part starting with '-' (\"-rf\"), which commands read as an option"),
                bad(
                        "~/doris/be",
                        "home",
                        node("id: fe-1, host: h1, home: ~/doris/be"),
                        "\"~/doris/be\" is not an absolute path; start it with /"),
                bad(
                        "/opt/doris/../../etc",
                        "home",
                        node("id: fe-1, host: h1, home: /opt/doris/../../etc"),
                        "contains \"..\"; write the directory without it"),
                bad("/", "home", node("id: fe-1, host: h1, home: /"), "\"/\" is the root directory"),
                bad(
                        "/données/be (non-ASCII)",
                        "home",
                        node("id: fe-1, host: h1, home: /données/be"),
                        "contains the character U+00E9"),
                bad(
                        "/a{300 chars} (part too long)",
                        "home",
                        node("id: fe-1, host: h1, home: /" + "a".repeat(300)),
                        "a part of the path is 300 characters, longer than 255"),
                bad(
                        "/opt/$(id)",
                        "defaults.installDir",
                        with("defaults: {installDir: \"/opt/$(id)\"}\n"),
                        "defaults.installDir: \"/opt/$(id)\" contains '$'"),
                bad(
                        "fe-1;rm",
                        "id",
                        node("id: \"fe-1;rm\", host: h1, home: /opt/fe"),
                        "id: \"fe-1;rm\" is not a usable id"),
                bad("../x", "id", node("id: ../x, host: h1, home: /opt/fe"), "id: \"../x\" is not a usable id"),
                bad("-fe", "id", node("id: \"-fe\", host: h1, home: /opt/fe"), "id: \"-fe\" is not a usable id"),
                bad(
                        "an id of 65 characters",
                        "id",
                        node("id: " + "f".repeat(65) + ", host: h1, home: /opt/fe"),
                        "is not a usable id; use letters, digits, '.', '_' and '-' (at most 64)"),
                bad(
                        "10.0.0.1; rm -rf /",
                        "host",
                        node("id: fe-1, host: \"10.0.0.1; rm -rf /\", home: /opt/fe"),
                        "host: \"10.0.0.1; rm -rf /\" is neither a valid host name nor an IP address"),
                bad(
                        "$(id).example.com",
                        "host",
                        node("id: fe-1, host: \"$(id).example.com\", home: /opt/fe"),
                        "is neither a valid host name nor an IP address"),
                bad(
                        "-oProxyCommand=sh (ssh option)",
                        "host",
                        node("id: fe-1, host: \"-oProxyCommand=sh\", home: /opt/fe"),
                        "is neither a valid host name nor an IP address"),
                bad(
                        "999.1.1.1",
                        "host",
                        node("id: fe-1, host: 999.1.1.1, home: /opt/fe"),
                        "host: \"999.1.1.1\" is neither a valid host name nor an IP address"),
                bad(
                        "exаmple.com (Cyrillic а)",
                        "host",
                        node("id: fe-1, host: exаmple.com, home: /opt/fe"),
                        "is neither a valid host name nor an IP address"),
                bad("prod;rm", "name", with("name: \"prod;rm\"\n"), "name: \"prod;rm\" is not a usable cluster name"),
                bad("../../etc", "name", with("name: ../../etc\n"), "is not a usable cluster name"),
                bad(
                        "\"8030; rm\"",
                        "ports.httpPort",
                        node("id: fe-1, host: h1, home: /opt/fe, ports: {httpPort: \"8030; rm\"}"),
                        "ports.httpPort: expected a port number 1-65535, was \"8030; rm\""),
                bad(
                        "0",
                        "ports.queryPort",
                        node("id: fe-1, host: h1, home: /opt/fe, ports: {queryPort: 0}"),
                        "port 0 is outside 1-65535"),
                bad(
                        "99999999999999999999",
                        "ports.queryPort",
                        node("id: fe-1, host: h1, home: /opt/fe, ports: {queryPort: 99999999999999999999}"),
                        "expected a port number 1-65535, was \"99999999999999999999\""),
                bad(
                        "9030.5",
                        "ports.queryPort",
                        node("id: fe-1, host: h1, home: /opt/fe, ports: {queryPort: 9030.5}"),
                        "expected a port number 1-65535, was \"9030.5\""),
                bad(
                        "root'--",
                        "sql.user",
                        with("sql: {user: \"root'--\"}\n"),
                        "sql.user: \"root'--\" is not an SQL user name"),
                bad(
                        "root; id",
                        "ssh.runAs",
                        with("ssh: {runAs: \"root; id\"}\n"),
                        "ssh.runAs: \"root; id\" is not a system user name"),
                bad(
                        "-oProxyCommand=sh",
                        "ssh.user",
                        with("ssh: {user: \"-oProxyCommand=sh\"}\n"),
                        "ssh.user: \"-oProxyCommand=sh\" is not a login name"),
                bad(
                        "bastion;id",
                        "ssh.jumpHost",
                        with("ssh: {jumpHost: \"bastion;id\"}\n"),
                        "ssh.jumpHost: \"bastion;id\" is not host[:port]"),
                bad(
                        "DORIS PW",
                        "sql.password.env",
                        with("sql: {password: {env: \"DORIS PW\"}}\n"),
                        "sql.password.env: \"DORIS PW\" is not an environment variable name"),
                bad(
                        "hunter2 (inline secret)",
                        "sql.password",
                        with("sql: {password: hunter2}\n"),
                        "sql.password: inline secrets are refused"),
                bad(
                        "a key file name with a newline",
                        "ssh.identityFile",
                        with("ssh: {identityFile: \"/k\\nx\"}\n"),
                        "ssh.identityFile: \"/k\\nx\" contains control characters"),
                bad("maybe", "sql.tls", with("sql: {tls: maybe}\n"), "sql.tls: \"maybe\" is not a TLS mode"),
                bad(
                        "verify_ca",
                        "sql.tls",
                        with("sql: {tls: verify_ca}\n"),
                        "is not a TLS mode; did you mean \"verify-ca\"?"),
                bad(
                        "a CA with tls: required",
                        "sql.tlsCa",
                        with("sql: {tls: required, tlsCa: /etc/ca.pem}\n"),
                        "sql.tlsCa: is used only with tls: verify-ca or verify-identity, but tls is required"),
                bad(
                        "PT999999999999999999H",
                        "timeouts.ready",
                        with("timeouts: {ready: PT999999999999999999H}\n"),
                        "timeouts.ready: \"PT999999999999999999H\" is not a duration"),
                bad(
                        "PT2562047788015215H",
                        "timeouts.ready",
                        with("timeouts: {ready: PT2562047788015215H}\n"),
                        "timeouts.ready: \"PT2562047788015215H\" is longer than 30 days, the longest duration"
                                + " dorisops takes; give at most 30d (PT720H)"),
                bad(
                        "999999999d",
                        "timeouts.command",
                        with("timeouts: {command: 999999999d}\n"),
                        "timeouts.command: \"999999999d\" is longer than 30 days"),
                bad(
                        "31d",
                        "sql.socketTimeout",
                        with("sql: {socketTimeout: 31d}\n"),
                        "sql.socketTimeout: \"31d\" is longer than 30 days"),
                bad(
                        "-5s",
                        "timeouts.poll",
                        with("timeouts: {poll: \"-5s\"}\n"),
                        "timeouts.poll: \"-5s\" is not a duration"),
                conf("JAVA_OPTS", "-Xmx8g $(touch PWNED)", "contains command substitution \"$(\""),
                conf("JAVA_OPTS", "-Xmx8g `touch PWNED`", "contains a backquote (command substitution)"),
                conf("LOG_DIR", "/log; touch PWNED", "contains ';' (a command separator)"),
                conf("LOG_DIR", "/log | tee x", "contains '|' (a command separator)"),
                conf("JAVA_HOME", "/jdk & touch PWNED", "contains '&' (a command separator)"),
                conf("LOG_DIR", "/log >/etc/passwd", "contains '>' (a redirection)"),
                conf("LOG_DIR", "/log </etc/shadow", "contains '<' (a redirection)"),
                conf("JAVA_OPTS", "-Dx=\"a\"", "contains a quote (\")"),
                conf("JAVA_OPTS", "-Dx='a'", "contains a quote (')"),
                conf("JAVA_OPTS", "-Dx=a\\b", "contains a backslash"),
                conf("JAVA_OPTS", "-Xmx8g #x", "contains '#' (a comment)"),
                conf("JAVA_OPTS", "-Dx=${Y:-$(id)}", "contains '$' other than a $NAME or ${NAME} reference"),
                conf("JAVA_OPTS", "-Dx=$((1+1))", "contains command substitution \"$(\""),
                conf("JAVA_OPTS", "-Dx=(id)", "contains '(' (a subshell)"),
                conf("sys_log_level", "INFO\\", "ends with '\\', which the conf file reads as continued"),
                conf("JAVA_HOME", "/jdk\u0085x", "contains a line break or control character"),
                bad(
                        "LOG_DIR: /log;id (defaults)",
                        "defaults.config.fe.LOG_DIR",
                        with("defaults: {config: {fe: {LOG_DIR: \"/log;id\"}}}\n"),
                        "defaults.config.fe.LOG_DIR: \"/log;id\" contains ';'"),
                bad(
                        "/data/meta$(id)",
                        "metaDir",
                        node("id: fe-1, host: h1, home: /opt/fe, metaDir: \"/data/meta$(id)\""),
                        "node fe-1: metaDir: \"/data/meta$(id)\" contains '$'; a node's directory reaches its shell"),
                bad(
                        "/data/doris meta",
                        "metaDir",
                        node("id: fe-1, host: h1, home: /opt/fe, metaDir: \"/data/doris meta\""),
                        "metaDir: \"/data/doris meta\" contains a space"),
                bad(
                        "/data/-rf",
                        "metaDir",
                        node("id: fe-1, host: h1, home: /opt/fe, metaDir: /data/-rf"),
                        "metaDir: \"/data/-rf\" has a part starting with '-'"),
                bad(
                        "/data/be`id`,medium:SSD",
                        "storageRootPath",
                        with("backends:\n  - {id: be-1, host: h2, home: /opt/be,"
                                + " storageRootPath: \"/data/ok;/data/be`id`,medium:SSD\"}\n"),
                        "node be-1: storageRootPath: \"/data/be`id`\" contains '`'"),
                bad(
                        "/",
                        "storageRootPath",
                        with("backends:\n  - {id: be-1, host: h2, home: /opt/be, storageRootPath: /}\n"),
                        "storageRootPath: \"/\" is the root directory"),
                bad(
                        "127.0.0.1 and localhost on one port",
                        "ports",
                        "flavor: doris\nfollowers:\n  - {id: fe-1, host: 127.0.0.1, home: /opt/fe}\n"
                                + "  - {id: fe-2, host: localhost, home: /opt/fe2}\n",
                        "node fe-2: ports.httpPort: port 8030 on localhost is also used by fe-1 ports.httpPort (on"
                                + " 127.0.0.1, the same host: both name this machine)"),
                bad(
                        "::1 and 0:0:0:0:0:0:0:1 on one port",
                        "ports",
                        "flavor: doris\nfollowers:\n  - {id: fe-1, host: \"::1\", home: /opt/fe}\n"
                                + "  - {id: fe-2, host: \"0:0:0:0:0:0:0:1\", home: /opt/fe2}\n",
                        "port 8030 on 0:0:0:0:0:0:0:1 is also used by fe-1 ports.httpPort (on ::1, the same host"),
                bad(
                        "2001:db8::7 and 2001:0db8:0:0:0:0:0:7",
                        "ports",
                        "flavor: doris\nfollowers:\n  - {id: fe-1, host: \"2001:db8::7\", home: /opt/fe}\n"
                                + "  - {id: fe-2, host: \"2001:0db8:0:0:0:0:0:7\", home: /opt/fe2}\n",
                        "(on 2001:db8::7, the same host: both are 2001:db8:0:0:0:0:0:7)"),
                bad(
                        "::ffff:10.0.0.9 and 10.0.0.9",
                        "ports",
                        "flavor: doris\nfollowers:\n  - {id: fe-1, host: 10.0.0.9, home: /opt/fe}\n"
                                + "  - {id: fe-2, host: \"::ffff:10.0.0.9\", home: /opt/fe2}\n",
                        "(on 10.0.0.9, the same host: both are 10.0.0.9)"),
                bad(
                        "a duplicate key",
                        "flavor",
                        "flavor: doris\nflavor: starrocks\nfollowers:\n" + FE,
                        "Duplicate field 'flavor'"),
                bad(
                        "a YAML alias bomb",
                        "(syntax)",
                        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
                        "a: unknown field \"a\"; expected one of name, flavor"),
                bad(
                        "a !!binary value",
                        "name",
                        with("name: !!binary aGVsbG8=\n"),
                        "name: a binary value (!!binary); write text"),
                bad(
                        "a YAML key of 5000 characters",
                        "(syntax)",
                        with("k" + "x".repeat(5000) + ": 1\n"),
                        "not valid YAML or JSON at line 3, column 3: while scanning a simple key; fix the syntax"),
                bad(
                        "a JSON field name of 5000 characters",
                        "(field name)",
                        "{\"flavor\": \"doris\", \"k" + "x".repeat(5000) + "\": 1}",
                        "the field name \"kxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" (5001 characters) is too long"),
                bad(
                        "a value of 5000 characters",
                        "name",
                        with("name: " + "n".repeat(5000) + "\n"),
                        "name: the value \"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...\" (5000 characters) is too long"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("hostileTopologies")
    void aHostileValueIsRefusedNamingTheNodeAndField(String input, String where, String yaml, String message) {
        InvalidTopologyException e =
                catchThrowableOfType(() -> Topology.parse(yaml, "t.yaml"), InvalidTopologyException.class);

        assertThat(e).as("expected %s to be refused", input).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.toString()).contains(message));
        assertThat(e.getMessage()).hasSizeLessThan(2000);
    }

    @Test
    void aNameTheHostsFileMapsToAnotherNodesAddressIsTheSameHost() {
        HostIdentity hosts = HostIdentity.withHostsFile("# comment\n10.0.0.5   db1 db1.example.com\n");
        String yaml = "flavor: doris\nfollowers:\n  - {id: fe-1, host: 10.0.0.5, home: /opt/fe}\n"
                + "  - {id: fe-2, host: DB1.example.com, home: /opt/fe2}\n";

        InvalidTopologyException e =
                catchThrowableOfType(() -> TopologyReader.parse(yaml, "t.yaml", hosts), InvalidTopologyException.class);

        assertThat(e.problems()).anySatisfy(p -> assertThat(p.toString())
                .contains("port 8030 on DB1.example.com is also used by fe-1 ports.httpPort (on 10.0.0.5,"
                        + " the same host: both are 10.0.0.5)"));
        // A name that only DNS could resolve is not looked up: no network during validation.
        assertThat(TopologyReader.parse(yaml.replace("DB1.example.com", "db2.example.com"), "t.yaml", hosts)
                        .nodes())
                .hasSize(2);
    }

    @Test
    void aFileThatIsNotUtf8IsReportedAsSuchWithTheOffset(@TempDir Path dir) throws Exception {
        Path latin1 = Files.write(
                dir.resolve("latin1.yaml"), "flavor: doris\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Path utf16 = Files.write(dir.resolve("utf16.yaml"), "flavor: doris\n".getBytes(StandardCharsets.UTF_16));

        assertThat(catchThrowableOfType(() -> Topology.load(latin1), InvalidTopologyException.class)
                        .getMessage())
                .contains(latin1 + ": not UTF-8: byte 0xe9 at offset 23 is not valid UTF-8; save the file as UTF-8");
        assertThat(catchThrowableOfType(() -> Topology.load(utf16), InvalidTopologyException.class)
                        .getMessage())
                .contains("not UTF-8: byte 0xfe at offset 0 is not valid UTF-8; it looks like UTF-16;");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkipped(@TempDir Path dir) throws Exception {
        Path bom = Files.write(dir.resolve("bom.yaml"), ("\ufeff" + with("")).getBytes(StandardCharsets.UTF_8));

        assertThat(Topology.load(bom).nodes()).hasSize(1);
    }

    @Test
    void aDirectoryOrAMissingFileIsNamedForWhatItIs(@TempDir Path dir) {
        assertThat(catchThrowableOfType(() -> Topology.load(dir), InvalidTopologyException.class)
                        .getMessage())
                .contains("cannot read the file: it is a directory");
        assertThat(catchThrowableOfType(() -> Topology.load(dir.resolve("nope.yaml")), InvalidTopologyException.class)
                        .getMessage())
                .contains("cannot read the file: no such file");
    }

    @Test
    void theInlineSecretIsNotRepeated() {
        InvalidTopologyException e = catchThrowableOfType(
                () -> Topology.parse(with("sql: {password: hunter2}\n"), "t.yaml"), InvalidTopologyException.class);

        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void nodesBuiltInCodeAreCheckedToo() {
        assertThat(catchThrowableOfType(
                        () -> new io.dorisops.Node(
                                "be-1",
                                "10.0.0.1",
                                io.dorisops.Role.BE,
                                Path.of("/data/be $(touch PWNED)"),
                                io.dorisops.Ports.beDefaults()),
                        IllegalArgumentException.class))
                .hasMessageStartingWith("node be-1: home \"/data/be $(touch PWNED)\" contains a space");
    }
}
