package io.dorisops.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.Cluster;
import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Operation;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Procedure;
import io.dorisops.ProgressListener;
import io.dorisops.RunOptions;
import io.dorisops.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rebuild rollback of issue #15 on a sandbox of each flavor: a BE that is down is refused with 2
 * replicas (the counts named, nothing changed) and rebuilt with 3: dropped, its storage set aside and
 * kept, started empty, added back, every tablet healthy again.
 */
class RebuildBackendTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with {2} replicas")
    @CsvSource({"DORIS, 2.1.7, 2", "DORIS, 2.1.7, 3", "STARROCKS, 3.3.5, 2", "STARROCKS, 3.3.5, 3"})
    void aBackendIsRebuiltFromTheOtherReplicasOnlyWithThreeOfThem(Flavor flavor, String version, int replicas)
            throws Exception {
        try (Rig rig = new Rig(
                dir,
                Sandbox.builder()
                        .flavor(flavor)
                        .version(version)
                        .followers(1)
                        .backends(3)
                        .replicationNum(replicas)
                        .tabletCount(12))) {
            Cluster cluster = rig.cluster(ProgressListener.NONE);
            Node be = rig.sandbox.node("be-2");
            Path storage = be.home().resolve("storage");
            Files.writeString(storage.resolve("tablet-data"), "replicas of be-2");
            rig.sandbox.faults().kill("be-2");
            RunOptions options = rig.options(new RecordingListener())
                    .readyTimeout(Duration.ofSeconds(30))
                    .build();

            Operation rebuild = cluster.plan(Procedure.rebuildBackend(be, Optional.empty()));
            assertThat(rebuild.describe())
                    .contains("ALTER SYSTEM DROPP BACKEND")
                    .contains("move each storage_root_path to <path>_aside_")
                    .contains("ALTER SYSTEM ADD on the master")
                    .contains("wait until no tablet is unhealthy");

            if (replicas < 3) {
                assertThatThrownBy(() -> cluster.run(rebuild, options))
                        .isInstanceOfSatisfying(
                                PreconditionFailedException.class,
                                refused -> assertThat(refused.failures()).anySatisfy(f -> assertThat(f)
                                        .startsWith("rebuild-replicas: the replication number is below 3: 24"
                                                + " replicas for 12 tablets (2.0 per tablet")))
                        .hasMessageContaining("nothing was changed");
                assertThat(storage.resolve("tablet-data")).exists();
                assertThat(rig.admin.backends())
                        .anySatisfy(row -> assertThat(row.matches(be)).isTrue());
                return;
            }
            cluster.run(rebuild, options);

            assertThat(rig.sandbox.pid("be-2")).isPresent();
            assertThat(rig.admin.backends())
                    .filteredOn(row -> row.matches(be))
                    .singleElement()
                    .satisfies(row -> assertThat(row.alive()).isTrue());
            assertThat(rig.admin.tabletHealth().healthy()).isTrue();
            assertThat(storage.resolve("tablet-data")).doesNotExist();
            try (Stream<Path> homes = Files.list(be.home())) {
                Path aside = homes.filter(p -> p.getFileName().toString().startsWith("storage_aside_"))
                        .findFirst()
                        .orElseThrow();
                assertThat(aside.resolve("tablet-data")).hasContent("replicas of be-2");
            }
        }
    }
}
