package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.DorisOpsException;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import io.dorisops.RunResult;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.journal.RunPackage;
import io.dorisops.internal.json.Json;
import io.dorisops.internal.pkg.Tars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The package's SHA-512 is journaled when a run starts, and a resume refuses a package that changed since. */
class RunPackageTest extends FakeRunFixture {

    private static final String TOP = "apache-doris-2.1.8-bin-x64";

    /** A listener that adds the message of each waiting event to {@code said}. */
    private static ProgressListener waitingInto(List<String> said) {
        return new ProgressListener() {
            @Override
            public void waiting(ProgressEvent event) {
                said.add(event.message());
            }
        };
    }

    private static String sha512(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file)));
    }

    private static List<JsonNode> entries(Path journal) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            entries.add(Json.MAPPER.readTree(line));
        }
        return entries;
    }

    @Test
    void resumeRefusesAPackageThatChangedSinceTheRunStartedNamingBothDigests() throws Exception {
        byte[] original = Files.readAllBytes(pkg);
        String before = sha512(pkg);
        cluster.beforeAction = action -> {
            if (action.equals("stop be-2")) {
                throw new IllegalStateException("runner killed");
            }
        };
        assertThatThrownBy(() -> upgrade(options().rollbackOnFailure(false).build()))
                .hasMessageContaining("runner killed");
        cluster.beforeAction = action -> {};
        // Another build of 2.1.8 put at the same path between the runs.
        Tars.release(TOP).file(TOP + "/be/lib/patched.so", "x").writeTo(pkg);
        String after = sha512(pkg);
        cluster.log.clear();

        assertThatThrownBy(() -> procedures(options().build()).resume(Optional.empty()))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("package " + pkg + " changed since run upgrade-")
                .hasMessageContaining("its SHA-512 is now " + after + ", the run started with " + before)
                .hasMessageContaining("put the package the run started with back at " + pkg)
                .hasMessageContaining("dorisops rollback");
        assertThat(cluster.log).isEmpty();

        Files.write(pkg, original);
        procedures(options().build()).resume(Optional.empty());
        assertThat(cluster.get("be-2").runningVersion.number()).isEqualTo("2.1.8");
    }

    @Test
    void aPackageVerifiedAgainstNoChecksumIsSaidInTheOutputAndTheJournal() throws Exception {
        List<String> said = new ArrayList<>();

        RunResult result = upgrade(options().listener(waitingInto(said)).build());

        String notice = "package " + pkg + " was verified against no checksum: no expected SHA-512 was given and no "
                + pkg + ".sha512 is beside it";
        assertThat(said).anySatisfy(message -> assertThat(message).startsWith(notice));
        List<JsonNode> entries = entries(result.journal());
        JsonNode journaled = entries.get(0).path("package");
        assertThat(journaled.path("file").asText()).isEqualTo(pkg.toString());
        assertThat(journaled.path("sha512").asText()).isEqualTo(sha512(pkg));
        assertThat(journaled.has("checkedAgainst")).isFalse();
        assertThat(entries)
                .anySatisfy(entry -> assertThat(entry.path("message").asText()).startsWith(notice));
    }

    @Test
    void aPackageVerifiedAgainstItsChecksumFileIsJournaledSoAndNotWarnedAbout() throws Exception {
        Files.writeString(dir.resolve(TOP + ".tar.gz.sha512"), sha512(pkg) + "  " + TOP + ".tar.gz\n");
        List<String> said = new ArrayList<>();

        RunResult result = upgrade(options().listener(waitingInto(said)).build());

        assertThat(said).noneSatisfy(message -> assertThat(message).contains("no checksum"));
        assertThat(entries(result.journal())
                        .get(0)
                        .path("package")
                        .path("checkedAgainst")
                        .asText())
                .isEqualTo(TOP + ".tar.gz.sha512");
    }

    @Test
    void aTamperedJournaledPackageIsRefused() {
        assertThatThrownBy(() -> RunPackage.fromJson(
                        Json.MAPPER.createObjectNode().put("file", "/p").put("sha512", "x")))
                .hasMessageContaining("the journal was altered and cannot be acted on");
        assertThat(RunPackage.fromJson(null)).isEmpty();
    }

    @Test
    void aJournaledPackageThatIsNotTheOneTheOperationDeploysIsRefused() throws Exception {
        Engine engine = new Engine(
                cluster.topology,
                cluster.control(),
                cluster,
                Optional.of(cluster),
                options().build());
        io.dorisops.Operation upgrade = new Procedures(engine).planUpgrade(pkg);
        RunPackage other = new RunPackage("/tmp/other.tar.gz", sha512(pkg), Optional.empty());

        assertThatThrownBy(() -> other.requireUnchanged(engine, "upgrade-1", upgrade))
                .hasMessageContaining("the journaled package \"/tmp/other.tar.gz\" of run upgrade-1 is not the package"
                        + " its operation deploys (" + pkg + ")");
    }
}
