package io.dorisops.testkit;

import static io.dorisops.testkit.TestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import io.dorisops.Version;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageTest {
    @Test
    void dorisPackageHasTheReleaseLayout(@TempDir Path out) throws Exception {
        Path tarball = Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.8"), out);

        assertThat(tarball.getFileName()).hasToString("apache-doris-2.1.8-bin-x64.tar.gz");
        Path extracted = extract(tarball, out.resolve("x"));
        Path top = extracted.resolve("apache-doris-2.1.8-bin-x64");
        assertThat(top.resolve("fe/bin/start_fe.sh")).isExecutable();
        assertThat(top.resolve("fe/lib/doris-fe.jar")).exists();
        assertThat(top.resolve("be/bin/stop_be.sh")).isExecutable();
        // No link out of the package (PackageInfo refuses one): start_be.sh links lib/doris_be to java.
        assertThat(top.resolve("be/lib/doris_be")).doesNotExist();
        try (java.util.stream.Stream<Path> all = Files.walk(top)) {
            assertThat(all.filter(Files::isSymbolicLink)).isEmpty();
        }
        assertThat(top.resolve("ms/bin/start.sh")).isExecutable();
        assertThat(top.resolve("fe/conf/fe.conf")).content().contains("edit_log_port = 9010");
        assertThat(top.resolve("be/conf/be.conf")).content().contains("webserver_port = 8040");
    }

    @Test
    void starrocksPackageHoldsFeAndBeWithComputeNodeScripts(@TempDir Path out) throws Exception {
        Path tarball = Sandbox.buildPackage(Flavor.STARROCKS, Version.parse("3.3.6"), out);

        Path top = extract(tarball, out.resolve("x")).resolve("StarRocks-3.3.6");
        assertThat(top.resolve("fe/lib/starrocks-fe.jar")).exists();
        assertThat(top.resolve("be/bin/start_cn.sh")).isExecutable();
        assertThat(top.resolve("be/lib/starrocks_be")).doesNotExist();
    }

    @Test
    void swappingBinAndLibUpgradesAFrontendLikeARealPackage(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .version("2.1.7")
                .followers(1)
                .backends(1)
                .baseDir(dir.resolve("sandbox"))
                .start()) {
            Node fe = sandbox.node("fe-1");
            Path top = extract(Sandbox.buildPackage(Flavor.DORIS, Version.parse("2.1.8"), dir), dir.resolve("pkg"))
                    .resolve("apache-doris-2.1.8-bin-x64");
            script(fe, "stop_fe.sh");
            for (String part : new String[] {"bin", "lib"}) {
                Files.move(fe.home().resolve(part), fe.home().resolve(part + ".bak"));
                Files.move(top.resolve("fe").resolve(part), fe.home().resolve(part));
            }
            assertThat(script(fe, "start_fe.sh", "--daemon").exitCode()).isZero();

            awaitReports(fe, "2.1.8");
        }
    }

    @Test
    void installVersionRunsTheOtherVersionFromTheNodesNextStart(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.builder()
                .version("2.1.7")
                .followers(1)
                .backends(1)
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            script(fe, "stop_fe.sh");

            sandbox.installVersion("fe-1", Version.parse("2.1.8"));

            assertThat(script(fe, "start_fe.sh", "--daemon").exitCode()).isZero();
            awaitReports(fe, "2.1.8");
        }
    }

    /** Waits until the FE's {@code /api/bootstrap} reports the version (the build its {@code lib/} holds). */
    private static void awaitReports(Node fe, String version) throws Exception {
        Properties image = new Properties();
        try (Reader in = Files.newBufferedReader(fe.home().resolve("doris-meta/image/VERSION"))) {
            image.load(in);
        }
        String query =
                "/api/bootstrap?cluster_id=" + image.getProperty("clusterId") + "&token=" + image.getProperty("token");
        Await.until(Duration.ofSeconds(30), fe.id() + " reports " + version, () -> TestSupport.body(fe, query)
                .contains("\"version\":\"doris-" + version + "-rc01-"));
    }

    private static Path extract(Path tarball, Path into) throws Exception {
        Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor()).isZero();
        return into;
    }
}
