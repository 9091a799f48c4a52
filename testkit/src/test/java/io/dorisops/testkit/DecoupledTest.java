package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.testkit.internal.Procs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoupledTest {
    @Test
    void decoupledDorisRunsAMetaServiceAndRecyclerWhoseStartScriptWaitsForBrpc(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.DORIS)
                .version("3.0.3")
                .decoupled(true)
                .followers(1)
                .backends(1)
                .baseDir(dir)
                .start()) {
            Node ms = sandbox.node("ms-1");
            assertThat(ms.role()).isEqualTo(Role.META_SERVICE);
            assertThat(sandbox.node("recycler-1").role()).isEqualTo(Role.RECYCLER);
            assertThat(TestSupport.log(ms, "log/doris_cloud.out")).contains("successfully started brpc");
            assertThat(Sql.query(sandbox.node("fe-1"), "SELECT @@version_comment")
                            .get(0)
                            .get("@@version_comment"))
                    .endsWith(" (Cloud Mode)");

            TestSupport.Run again = script(ms, "start.sh", "--daemon");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.output())
                    .isEqualTo("pid file existed, doris_cloud have already started, pid="
                            + sandbox.pid("ms-1").orElseThrow());

            long running = sandbox.pid("ms-1").orElseThrow();
            assertThat(script(ms, "stop.sh").exitCode()).isZero();
            // The real stop.sh sends SIGINT and removes the pid file without waiting: wait for the process
            // (a zombie nobody reaps counts as gone: it holds no port).
            Await.until(java.time.Duration.ofSeconds(10), "ms-1 gone", () -> !Procs.alive(running));
            TestSupport.Run start = script(ms, "start.sh", "--daemon");
            assertThat(start.exitCode()).as(start.output()).isZero();
            assertThat(start.output()).contains("doris_cloud start successfully");
        }
    }
}
