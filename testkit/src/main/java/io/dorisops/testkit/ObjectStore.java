package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.Flavor;
import io.dorisops.testkit.internal.s3.S3Client;
import io.dorisops.testkit.internal.s3.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The S3-compatible storage of a {@link Sandbox} for backups: a real S3 server (S3Proxy, {@code
 * org.gaul:s3proxy}, which must be on the test class path) on loopback, in a process of its own, its
 * objects under {@code <sandbox>/s3/data}, with one bucket ({@link #bucket()}). The sandbox FEs write
 * their snapshots here and read them back on restore, as a real cluster's do.
 *
 * <pre>{@code
 * ObjectStore s3 = sandbox.objectStore();          // started on first use, stopped with the sandbox
 * String location = s3.location(sandbox.flavor(), "nightly");   // s3://backups/nightly
 * Map<String, String> properties = s3.properties(sandbox.flavor());
 * // CREATE REPOSITORY repo1 WITH S3 ON LOCATION "<location>" PROPERTIES (<properties>)
 * s3.refuseWrites();                                // the storage now refuses every write
 * }</pre>
 *
 * <p>Its credentials are fixed test values; {@code toString()} names the endpoint and bucket only.
 */
public final class ObjectStore {
    /** The sandbox server's access key. */
    public static final String ACCESS_KEY = "AKIDSANDBOX00000000";

    private static final String SECRET_KEY = "sandbox-secret-key-not-for-production";
    private static final String BUCKET = "backups";
    private static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final S3Server server;
    private final S3Client client;

    private ObjectStore(S3Server server) {
        this.server = server;
        this.client = new S3Client(server.endpoint(), REGION, ACCESS_KEY, SECRET_KEY);
    }

    /** Starts the server for the sandbox in {@code dir} on a port reserved for it, and creates the bucket. */
    static ObjectStore start(Path dir, int port) {
        ObjectStore store = new ObjectStore(S3Server.start(dir, port, ACCESS_KEY, SECRET_KEY, START_TIMEOUT));
        try {
            store.client.createBucket(BUCKET);
        } catch (IOException e) {
            store.stop();
            throw new UncheckedIOException(
                    "cannot create bucket " + BUCKET + " on " + store.endpoint() + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** The endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** The bucket backups go to. */
    public String bucket() {
        return BUCKET;
    }

    /** The region the server signs for. */
    public String region() {
        return REGION;
    }

    /** The secret key that goes with {@link #ACCESS_KEY} (a test value; a topology holds it as a secret). */
    public String secretKey() {
        return SECRET_KEY;
    }

    /**
     * The repository location for {@code flavor} under {@code prefix}: Doris {@code s3://bucket/prefix},
     * StarRocks {@code s3a://bucket/prefix}.
     */
    public String location(Flavor flavor, String prefix) {
        requireNonNull(flavor, "flavor");
        requireNonNull(prefix, "prefix");
        return (flavor == Flavor.STARROCKS ? "s3a://" : "s3://") + BUCKET + "/" + prefix;
    }

    /**
     * The {@code PROPERTIES} of a {@code CREATE REPOSITORY} on this server for {@code flavor}: Doris
     * {@code s3.endpoint}, {@code s3.region}, {@code s3.access_key}, {@code s3.secret_key}, {@code
     * use_path_style}; StarRocks {@code aws.s3.endpoint}, {@code aws.s3.region}, {@code
     * aws.s3.access_key}, {@code aws.s3.secret_key}, {@code aws.s3.enable_path_style_access}.
     */
    public Map<String, String> properties(Flavor flavor) {
        requireNonNull(flavor, "flavor");
        String prefix = flavor == Flavor.STARROCKS ? "aws.s3." : "s3.";
        return Map.of(
                prefix + "endpoint",
                endpoint().toString(),
                prefix + "region",
                REGION,
                prefix + "access_key",
                ACCESS_KEY,
                prefix + "secret_key",
                SECRET_KEY,
                flavor == Flavor.STARROCKS ? "aws.s3.enable_path_style_access" : "use_path_style",
                "true");
    }

    /** The keys of the objects under {@code prefix} (the bucket's whole content for ""). */
    public List<String> keys(String prefix) {
        requireNonNull(prefix, "prefix");
        try {
            return client.list(BUCKET, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot list " + BUCKET + "/" + prefix + " on " + endpoint() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes one object: a snapshot that goes missing. */
    public void delete(String key) {
        requireNonNull(key, "key");
        try {
            client.delete(BUCKET, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + BUCKET + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fault: the storage refuses every write from now on (the server restarts read-only on the same
     * port and objects; reads still work), until {@link #acceptWrites()}.
     */
    public void refuseWrites() {
        server.restart(true, START_TIMEOUT);
    }

    /** Ends {@link #refuseWrites()}. */
    public void acceptWrites() {
        server.restart(false, START_TIMEOUT);
    }

    /** Stops the server; the objects stay in the sandbox directory. */
    void stop() {
        server.stop();
    }

    @Override
    public String toString() {
        return "ObjectStore[" + endpoint() + "/" + BUCKET + "]";
    }
}
