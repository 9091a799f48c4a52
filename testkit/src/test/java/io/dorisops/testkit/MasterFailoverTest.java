package io.dorisops.testkit;

import io.dorisops.Flavor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit example of docs/testkit.md, kept as a test so the page cannot rot. */
class MasterFailoverTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.perClass(Sandbox.builder()
            .flavor(Flavor.DORIS)
            .version("2.1.7")
            .followers(3)
            .backends(3)
            .electionDelay(Duration.ofMillis(500)));

    @Test
    void aFollowerTakesOverWhenTheMasterIsKilled() throws Exception {
        SANDBOX.faults().kill("fe-1"); // kill -9 the master
        var fe2 = SANDBOX.sandbox().node("fe-2");
        String url = "jdbc:mysql://" + fe2.host() + ":" + fe2.ports().queryPort() + "/";
        int oldMasterPort = SANDBOX.sandbox().node("fe-1").ports().editLogPort();
        Await.until(Duration.ofSeconds(30), "a follower other than fe-1 elected master", () -> {
            try (Connection c = DriverManager.getConnection(url, "root", "");
                    ResultSet rs = c.createStatement().executeQuery("SHOW FRONTENDS")) {
                boolean newMaster = false;
                while (rs.next()) {
                    newMaster |= rs.getBoolean("IsMaster") && rs.getInt("EditLogPort") != oldMasterPort;
                }
                return newMaster;
            } catch (SQLException e) {
                return false; // fe-2 may be between masters; ask again
            }
        });
    }
}
