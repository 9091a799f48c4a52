package io.dorisops.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.LocalTransport;
import io.dorisops.Node;
import io.dorisops.Ports;
import io.dorisops.Role;
import io.dorisops.spi.Installer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conf file dorisops writes can be read by the daemon's user, whoever uploaded it. */
class HostInstallConfTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenConfFileIsReadableByTheDaemonsUser() throws Exception {
        Path home = Files.createDirectories(dir.resolve("be-1"));
        Node node = new Node("be-1", "127.0.0.1", Role.BE, home, Ports.beDefaults());
        Installer ops = HostNodeControl.of(Flavor.DORIS, any -> new LocalTransport(), Duration.ofSeconds(20), false)
                .installer()
                .orElseThrow();

        ops.writeConf(node, Map.of("be_port", "9060"), List.of());

        Path conf = home.resolve(Flavor.DORIS.confFile(Role.BE));
        assertThat(Files.readString(conf)).contains("be_port = 9060");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)))
                .isEqualTo("rw-r--r--");
    }
}
