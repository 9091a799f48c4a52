package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A backup repository on S3-compatible storage, as {@code CREATE REPOSITORY} takes it ({@code
 * docs/backup.md}): the cluster writes snapshots to {@code location} through {@code endpoint} with the
 * keys. The keys are {@link Secret}s (an environment variable or a file, as a topology's secrets): their
 * values are read only to build the statement, never printed, journaled, logged or in {@code
 * toString()}.
 *
 * <pre>{@code
 * BackupRepository repo = new BackupRepository("nightly", "s3://backups/doris", "http://minio:9000",
 *         "us-east-1", Secret.fromEnv("S3_ACCESS_KEY"), Secret.fromEnv("S3_SECRET_KEY"), false);
 * cluster.admin().orElseThrow().createRepository(repo);
 * }</pre>
 *
 * @param name the repository's name in the cluster: a letter, then letters, digits and {@code _}
 * @param location {@code s3://bucket/path} (Doris) or {@code s3a://bucket/path} (StarRocks)
 * @param endpoint the storage's URL, {@code http(s)://host[:port]}
 * @param region the storage's region, e.g. {@code us-east-1}
 * @param accessKey the access key
 * @param secretKey the secret key
 * @param readOnly a repository only restored from ({@code CREATE READ ONLY REPOSITORY})
 */
@Beta
public record BackupRepository(
        String name,
        String location,
        String endpoint,
        String region,
        Secret accessKey,
        Secret secretKey,
        boolean readOnly) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern LOCATION = Pattern.compile("s3a?://[a-z0-9][a-z0-9.-]{1,62}(/[A-Za-z0-9._/-]*)?");
    private static final Pattern ENDPOINT = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");

    /**
     * @throws IllegalArgumentException naming the field, what it holds and what it must be
     */
    public BackupRepository {
        check("name", requireNonNull(name, "name"), NAME, "a letter, then letters, digits and '_' (at most 64)");
        check(
                "location",
                requireNonNull(location, "location"),
                LOCATION,
                "s3://bucket/path (Doris) or s3a://bucket/path (StarRocks), a lower-case bucket name");
        check("endpoint", requireNonNull(endpoint, "endpoint"), ENDPOINT, "http(s)://host[:port]");
        check("region", requireNonNull(region, "region"), REGION, "a region such as us-east-1");
        requireNonNull(accessKey, "accessKey");
        requireNonNull(secretKey, "secretKey");
    }

    private static void check(String field, String value, Pattern pattern, String expected) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "backup repository " + field + " \"" + value.replaceAll("\\p{Cntrl}", "?")
                            + "\" is not valid: expected " + expected + "; nothing was sent");
        }
    }

    /** The name, location and endpoint, and where the keys come from; never their values. */
    @Override
    public String toString() {
        return "BackupRepository[" + name + " " + location + " at " + endpoint + " (" + region + "), keys from "
                + accessKey.source() + " and " + secretKey.source() + (readOnly ? ", read only" : "") + "]";
    }
}
