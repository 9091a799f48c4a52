package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.testkit.internal.Procs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SandboxTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void startsThreeFrontendsAndThreeBackendsWithEveryEndpointReadyAndLeavesNoProcessAfterClose(
            Flavor flavor, @TempDir Path dir) throws Exception {
        List<Long> pids;
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(flavor)
                .version(flavor == Flavor.DORIS ? "2.1.7" : "3.3.5")
                .followers(3)
                .backends(3)
                .baseDir(dir)
                .start()) {
            for (Node node : sandbox.nodes()) {
                String path = node.role().isFrontend() ? "/api/bootstrap" : "/api/health";
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://" + node.host() + ":"
                                        + node.ports().httpPort() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).containsAnyOf("\"code\":0", "\"status\":\"OK\"", "\"status\": \"OK\"");
                long pid = sandbox.pid(node.id()).orElseThrow();
                String comm = node.role().isFrontend() ? "java" : flavor.beBinary();
                assertThat(Procs.comm(pid)).as(node.id()).isEqualTo(comm);
                assertThat(node.home().resolve(flavor.confFile(node.role()))).exists();
            }
            Node fe = sandbox.node("fe-1");
            assertThat(Files.readString(fe.home().resolve(flavor.metaDirName()).resolve("image/VERSION")))
                    .contains("clusterId=", "token=");
            assertThat(sandbox.nodes()).filteredOn(n -> n.role() == Role.BE).hasSize(3);
            pids = sandbox.processes();
            assertThat(pids).hasSize(6);
        }
        assertThat(pids).noneMatch(Procs::alive);
    }
}
