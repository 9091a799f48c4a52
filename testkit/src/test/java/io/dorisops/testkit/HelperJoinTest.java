package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The first start of an FE with {@code --helper}, as the real FE behaves (Doris {@code Env}, StarRocks
 * {@code NodeMgr}): started before {@code ALTER SYSTEM ADD FOLLOWER} it is not admitted and keeps asking
 * the helper, logging why; once added it joins; adding it does not cost the master its quorum.
 */
class HelperJoinTest {

    @Test
    void aFollowerStartedBeforeItWasAddedWaitsThenJoinsOnceAdded() throws Exception {
        try (Sandbox sandbox =
                Sandbox.builder().flavor(Flavor.STARROCKS).version("3.3.5").start()) {
            Node master = sandbox.node("fe-1");
            Node fe2 = sandbox.prepareNode(Role.FE_FOLLOWER);
            String helper = master.host() + ":" + master.ports().editLogPort();

            TestSupport.Run start = TestSupport.script(fe2, "start_fe.sh", "--daemon", "--helper", helper);
            assertThat(start.exitCode()).as(start.output()).isZero();
            Await.until(Duration.ofSeconds(20), "fe-2 refused by its helper", () -> TestSupport.log(fe2, "log/fe.log")
                    .contains("current node is not added to the group. please add it first. sleep 5 seconds and"
                            + " retry, current helper nodes: [" + helper + "]"));
            assertThat(sandbox.pid("fe-2"))
                    .as("the FE keeps retrying, as the real one does")
                    .isPresent();

            Sql.execute(
                    master,
                    "ALTER SYSTEM ADD FOLLOWER \"" + fe2.host() + ":"
                            + fe2.ports().editLogPort() + "\"");
            Await.until(Duration.ofSeconds(20), "fe-2 alive in SHOW FRONTENDS", () -> {
                List<Map<String, String>> rows = Sql.poll(master, "SHOW FRONTENDS");
                return rows.size() == 2
                        && rows.stream().allMatch(row -> row.get("Alive").equals("true"));
            });
            assertThat(Sql.query(master, "SHOW FRONTENDS"))
                    .filteredOn(row -> row.get("Role").equals("LEADER"))
                    .singleElement()
                    .satisfies(row -> assertThat(row.get("EditLogPort"))
                            .as("the master kept its quorum while fe-2 was added but not joined")
                            .isEqualTo(String.valueOf(master.ports().editLogPort())));
        }
    }
}
