package io.dorisops.jdbc;

import io.dorisops.Flavor;
import io.dorisops.testkit.Sandbox;
import io.dorisops.testkit.SandboxExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The acceptance scenarios on a StarRocks 3.3 sandbox. */
class StarRocksSandboxTest extends SandboxScenarios {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(Sandbox.builder()
            .flavor(Flavor.STARROCKS)
            .version("3.3.5")
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
