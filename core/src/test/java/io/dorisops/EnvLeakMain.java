package io.dorisops;

import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import java.nio.file.Path;

/**
 * Run in a child JVM whose environment holds a secret: starts a daemon through the transport a
 * topology gives for localhost (a {@link LocalTransport} on this process's real environment) and
 * prints its pid.
 */
public final class EnvLeakMain {
    private EnvLeakMain() {}

    public static void main(String[] args) {
        Topology topology = Topology.parse(
                "flavor: doris\nsql: {password: {env: DORIS_PW}}\n"
                        + "followers: [{id: fe-1, host: localhost, home: /opt/fe}]\n",
                "leak.yaml");
        try (Transports transports = Transports.of(topology)) {
            ExecResult result = transports
                    .forHost("localhost")
                    .exec(Command.shell("sleep 60 >/dev/null 2>&1 & echo $!").inDirectory(Path.of(args[0])));
            System.out.println(result.stdout().strip());
        }
    }
}
