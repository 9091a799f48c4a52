package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Cluster;
import io.dorisops.FakeTime;
import io.dorisops.Procedure;
import io.dorisops.RunOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code Cluster.Builder.time}: every wait of a run measures with and sleeps through the time given. */
class ClusterTimeTest extends FakeRunFixture {

    @Test
    void everyWaitOfARunTakesTheClustersTime() {
        FakeTime time = new FakeTime();
        // The master restarts last; the tablets it leaves unhealthy are repaired at the fourth read, so the
        // final gate polls four times and sleeps three poll intervals (10 ms in the fake's topology).
        cluster.beforeAction = action -> {
            if (action.equals("start fe-1")) {
                cluster.unhealthyTablets = 7;
                cluster.repairedAfterReads = 4;
            }
        };
        try (Cluster fake = Cluster.builder(cluster.topology)
                .nodeControl(cluster.control())
                .probe(cluster)
                .admin(cluster)
                .stateDir(state())
                .time(time, time)
                .build()) {
            fake.run(Procedure.upgrade(pkg), RunOptions.defaults());
        }

        assertThat(cluster.log).contains("repaired tablets");
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10));
    }
}
