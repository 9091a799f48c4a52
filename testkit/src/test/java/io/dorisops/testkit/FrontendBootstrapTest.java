package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Health;
import io.dorisops.HttpHealthProbe;
import io.dorisops.Node;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Doris 1.x already serves {@code /api/bootstrap} in the Spring (httpv2) envelope: {@code
 * BootstrapFinishAction @02bba3a6} (Catalog era) returns {@code ResponseEntityBuilder.ok(result)}, its
 * {@code BootstrapResult} has {@code replayedJournalId}, {@code queryPort}, {@code rpcPort}, {@code
 * version} and {@code startTime} (-1 unless asked with {@code cluster_id} and {@code token}).
 */
class FrontendBootstrapTest {

    @TempDir
    Path dir;

    @Test
    void doris12AnswersBootstrapInTheHttpv2Envelope() {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("1.2.8")
                .followers(1)
                .backends(1)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");

            assertThat(TestSupport.body(fe, "/api/bootstrap"))
                    .isEqualTo("{\"msg\":\"success\",\"code\":0,\"data\":{\"replayedJournalId\":0,\"queryPort\":0,"
                            + "\"rpcPort\":0,\"version\":\"\",\"startTime\":-1},\"count\":0}");
            Health health = HttpHealthProbe.of(sandbox.topology()).probe(fe);
            assertThat(health.status()).as(health.evidence()).isEqualTo(Health.Status.READY);
        }
    }
}
