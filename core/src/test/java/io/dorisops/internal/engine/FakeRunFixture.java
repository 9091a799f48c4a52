package io.dorisops.internal.engine;

import io.dorisops.RunResult;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.pkg.Tars;
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup the engine's run tests share: an in-memory cluster at 2.1.7 ({@link FakeCluster}), a 2.1.8
 * release tarball in a temporary directory, and runs on it that journal under {@code dir/state}.
 */
abstract class FakeRunFixture {

    /** The balance switches as they are before any run pauses them. */
    static final Map<String, String> UNPAUSED = Map.of(
            "disable_balance", "false", "disable_colocate_balance", "false", "disable_tablet_scheduler", "false");

    @TempDir
    Path dir;

    FakeCluster cluster;
    Path pkg;

    @BeforeEach
    void newClusterAndPackage() throws Exception {
        cluster = new FakeCluster("2.1.7");
        pkg = Tars.release("apache-doris-2.1.8-bin-x64").writeTo(dir.resolve("apache-doris-2.1.8-bin-x64.tar.gz"));
    }

    /** The runs' state directory. */
    Path state() {
        return dir.resolve("state");
    }

    RunSettings.Builder options() {
        return RunSettings.builder().stateDir(state());
    }

    Procedures procedures(RunSettings options) {
        return new Procedures(new Engine(cluster.topology, cluster.control(), cluster, Optional.of(cluster), options));
    }

    Procedures procedures() {
        return procedures(options().build());
    }

    /** Plans and runs an upgrade to {@link #pkg}. */
    RunResult upgrade(RunSettings options) {
        Procedures procedures = procedures(options);
        return procedures.execute(procedures.planUpgrade(pkg));
    }

    RunResult upgrade() {
        return upgrade(options().build());
    }
}
