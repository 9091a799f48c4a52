package io.dorisops.jdbc;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates made at test time with the JDK's keytool: a CA, server certificates it signs (for
 * names given), and an unrelated CA. Nothing is checked in.
 */
final class TestCertificates {
    private static final String PASSWORD = "test-only";

    private final Path dir;

    TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes a CA named {@code name}: {@code name.p12} (its key) and {@code name.pem} (its certificate). */
    Path ca(String name) throws Exception {
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=" + name,
                "-ext",
                "bc:c",
                "-keystore",
                dir.resolve(name + ".p12").toString());
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                dir.resolve(name + ".p12").toString(),
                "-file",
                dir.resolve(name + ".pem").toString());
        return dir.resolve(name + ".pem");
    }

    /**
     * A server key store {@code name.p12} whose certificate, signed by the CA {@code ca}, names {@code
     * subjectAltNames} (e.g. {@code dns:localhost,ip:127.0.0.1}); returns a server SSLContext for it.
     */
    SSLContext server(String name, String ca, String subjectAltNames) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=" + name,
                "-keystore",
                store.toString());
        keytool(
                "-certreq",
                "-alias",
                "server",
                "-keystore",
                store.toString(),
                "-file",
                dir.resolve(name + ".csr").toString());
        keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                dir.resolve(ca + ".p12").toString(),
                "-infile",
                dir.resolve(name + ".csr").toString(),
                "-outfile",
                dir.resolve(name + ".pem").toString(),
                "-validity",
                "2",
                "-ext",
                "SAN=" + subjectAltNames);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-file",
                dir.resolve(ca + ".pem").toString(),
                "-keystore",
                store.toString());
        keytool(
                "-importcert",
                "-alias",
                "server",
                "-file",
                dir.resolve(name + ".pem").toString(),
                "-keystore",
                store.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        argv.addAll(List.of(args));
        argv.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
