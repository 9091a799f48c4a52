package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One SQL statement, and the form of it that messages and logs show. They differ only when the
 * statement carries a secret-looking config value, which {@code shown} replaces by {@code ***}.
 *
 * @param text what is sent
 * @param shown what messages and logs print
 * @param secret the value masked in {@code shown}, to mask in server messages too; empty when none
 */
public record Statement(String text, String shown, String secret) {

    public static final Statement SHOW_FRONTENDS = of("SHOW FRONTENDS");
    public static final Statement SHOW_BACKENDS = of("SHOW BACKENDS");
    public static final Statement SHOW_COMPUTE_NODES = of("SHOW COMPUTE NODES");
    public static final Statement SHOW_STATISTIC = of("SHOW PROC '/statistic'");
    public static final Statement SHOW_TABLET_HEALTH = of("SHOW PROC '/cluster_health/tablet_health'");
    public static final Statement VERSION_COMMENT = of("SELECT @@version_comment");
    public static final Statement CREATE_IMAGE = of("ALTER SYSTEM CREATE IMAGE");
    public static final Statement SHOW_DBS = of("SHOW PROC '/dbs'");

    private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,127}");
    private static final Pattern SECRET_KEY = Pattern.compile("password|passwd|secret|token|credential|access_key");

    public Statement {
        requireNonNull(text, "text");
        requireNonNull(shown, "shown");
        requireNonNull(secret, "secret");
    }

    /** A statement without secrets: shown as sent. */
    public static Statement of(String text) {
        return new Statement(text, text, "");
    }

    /** {@code SHOW PROC '/dbs/<dbId>'}: the tables of a database. */
    public static Statement showTables(long dbId) {
        if (dbId < 0) {
            throw new IllegalArgumentException("database id must not be negative, was " + dbId);
        }
        return of("SHOW PROC '/dbs/" + dbId + "'");
    }

    /** {@code SHOW PROC '/dbs/<dbId>/<tableId>/partitions/<partitionId>'}: the indexes of a partition. */
    public static Statement showIndexes(long dbId, long tableId, long partitionId) {
        return of("SHOW PROC '/dbs/" + id(dbId) + "/" + id(tableId) + "/partitions/" + id(partitionId) + "'");
    }

    /** {@code SHOW PROC '.../partitions/<partitionId>/<indexId>'}: one row per replica of the index's tablets. */
    public static Statement showTabletReplicas(long dbId, long tableId, long partitionId, long indexId) {
        return of("SHOW PROC '/dbs/" + id(dbId) + "/" + id(tableId) + "/partitions/" + id(partitionId) + "/"
                + id(indexId) + "'");
    }

    private static long id(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("an id in a proc path must not be negative, was " + id);
        }
        return id;
    }

    /** {@code SHOW PARTITIONS FROM `db`.`table`}, each name backquoted (a backquote in it doubled). */
    public static Statement showPartitions(String database, String table) {
        return of("SHOW PARTITIONS FROM " + backquoted(database) + "." + backquoted(table));
    }

    private static String backquoted(String name) {
        requireNonNull(name, "name");
        if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "name " + Addresses.quote(name) + " is empty or holds a control" + " character; nothing was sent");
        }
        return "`" + name.replace("`", "``") + "`";
    }

    /** {@code ADMIN SHOW FRONTEND CONFIG LIKE "key"}. */
    public static Statement showConfig(String key) {
        return of("ADMIN SHOW FRONTEND CONFIG LIKE \"" + configKey(key) + "\"");
    }

    /** {@code ADMIN SET FRONTEND CONFIG ("key" = "value")}, the value masked when the key looks secret. */
    public static Statement setConfig(String key, String value) {
        configKey(key);
        requireNonNull(value, "value");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("the value for frontend config " + key
                        + " contains a quote, a backslash or a control character; config values are plain"
                        + " words, numbers or paths. Fix the value; nothing was sent.");
            }
        }
        String text = "ADMIN SET FRONTEND CONFIG (\"" + key + "\" = \"" + value + "\")";
        if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find() && !value.isEmpty()) {
            return new Statement(text, "ADMIN SET FRONTEND CONFIG (\"" + key + "\" = \"***\")", value);
        }
        return of(text);
    }

    /** Masks the secret of this statement in a text the server sent back. */
    public String redact(String message) {
        return secret.isEmpty() || message == null ? message : message.replace(secret, "***");
    }

    /** True when {@link #shown} differs from {@link #text}. */
    public boolean redacted() {
        return !secret.isEmpty();
    }

    /**
     * Returns {@code key} when it is a config key name (letters, digits, {@code _} and {@code .}).
     *
     * @throws IllegalArgumentException naming the key otherwise
     */
    public static String configKey(String key) {
        requireNonNull(key, "key");
        if (!CONFIG_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("frontend config key " + Addresses.quote(key)
                    + " is not a config name; expected letters, digits, '_' and '.', starting with a letter."
                    + " Fix the key; nothing was sent.");
        }
        return key;
    }

    @Override
    public String toString() {
        return shown;
    }
}
