package io.dorisops.testkit.internal.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.dorisops.Flavor;
import io.dorisops.testkit.internal.SandboxSpec;
import io.dorisops.testkit.internal.s3.S3Client;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One repository's objects, laid out as Doris lays them out ({@code Repository} @ {@code 55518012},
 * docs/backup.md): {@code <prefix>/__palo_repository_<repo>/__repo_info}, and per snapshot {@code
 * __ss_<label>/__info_<timestamp>} (the job info: database, tables, row counts), {@code
 * __ss_<label>/__meta_<timestamp>} (the tables' schemas) and {@code
 * __ss_<label>/__ss_content/__db_<id>/__tbl_<id>/__<tabletId>/__data_<timestamp>} (one tablet's rows, as
 * JSON). Real Doris names a file by its MD5 instead of the timestamp and keeps BE snapshot files, not
 * rows; the sandbox keeps what a restore needs, readably. Every call goes to the S3 server the
 * repository's properties name, signed with its keys.
 */
final class SnapshotFiles {
    private final S3Client client;
    private final String bucket;
    private final String base;

    private SnapshotFiles(S3Client client, String bucket, String base) {
        this.client = client;
        this.bucket = bucket;
        this.base = base;
    }

    /** The files of {@code repo}; its location and properties were checked when it was created. */
    static SnapshotFiles of(BackupState.Repository repo, Flavor flavor) {
        String prefix = flavor == Flavor.STARROCKS ? "aws.s3." : "s3.";
        Map<String, String> p = repo.properties;
        S3Client client = new S3Client(
                URI.create(p.get(prefix + "endpoint")),
                p.getOrDefault(prefix + "region", "us-east-1"),
                p.get(prefix + "access_key"),
                p.get(prefix + "secret_key"));
        String path = repo.location.substring(repo.location.indexOf("://") + 3);
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefixPath = slash < 0 ? "" : path.substring(slash + 1).replaceAll("/+$", "");
        String base = (prefixPath.isEmpty() ? "" : prefixPath + "/") + "__palo_repository_" + repo.name;
        return new SnapshotFiles(client, bucket, base);
    }

    /** A snapshot's timestamp: Doris {@code yyyy-MM-dd-HH-mm-ss}, StarRocks {@code yyyy-MM-dd-HH-mm-ss-SSS}. */
    static String timestamp(Flavor flavor, long millis) {
        String pattern = flavor == Flavor.STARROCKS ? "yyyy-MM-dd-HH-mm-ss-SSS" : "yyyy-MM-dd-HH-mm-ss";
        return DateTimeFormatter.ofPattern(pattern)
                .withZone(ZoneId.systemDefault())
                .format(Instant.ofEpochMilli(millis));
    }

    /**
     * {@code Repository.initRepository}: reads {@code __repo_info} when it is there (another repository's
     * name there is refused), or writes it, which proves the location writable.
     *
     * @return empty when fine, else the problem
     */
    Optional<String> init(String name, String createTime) throws IOException {
        String key = base + "/__repo_info";
        Optional<byte[]> existing = client.get(bucket, key);
        if (existing.isPresent()) {
            String found =
                    SandboxSpec.JSON.readTree(existing.get()).path("name").asText();
            return found.equals(name)
                    ? Optional.empty()
                    : Optional.of("Invalid repository __repo_info, expected repo '" + name + "', but get name '" + found
                            + "' from " + key);
        }
        client.put(bucket, key, json(Map.of("name", name, "create_time", createTime)));
        return Optional.empty();
    }

    /** {@code Repository.ping}: the repository answers and holds its {@code __repo_info}. */
    void ping() throws IOException {
        if (client.get(bucket, base + "/__repo_info").isEmpty()) {
            throw new IOException("__repo_info not found under " + bucket + "/" + base);
        }
    }

    /** Every snapshot in the repository: label and timestamp, in label then time order. */
    List<String[]> snapshots() throws IOException {
        List<String[]> found = new ArrayList<>();
        for (String key : client.list(bucket, base + "/__ss_")) {
            String rest = key.substring(base.length() + "/__ss_".length());
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.startsWith("__info_", slash + 1)) {
                found.add(new String[] {rest.substring(0, slash), rest.substring(slash + 1 + "__info_".length())});
            }
        }
        return found;
    }

    /** The job info of a snapshot, empty when there is none at that label and timestamp. */
    Optional<JsonNode> info(String label, String timestamp) throws IOException {
        return read(snapshot(label) + "/__info_" + timestamp);
    }

    /** The table schemas of a snapshot. */
    Optional<JsonNode> meta(String label, String timestamp) throws IOException {
        return read(snapshot(label) + "/__meta_" + timestamp);
    }

    void writeInfo(String label, String timestamp, Object info) throws IOException {
        client.put(bucket, snapshot(label) + "/__info_" + timestamp, json(info));
    }

    void writeMeta(String label, String timestamp, Object meta) throws IOException {
        client.put(bucket, snapshot(label) + "/__meta_" + timestamp, json(meta));
    }

    /** Uploads one tablet's rows. */
    void writeTablet(String label, String timestamp, long dbId, long tableId, long tabletId, List<List<String>> rows)
            throws IOException {
        client.put(bucket, tablet(label, timestamp, dbId, tableId, tabletId), json(Map.of("rows", rows)));
    }

    /** Downloads one tablet's rows; empty when the object is missing. */
    Optional<JsonNode> readTablet(String label, String timestamp, long dbId, long tableId, long tabletId)
            throws IOException {
        return read(tablet(label, timestamp, dbId, tableId, tabletId));
    }

    private String snapshot(String label) {
        return base + "/__ss_" + label;
    }

    private String tablet(String label, String timestamp, long dbId, long tableId, long tabletId) {
        return snapshot(label) + "/__ss_content/__db_" + dbId + "/__tbl_" + tableId + "/__" + tabletId + "/__data_"
                + timestamp;
    }

    private Optional<JsonNode> read(String key) throws IOException {
        Optional<byte[]> bytes = client.get(bucket, key);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(SandboxSpec.JSON.readTree(bytes.get()));
    }

    private static byte[] json(Object value) throws IOException {
        return SandboxSpec.JSON.writeValueAsBytes(value);
    }
}
