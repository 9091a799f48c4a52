package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorisops.Flavor;
import io.dorisops.Node;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox nodes' config table (docs/config.md, "The sandbox"): FEs through mysql-connector-j, BEs
 * through their HTTP endpoints, with the real shapes and refusals of each flavor.
 */
class SandboxConfigTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: on a loaded machine a node's JVM may wait seconds for a CPU. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    static Sandbox doris;
    static Sandbox starrocks;

    @BeforeAll
    static void start() {
        doris = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("2.1.7")
                .followers(2)
                .backends(2)
                .baseDir(dir.resolve("doris"))
                .start();
        starrocks = Sandbox.builder()
                .flavor(Flavor.STARROCKS)
                .version("3.3.2")
                .followers(2)
                .backends(1)
                .baseDir(dir.resolve("starrocks"))
                .start();
    }

    @AfterAll
    static void close() {
        if (doris != null) {
            doris.close();
        }
        if (starrocks != null) {
            starrocks.close();
        }
    }

    @Test
    void dorisFrontendShowsEachKeysTypeMutabilityAndMasterOnlyWithTheConfFilesValue() throws Exception {
        Node fe = doris.node("fe-1");
        assertThat(configRow(fe, "http_port").keySet())
                .containsExactly("Key", "Value", "Type", "IsMutable", "MasterOnly", "Comment");
        assertThat(configRow(fe, "http_port"))
                .containsEntry("Value", String.valueOf(fe.ports().httpPort()))
                .containsEntry("Type", "int")
                .containsEntry("IsMutable", "false")
                .containsEntry("MasterOnly", "false");
        assertThat(configRow(fe, "disable_balance"))
                .containsEntry("Type", "boolean")
                .containsEntry("IsMutable", "true")
                .containsEntry("MasterOnly", "true");
    }

    @Test
    void dorisAdminSetRefusesAnUnknownKeyAnImmutableKeyAndAWrongTypeWithTheRealTexts() {
        Node fe = doris.node("fe-1");
        assertThatThrownBy(() -> Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"qe_slow_log_mss\" = \"1\")"))
                .hasMessageContaining("Config 'qe_slow_log_mss' does not exist");
        assertThatThrownBy(() -> Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"qe_max_connection\" = \"10\")"))
                .hasMessageContaining("Config 'qe_max_connection' is not mutable");
        assertThatThrownBy(() -> Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"qe_slow_log_ms\" = \"fast\")"))
                .hasMessageContaining("Failed to set config 'qe_slow_log_ms'. err: For input string: \"fast\"");
        assertThatThrownBy(() -> Sql.execute(fe, "ADMIN SET FRONTEND CONFIG (\"enable_all_http_auth\" = \"yes\")"))
                .hasMessageContaining("Failed to set config 'enable_all_http_auth'. err: type mismatch");
    }

    @Test
    void aRestartedDorisFrontendRunsFeCustomConfOverFeConf() throws Exception {
        Node fe = doris.node("fe-2");
        Files.writeString(fe.home().resolve("conf/fe.conf"), "qe_slow_log_ms = 111\n", StandardOpenOption.APPEND);
        Files.writeString(fe.home().resolve("conf/fe_custom.conf"), "#generated\nqe_slow_log_ms=250\n");
        assertThat(script(fe, "stop_fe.sh").exitCode()).isZero();
        assertThat(script(fe, "start_fe.sh", "--daemon").exitCode()).isZero();
        Await.until(WAIT, "fe-2 answers with the fe_custom.conf value", () -> {
            try {
                return "250".equals(configRow(fe, "qe_slow_log_ms").get("Value"));
            } catch (SQLException e) {
                return false;
            }
        });
    }

    @Test
    void dorisSetConfigWithPersistWritesFeCustomConfEmptyingItFirstUnlessResetPersistIsFalse() throws Exception {
        Node fe = doris.node("fe-1");
        Path custom = fe.home().resolve("conf/fe_custom.conf");

        JsonNode first = setConfig(fe, "qe_slow_log_ms=700&persist=true", true);
        assertThat(first.get("code").asInt()).isZero();
        assertThat(first.at("/data/set/qe_slow_log_ms").asText()).isEqualTo("700");
        assertThat(first.at("/data/persist").asText()).isEqualTo("ok");
        assertThat(Files.readString(custom))
                .startsWith("#THIS IS AN AUTO GENERATED CONFIG FILE.\n")
                .contains("\nqe_slow_log_ms=700\n");
        assertThat(configRow(fe, "qe_slow_log_ms")).containsEntry("Value", "700");

        setConfig(fe, "max_scheduling_tablets=999&persist=true", true);
        assertThat(Files.readString(custom))
                .contains("max_scheduling_tablets=999")
                .doesNotContain("qe_slow_log_ms");
        setConfig(fe, "qe_slow_log_ms=800&persist=true&reset_persist=false", true);
        assertThat(Files.readString(custom))
                .contains("max_scheduling_tablets=999")
                .contains("qe_slow_log_ms=800");

        JsonNode refused = setConfig(fe, "no_such_key=1&qe_max_connection=5", true);
        assertThat(refused.at("/data/set").size()).isZero();
        assertThat(refused.at("/data/err").toString())
                .contains(
                        "{\"config_name\":\"no_such_key\",\"config_value\":\"[1]\",\"err_info\":\"Config 'no_such_key' does"
                                + " not exist\"}")
                .contains("\"err_info\":\"Config 'qe_max_connection' is not mutable\"");
        assertThat(setConfig(fe, "qe_slow_log_ms=1", false).get("code").asInt()).isEqualTo(401);
    }

    @Test
    void dorisBackendShowConfigListsNameTypeValueAndMutable() throws Exception {
        Node be = doris.node("be-1");
        JsonNode rows = JSON.readTree(body(be, "/api/show_config"));
        assertThat(row(rows, "max_tablet_version_num"))
                .containsExactly("max_tablet_version_num", "int32_t", "2000", "true");
        assertThat(row(rows, "webserver_port"))
                .containsExactly(
                        "webserver_port", "int32_t", String.valueOf(be.ports().httpPort()), "false");
    }

    @Test
    void dorisUpdateConfigWithPersistWritesBeCustomConfAndOnlyThatValueSurvivesARestart() throws Exception {
        Node be = doris.node("be-2");
        assertThat(post(be, "/api/update_config?max_tablet_version_num=3000&persist=true"))
                .isEqualTo(Map.of("status", "OK", "msg", ""));
        assertThat(post(be, "/api/update_config?disable_auto_compaction=true"))
                .isEqualTo(Map.of("status", "OK", "msg", ""));
        assertThat(Files.readString(be.home().resolve("conf/be_custom.conf")))
                .startsWith("# THIS IS AN AUTO GENERATED CONFIG FILE.\n")
                .contains("\nmax_tablet_version_num = 3000\n")
                .doesNotContain("disable_auto_compaction");

        assertThat(script(be, "stop_be.sh").exitCode()).isZero();
        assertThat(script(be, "start_be.sh", "--daemon").exitCode()).isZero();
        Await.until(WAIT, "be-2 serves its config again", () -> !body(be, "/api/show_config")
                .isEmpty());
        JsonNode rows = JSON.readTree(body(be, "/api/show_config"));
        assertThat(row(rows, "max_tablet_version_num")).contains("3000");
        assertThat(row(rows, "disable_auto_compaction")).contains("false");
    }

    @Test
    void dorisUpdateConfigRefusesAnUnknownKeyAnImmutableKeyAndAWrongTypeWithTheRealTexts() throws Exception {
        Node be = doris.node("be-1");
        assertThat(post(be, "/api/update_config?max_tablet_version=1"))
                .containsEntry("status", "BAD")
                .containsEntry(
                        "msg", "set max_tablet_version=1 failed, reason: [NOT_FOUND]'max_tablet_version' is not found");
        assertThat(post(be, "/api/update_config?mem_limit=50%25"))
                .containsEntry(
                        "msg",
                        "set mem_limit=50% failed, reason: [NOT_IMPLEMENTED_ERROR]'mem_limit' is not support to modify");
        assertThat(post(be, "/api/update_config?disable_auto_compaction=TRUE"))
                .containsEntry(
                        "msg",
                        "set disable_auto_compaction=TRUE failed, reason: [INVALID_ARGUMENT]convert 'TRUE' as bool failed");
        assertThat(post(be, "/api/update_config?a=1&b=2")).containsEntry("status", "BAD");
    }

    @Test
    void starRocksAdminSetReachesEveryFrontendAndRefusesWithTheRealTexts() throws Exception {
        Node fe1 = starrocks.node("fe-1");
        Node fe2 = starrocks.node("fe-2");
        assertThat(configRow(fe1, "qe_slow_log_ms").keySet())
                .containsExactly("Key", "AliasNames", "Value", "Type", "IsMutable", "Comment");
        Sql.execute(fe2, "ADMIN SET FRONTEND CONFIG (\"qe_slow_log_ms\" = \"321\")");
        assertThat(configRow(fe1, "qe_slow_log_ms")).containsEntry("Value", "321");
        assertThat(configRow(fe2, "qe_slow_log_ms")).containsEntry("Value", "321");

        assertThatThrownBy(() -> Sql.execute(fe1, "ADMIN SET FRONTEND CONFIG (\"no_such_key\" = \"1\")"))
                .hasMessageContaining("Config 'no_such_key' does not exist or is not mutable");
        assertThatThrownBy(() -> Sql.execute(fe1, "ADMIN SET FRONTEND CONFIG (\"http_port\" = \"1\")"))
                .hasMessageContaining("Config 'http_port' does not exist or is not mutable");
        // Boolean.parseBoolean: any text is taken, as false.
        Sql.execute(fe1, "ADMIN SET FRONTEND CONFIG (\"drop_backend_after_decommission\" = \"yes\")");
        assertThat(configRow(fe1, "drop_backend_after_decommission")).containsEntry("Value", "false");
        Sql.execute(fe1, "ADMIN SET FRONTEND CONFIG (\"drop_backend_after_decommission\" = \"true\")");
    }

    @Test
    void starRocksBackendServesVarzAndUpdatesWithoutPersist() throws Exception {
        Node be = starrocks.node("be-1");
        assertThat(body(be, "/varz")).contains("<pre>").contains("\nmax_tablet_version_num=2000\n");
        assertThat(status(be, "/api/show_config")).isEqualTo(404);
        assertThat(post(be, "/api/update_config?max_tablet_version_num=10&persist=true"))
                .containsEntry("status", "BAD")
                .containsEntry("msg", "Now only support to set a single config once, via 'config_name=new_value'");
        assertThat(post(be, "/api/update_config?max_tablet_version_num=10")).containsEntry("status", "OK");
        assertThat(body(be, "/varz")).contains("\nmax_tablet_version_num=10\n");
        assertThat(be.home().resolve("conf/be_custom.conf")).doesNotExist();
    }

    private static Map<String, String> configRow(Node fe, String key) throws SQLException {
        List<Map<String, String>> rows = Sql.query(fe, "ADMIN SHOW FRONTEND CONFIG LIKE '" + key + "'");
        return rows.stream()
                .filter(row -> key.equals(row.get("Key")))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> row(JsonNode rows, String key) {
        for (JsonNode row : rows) {
            if (row.get(0).asText().equals(key)) {
                List<String> cells = new ArrayList<>();
                row.forEach(cell -> cells.add(cell.asText()));
                return cells;
            }
        }
        throw new AssertionError(key + " not in " + rows);
    }

    /** GET on a node's HTTP port: the response, or null when nothing answers in time. */
    private static HttpResponse<String> get(Node node, String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://" + node.host() + ":" + node.ports().httpPort() + path))
                            .timeout(REQUEST_TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String body(Node node, String path) {
        HttpResponse<String> response = get(node, path);
        return response == null ? "" : response.body();
    }

    private static int status(Node node, String path) {
        HttpResponse<String> response = get(node, path);
        return response == null ? -1 : response.statusCode();
    }

    /** Doris FE {@code GET /api/_set_config?QUERY}, with root's basic auth or none. */
    private static JsonNode setConfig(Node fe, String query, boolean auth) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + fe.host() + ":" + fe.ports().httpPort() + "/api/_set_config?" + query))
                .timeout(REQUEST_TIMEOUT);
        if (auth) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, String> post(Node be, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://" + be.host() + ":" + be.ports().httpPort() + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(REQUEST_TIMEOUT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        return Map.of(
                "status", body.get("status").asText(), "msg", body.get("msg").asText());
    }
}
