package io.dorisops.jdbc.internal;

import io.dorisops.DorisOpsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mysql-connector-j reads trusted CAs from a key store, not from a PEM file: this turns {@code
 * sql.tlsCa} into a PKCS12 trust store in a private temporary file (public certificates only; removed
 * when the JVM exits), once per CA file and content.
 */
final class TrustStores {

    /** A trust store file and its (random, non-secret: it guards public certificates) password. */
    record Store(Path file, String password) {}

    private static final Map<String, Store> STORES = new ConcurrentHashMap<>();
    private static final long MAX_PEM = 1024 * 1024;

    private TrustStores() {}

    static Store forCa(Path pem) {
        byte[] bytes;
        try {
            if (Files.size(pem) > MAX_PEM) {
                throw new DorisOpsException("sql.tlsCa " + pem + " is larger than 1 MiB; point it at the PEM file of"
                        + " the CA certificates that sign the FEs' certificates");
            }
            bytes = Files.readAllBytes(pem);
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot read sql.tlsCa " + pem + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); check that the CA file exists and is readable",
                    e);
        }
        String key = pem.toAbsolutePath() + "#" + HexFormat.of().formatHex(sha256(bytes));
        return STORES.computeIfAbsent(key, k -> build(pem, bytes));
    }

    private static Store build(Path pem, byte[] bytes) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException | IOException e) {
            throw new DorisOpsException(
                    "sql.tlsCa " + pem + " is not a PEM file of X.509 certificates (" + e.getMessage()
                            + "); give the CA certificate(s) as -----BEGIN CERTIFICATE----- blocks",
                    e);
        }
        if (certificates.isEmpty()) {
            throw new DorisOpsException("sql.tlsCa " + pem + " holds no certificate; give the CA certificate(s) as"
                    + " -----BEGIN CERTIFICATE----- blocks");
        }
        try {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            Path file = Files.createTempFile(
                    "dorisops-truststore-",
                    ".p12",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return new Store(file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new DorisOpsException(
                    "cannot build a trust store from sql.tlsCa " + pem + ": " + e.getMessage()
                            + "; check free space in the temporary directory",
                    e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
