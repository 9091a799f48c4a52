package io.dorisops.internal.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageInfoTest {

    @TempDir
    Path dir;

    private Path tarball(String top, String... dirs) throws Exception {
        Path root = dir.resolve("src");
        for (String each : dirs) {
            Files.createDirectories(root.resolve(top).resolve(each));
            Files.writeString(root.resolve(top).resolve(each).resolve("file"), "x");
        }
        Path out = dir.resolve(top + ".tar.gz");
        List<String> argv = new ArrayList<>(List.of("tar", "-czf", out.toString(), "-C", root.toString(), top));
        assertThat(new ProcessBuilder(argv).inheritIO().start().waitFor()).isZero();
        return out;
    }

    @Test
    void readsTheVersionAndComponentsOfADorisRelease() throws Exception {
        Path file = tarball("apache-doris-2.1.8-bin-x64", "fe/bin", "fe/lib", "be/bin", "be/lib", "ms/bin");

        PackageInfo info = PackageInfo.inspect(file, Flavor.DORIS);

        assertThat(info.version().number()).isEqualTo("2.1.8");
        assertThat(info.components()).containsExactlyInAnyOrder("fe", "be");
        assertThat(info.missingFor(Flavor.DORIS, Role.BE)).isEmpty();
        assertThat(info.missingFor(Flavor.DORIS, Role.META_SERVICE))
                .hasValueSatisfying(why -> assertThat(why).contains("apache-doris-2.1.8-bin-x64/ms/bin and /lib"));
    }

    @Test
    void refusesAPackageOfTheOtherFlavor() throws Exception {
        Path file = tarball("StarRocks-3.3.5", "fe/bin", "fe/lib");

        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("is not a doris release")
                .hasMessageContaining("StarRocks-3.3.5");
        assertThat(PackageInfo.inspect(file, Flavor.STARROCKS).version().number())
                .isEqualTo("3.3.5");
    }

    @Test
    void refusesAFileThatIsNotAGzippedTar() throws Exception {
        Path file = Files.writeString(dir.resolve("apache-doris-2.1.8-bin-x64.tar.gz"), "not a tarball");

        assertThatThrownBy(() -> PackageInfo.inspect(file, Flavor.DORIS))
                .hasMessageContaining("is not a gzip-compressed tar file");
        assertThatThrownBy(() -> PackageInfo.inspect(dir.resolve("missing.tar.gz"), Flavor.DORIS))
                .hasMessageContaining("is not a readable file");
    }
}
