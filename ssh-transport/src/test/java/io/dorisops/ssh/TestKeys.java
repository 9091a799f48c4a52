package io.dorisops.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Generates real key files with OpenSSH's ssh-keygen, as users make them. */
final class TestKeys {
    private TestKeys() {}

    /** An ed25519 key in OpenSSH format without passphrase. */
    static Path ed25519(Path dir, String name) {
        return generate(dir, name, "", "-t", "ed25519");
    }

    /** An ed25519 key in OpenSSH format encrypted with {@code passphrase}. */
    static Path ed25519(Path dir, String name, String passphrase) {
        return generate(dir, name, passphrase, "-t", "ed25519");
    }

    /** An RSA key in PEM format, encrypted when {@code passphrase} is not empty. */
    static Path rsaPem(Path dir, String name, String passphrase) {
        return generate(dir, name, passphrase, "-t", "rsa", "-b", "2048", "-m", "PEM");
    }

    /** The public half: {@code TYPE BASE64 COMMENT}. */
    static String publicKey(Path privateKey) {
        try {
            return Files.readString(Path.of(privateKey + ".pub"), StandardCharsets.UTF_8)
                    .strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA256 fingerprint as ssh-keygen prints it. */
    static String fingerprint(Path key) {
        String line = run(List.of("ssh-keygen", "-l", "-f", key + ".pub"));
        return line.split(" ")[1];
    }

    private static Path generate(Path dir, String name, String passphrase, String... type) {
        Path file = dir.resolve(name);
        List<String> command =
                new ArrayList<>(List.of("ssh-keygen", "-q", "-N", passphrase, "-C", name, "-f", file.toString()));
        command.addAll(List.of(type));
        run(command);
        return file;
    }

    static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
