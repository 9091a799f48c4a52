package io.dorisops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable CLI as a user gets it (docs/install.md): the packaged {@code dorisops-VERSION.tar.gz}
 * unpacked with {@code tar} into an empty directory and run as real processes, {@code bin/dorisops}
 * finding its Java on the PATH or through JAVA_HOME, or saying what to do when it finds none or an old
 * one. Runs after {@code package} (maven-failsafe-plugin), so in {@code ./mvnw -B verify} and CI.
 */
class DistributionIT {

    private static final String VERSION = System.getProperty("dorisops.version");
    private static final Path TAR = Path.of(System.getProperty("dorisops.dist.tar"));
    private static final Path ZIP = Path.of(System.getProperty("dorisops.dist.zip"));
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    static Path unpacked;

    private static Path home;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpack() throws Exception {
        Run tar = run(List.of("tar", "-xzf", TAR.toString(), "-C", unpacked.toString()), Map.of());
        assertThat(tar.code()).as(tar.err()).isZero();
        home = unpacked.resolve("dorisops-" + VERSION);
    }

    @Test
    void theArchiveHoldsTheLauncherTheJarsTheReadmeLicenseAndNotice() throws IOException {
        try (Stream<Path> top = Files.list(home)) {
            assertThat(top.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("bin", "lib", "README.md", "LICENSE", "NOTICE");
        }
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/dorisops")))
                .contains(
                        PosixFilePermission.OWNER_EXECUTE,
                        PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE);
        assertThat(home.resolve("lib/dorisops-cli-" + VERSION + ".jar")).isRegularFile();
        assertThat(home.resolve("lib/picocli-4.7.6.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).hasSameTextualContentAs(Path.of("../LICENSE"));
        assertThat(home.resolve("README.md")).hasSameTextualContentAs(Path.of("../README.md"));
    }

    @Test
    void theNoticeStartsWithTheProjectsAndNamesEveryBundledLibrary() throws IOException {
        String notice = Files.readString(home.resolve("NOTICE"));
        assertThat(notice).startsWith(Files.readString(Path.of("../NOTICE")));
        List<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).hasSizeGreaterThan(20);
        for (String jar : jars) {
            String artifact = jar.replaceFirst("-\\d[^-]*(-SNAPSHOT)?(\\.Final)?\\.jar$", "");
            if (!artifact.startsWith("dorisops-")) {
                assertThat(notice)
                        .as(jar + " is bundled: name " + artifact + " and its license in cli/src/dist/NOTICE")
                        .containsPattern("[ ,]" + artifact.replace(".", "\\.") + "[ ,\\n]");
            }
        }
    }

    @Test
    void theZipHoldsTheSameFilesAsTheTarball() throws Exception {
        Run listing = run(List.of("tar", "-tzf", TAR.toString()), Map.of());
        List<String> tarFiles = listing.out()
                .lines()
                .filter(name -> !name.endsWith("/"))
                .sorted()
                .toList();
        List<String> zipFiles;
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            zipFiles = Collections.list(zip.entries()).stream()
                    .filter(entry -> !entry.isDirectory())
                    .map(ZipEntry::getName)
                    .sorted()
                    .toList();
        }
        assertThat(zipFiles).isEqualTo(tarFiles).contains("dorisops-" + VERSION + "/bin/dorisops");
        assertThat(unixMode(ZIP, "dorisops-" + VERSION + "/bin/dorisops") & 0777)
                .isEqualTo(0755);
    }

    /**
     * The Unix mode a zip entry carries (what unzip restores): the high half of the external attributes
     * of its central directory header, which {@link ZipFile} does not expose.
     */
    private static int unixMode(Path zip, String name) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + 46 < bytes.limit(); at++) {
            if (bytes.getInt(at) == 0x02014b50 && bytes.getShort(at + 28) == wanted.length) {
                byte[] found = new byte[wanted.length];
                bytes.get(at + 46, found);
                if (Arrays.equals(found, wanted)) {
                    return bytes.getInt(at + 38) >>> 16;
                }
            }
        }
        throw new AssertionError(name + " has no central directory header in " + zip);
    }

    @Test
    void versionRunsWithTheJavaOnThePath() throws Exception {
        Run version = launch(List.of("--version"), pathWith(JAVA_HOME.resolve("bin")), null);

        assertThat(version.code()).as(version.err()).isZero();
        assertThat(version.out()).isEqualTo("dorisops " + VERSION + "\n");
    }

    @Test
    void validateChecksAnExampleTopologyWithTheJavaOfJavaHome() throws Exception {
        Path topology = Files.copy(Path.of("../examples/topologies/doris-3fe-3be.yaml"), dir.resolve("cluster.yaml"));

        Run validate = launch(List.of("validate", topology.toString()), "/usr/bin:/bin", JAVA_HOME);

        assertThat(validate.code()).as(validate.err()).isZero();
        assertThat(validate.out())
                .isEqualTo(topology + ": valid doris topology \"doris-prod\" (3 FE followers, 3 BEs)\n");
    }

    @Test
    void throughASymbolicLinkOnThePathTheLauncherFindsItsJarsAndPrintsTheCompletionScript() throws Exception {
        Path path = Files.createDirectories(dir.resolve("path"));
        Files.createSymbolicLink(path.resolve("dorisops"), home.resolve("bin/dorisops"));

        // sh finds dorisops on the PATH given (ProcessBuilder would search the test JVM's).
        Run completion = run(
                List.of("sh", "-c", "dorisops completion bash"),
                env(path + ":" + pathWith(JAVA_HOME.resolve("bin")), null));

        assertThat(completion.code()).as(completion.err()).isZero();
        Path script = Files.writeString(dir.resolve("dorisops.bash"), completion.out());
        Run syntax = run(List.of("bash", "-n", script.toString()), Map.of());
        assertThat(syntax.code()).as(syntax.err()).isZero();
        assertThat(completion.out()).contains("complete -F _complete_dorisops");
    }

    @Test
    void anOldJavaOnThePathIsNamedWithItsVersionAndWhatToInstall() throws Exception {
        Path fake = fakeJava(dir.resolve("old/bin"), "openjdk version \"11.0.21\" 2023-10-17");

        Run old = launch(List.of("--version"), fake.getParent() + ":/usr/bin:/bin", null);

        assertThat(old.code()).isEqualTo(1);
        assertThat(old.out()).isEmpty();
        assertThat(old.err())
                .isEqualTo("dorisops: needs Java 17 or later, but " + fake + " (from your PATH) is Java 11.0.21."
                        + " Install a JDK 17 or later (e.g. Eclipse Temurin 17 or 21 from https://adoptium.net, or"
                        + " your system's openjdk-17-jdk package), then put its bin directory on your PATH or set"
                        + " JAVA_HOME to it.\n");
    }

    @Test
    void anOldJavaHomeWinsOverTheJavaOnThePathAndIsNamed() throws Exception {
        Path fake = fakeJava(dir.resolve("jdk8/bin"), "java version \"1.8.0_392\"");

        Run old = launch(
                List.of("--version"),
                pathWith(JAVA_HOME.resolve("bin")),
                fake.getParent().getParent());

        assertThat(old.code()).isEqualTo(1);
        assertThat(old.out()).isEmpty();
        assertThat(old.err())
                .startsWith("dorisops: needs Java 17 or later, but " + fake + " (from JAVA_HOME) is Java 1.8.0_392.")
                .contains("Install a JDK 17 or later");
    }

    @Test
    void aJavaWhoseVersionCannotBeReadIsNamedWithWhatItPrinted() throws Exception {
        Path fake = fakeJava(dir.resolve("odd/bin"), "Error: could not open jvm.cfg");

        Run odd = launch(List.of("--version"), fake.getParent() + ":/usr/bin:/bin", null);

        assertThat(odd.code()).isEqualTo(1);
        assertThat(odd.out()).isEmpty();
        assertThat(odd.err())
                .isEqualTo("dorisops: cannot tell the version of " + fake
                        + " (from your PATH); 'java -version' printed: Error: could not open jvm.cfg\n");
    }

    @Test
    void withoutJavaHomeAndWithoutJavaOnThePathTheLauncherSaysSo() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        Run none = launch(List.of("--version"), empty.toString(), null);

        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err())
                .startsWith("dorisops: needs Java 17 or later, and finds none: JAVA_HOME is not set and there is no"
                        + " java on your PATH. Install a JDK 17 or later");
    }

    @Test
    void aJavaHomeWithoutJavaIsNamed() throws Exception {
        Run wrong = launch(List.of("--version"), pathWith(JAVA_HOME.resolve("bin")), dir);

        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err())
                .isEqualTo("dorisops: JAVA_HOME is " + dir + ", but " + dir + "/bin/java is not an executable file."
                        + " Set JAVA_HOME to the directory of a JDK 17 or later (the one that has bin/java), or"
                        + " unset it to use the java on your PATH.\n");
    }

    /** A {@code java} that answers {@code -version} with the banner, and says so loudly if run for anything else. */
    private static Path fakeJava(Path bin, String banner) throws IOException {
        Files.createDirectories(bin);
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\n"
                        + "if [ \"$1\" = -version ]; then echo '" + banner + "' >&2; exit 0; fi\n"
                        + "echo 'the fake java was run'; exit 0\n");
        java.toFile().setExecutable(true);
        return java;
    }

    private static String pathWith(Path bin) {
        return bin + ":/usr/bin:/bin";
    }

    /** Runs the unpacked {@code bin/dorisops} with this PATH, and JAVA_HOME set to javaHome or unset when null. */
    private static Run launch(List<String> args, String path, Path javaHome) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/dorisops").toString());
        command.addAll(args);
        return run(command, env(path, javaHome));
    }

    private static Map<String, String> env(String path, Path javaHome) {
        return javaHome == null ? Map.of("PATH", path) : Map.of("PATH", path, "JAVA_HOME", javaHome.toString());
    }

    /** Runs a command in a clean environment (only HOME, LANG and the given variables); a slow machine gets 2 minutes. */
    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("HOME", System.getProperty("user.home"));
        environment.put("LANG", "C.UTF-8");
        environment.putAll(env);
        Path out = Files.createTempFile("dist-out", ".txt");
        Path err = Files.createTempFile("dist-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within 2 minutes");
            }
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** A finished process: its exit code and what it printed. */
    private record Run(int code, String out, String err) {}
}
