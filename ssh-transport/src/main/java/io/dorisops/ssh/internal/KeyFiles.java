package io.dorisops.ssh.internal;

import static io.dorisops.DorisOpsException.message;

import io.dorisops.Secret;
import io.dorisops.ssh.SshConnectException;
import io.dorisops.ssh.SshConnectException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and decrypts private keys before connecting, so a missing file, a file that is not a key, a
 * missing passphrase and a wrong passphrase each get their own clear error instead of a generic
 * authentication failure later.
 */
final class KeyFiles {
    private static final Logger log = LoggerFactory.getLogger(KeyFiles.class);

    private static final List<String> DEFAULT_NAMES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private KeyFiles() {}

    /** A loaded key and the file it came from. */
    record LoadedKey(Path file, KeyPair pair) {}

    /**
     * The configured key, or when none is configured the user's default keys ({@code ~/.ssh/id_*})
     * that load with the configured passphrase (others are skipped).
     */
    static List<LoadedKey> load(HostSettings settings, Config config) {
        if (settings.identityFile().isPresent()) {
            return List.of(loadOne(settings, config, settings.identityFile().get()));
        }
        List<LoadedKey> keys = new ArrayList<>();
        Path sshDir = Path.of(System.getProperty("user.home", "/root"), ".ssh");
        for (String name : DEFAULT_NAMES) {
            Path file = sshDir.resolve(name);
            if (Files.isReadable(file)) {
                try {
                    keys.add(loadOne(settings, config, file));
                } catch (SshConnectException e) {
                    log.debug("{}: skipping default key {}: {}", settings.subject(), file, e.reason());
                }
            }
        }
        return keys;
    }

    private static LoadedKey loadOne(HostSettings settings, Config config, Path file) {
        String subject = settings.subject();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw fail(
                    settings,
                    Reason.KEY_FILE_MISSING,
                    message(
                            subject,
                            "private key file " + file + " does not exist or is not readable",
                            "a readable private key file (OpenSSH or PEM)",
                            "",
                            "Fix ssh.identityFile in the topology, or create the key with ssh-keygen and copy"
                                    + " its .pub to the host's authorized_keys."),
                    null);
        }
        AskingFinder finder = new AskingFinder(settings.passphrase());
        try {
            KeyFormat format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
            FileKeyProvider provider =
                    Factory.Named.Util.create(config.getFileKeyProviderFactories(), format.toString());
            if (provider == null) {
                throw new IOException("unsupported key format " + format);
            }
            provider.init(file.toFile(), finder);
            return new LoadedKey(file, new KeyPair(provider.getPublic(), provider.getPrivate()));
        } catch (IOException | RuntimeException e) {
            if (finder.asked && settings.passphrase().isNone()) {
                throw fail(
                        settings,
                        Reason.KEY_PASSPHRASE_MISSING,
                        message(
                                subject,
                                "private key " + file + " is encrypted and no passphrase is configured",
                                "",
                                "",
                                "Set ssh.passphrase in the topology (e.g. env:SSH_KEY_PASSPHRASE), or use a key"
                                        + " without passphrase."),
                        e);
            }
            if (finder.asked) {
                throw fail(
                        settings,
                        Reason.KEY_PASSPHRASE_WRONG,
                        message(
                                subject,
                                "the passphrase from " + settings.passphrase().source()
                                        + " does not decrypt private key " + file,
                                "",
                                "",
                                "Check the passphrase secret; test it with: ssh-keygen -y -f " + file),
                        e);
            }
            throw fail(
                    settings,
                    Reason.KEY_FILE_INVALID,
                    message(
                            subject,
                            "cannot read private key " + file,
                            "an OpenSSH or PEM private key",
                            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                            "Point ssh.identityFile at the private key (not the .pub file)."),
                    e);
        }
    }

    private static SshConnectException fail(HostSettings settings, Reason reason, String text, Throwable cause) {
        return new SshConnectException(settings.host(), reason, 0, text, cause);
    }

    /** Hands out the passphrase once and remembers that the key asked for one. */
    private static final class AskingFinder implements PasswordFinder {
        private final Secret passphrase;
        private volatile boolean asked;

        AskingFinder(Secret passphrase) {
            this.passphrase = passphrase;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            asked = true;
            return passphrase.reveal().toCharArray();
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }
    }
}
