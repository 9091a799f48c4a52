package io.dorisops.spi;

import static java.util.Objects.requireNonNull;

import io.dorisops.Beta;

/**
 * One snapshot in a repository as {@code SHOW SNAPSHOT ON repo} lists it: its label, its timestamp (the
 * {@code backup_timestamp} a restore names) and its status.
 *
 * @param label {@code Snapshot}
 * @param timestamp {@code Timestamp}: Doris {@code yyyy-MM-dd-HH-mm-ss}, StarRocks with {@code -SSS}
 * @param status {@code Status}: {@code OK} or what is wrong with it
 */
@Beta
public record BackupSnapshot(String label, String timestamp, String status) {
    public BackupSnapshot {
        requireNonNull(label, "label");
        requireNonNull(timestamp, "timestamp");
        requireNonNull(status, "status");
    }
}
