package io.dorisops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Flavor;
import io.dorisops.Node;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An FE loads the newest {@code image/image.<n>} of its meta dir, or logs {@code image does not exist:
 * …/image/image.0} when its master never made a checkpoint (Doris {@code Env.loadImage}, StarRocks
 * {@code GlobalStateMgr.loadImage}), then replays the journal.
 */
class FrontendImageTest {

    @TempDir
    Path dir;

    @Test
    void aSandboxWithoutImageStartsEveryFeAsOneWhoseMasterNeverCheckpointed() {
        try (Sandbox sandbox = Sandbox.builder()
                .flavor(Flavor.STARROCKS)
                .version("3.3.5")
                .followers(1)
                .backends(1)
                .withoutImage()
                .baseDir(dir)
                .start()) {
            Node fe = sandbox.node("fe-1");
            Path image = fe.home().resolve(Flavor.STARROCKS.metaDirName()).resolve("image");
            String log = TestSupport.log(fe, "log/fe.log");

            assertThat(image.resolve("image.0")).doesNotExist();
            assertThat(log)
                    .contains("image does not exist: " + image.resolve("image.0"))
                    .contains("finish replay in ")
                    .contains("leader finished to replay journal, can write now.")
                    .doesNotContain("finished to load image")
                    .doesNotContain("start load image");
            assertThat(List.of(image.toFile().list())).containsExactlyInAnyOrder("VERSION", "ROLE");
        }
    }
}
