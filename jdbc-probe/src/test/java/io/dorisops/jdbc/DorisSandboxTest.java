package io.dorisops.jdbc;

import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.SandboxExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The acceptance scenarios on a Doris 2.1 sandbox. */
class DorisSandboxTest extends SandboxScenarios {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(Sandbox.builder()
            .flavor(Flavor.DORIS)
            .version("2.1.7")
            .followers(3)
            .observers(1)
            .backends(3)
            .computeNodes(1)
            .replicationNum(1)
            .tabletCount(12)
            .decommissionRate(50)
            .electionDelay(Duration.ofMillis(500))
            .sqlPassword("sandbox-pw"));

    @Override
    Sandbox sandbox() {
        return SANDBOX.sandbox();
    }
}
