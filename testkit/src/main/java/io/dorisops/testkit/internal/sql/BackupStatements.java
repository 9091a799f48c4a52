package io.dorisops.testkit.internal.sql;

import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.Statement.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backup and restore statements (docs/backup.md), read after their first keyword by {@link
 * StatementParser}: {@code CREATE [READ ONLY] REPOSITORY}, {@code DROP REPOSITORY}, {@code SHOW
 * REPOSITORIES}, {@code BACKUP SNAPSHOT}, {@code RESTORE SNAPSHOT}, {@code SHOW BACKUP|RESTORE [FROM db]},
 * {@code CANCEL BACKUP|RESTORE [FROM db]} and {@code SHOW SNAPSHOT ON repo [WHERE ...]}. The parser only
 * reads; the FE checks what the statement names.
 */
final class BackupStatements {
    private final SqlCursor in;

    BackupStatements(SqlCursor in) {
        this.in = in;
    }

    /** True when the statement after {@code CREATE} is a repository's. */
    static boolean isCreateRepository(SqlCursor in) {
        return in.peek().is("REPOSITORY") || in.peek().is("READ");
    }

    /** True when the word after {@code SHOW} starts one of these statements. */
    static boolean isShow(SqlCursor in) {
        return in.peek().is("REPOSITORIES")
                || in.peek().is("BACKUP")
                || in.peek().is("RESTORE")
                || in.peek().is("SNAPSHOT");
    }

    /** After {@code CREATE}. */
    Statement createRepository() throws SqlError {
        boolean readOnly = false;
        if (in.accept("READ")) {
            in.expect("ONLY");
            readOnly = true;
        }
        in.expect("REPOSITORY");
        String name = in.name();
        in.expect("WITH");
        String type = in.expect("S3", "BROKER", "HDFS");
        in.expect("ON");
        in.expect("LOCATION");
        String location = in.string("a quoted location such as \"s3://bucket/path\"");
        Map<String, String> properties = Map.of();
        if (in.accept("PROPERTIES")) {
            properties = new DataStatements(in).properties();
        }
        return new Statement.CreateRepository(name, readOnly, type, location, properties);
    }

    /** After {@code DROP}: {@code REPOSITORY r}. */
    Statement dropRepository() throws SqlError {
        in.expect("REPOSITORY");
        return new Statement.DropRepository(in.name());
    }

    /** After {@code SHOW}. */
    Statement show() throws SqlError {
        String what = in.expect("REPOSITORIES", "BACKUP", "RESTORE", "SNAPSHOT");
        switch (what) {
            case "REPOSITORIES" -> {
                return new Statement.ShowRepositories();
            }
            case "SNAPSHOT" -> {
                in.expect("ON");
                String repository = in.name();
                Optional<String> snapshot = Optional.empty();
                Optional<String> timestamp = Optional.empty();
                if (in.accept("WHERE")) {
                    do {
                        String key = in.expect("SNAPSHOT", "TIMESTAMP");
                        in.expectSymbol('=');
                        String value = in.string("a quoted value");
                        if (key.equals("SNAPSHOT")) {
                            snapshot = Optional.of(value);
                        } else {
                            timestamp = Optional.of(value);
                        }
                    } while (in.accept("AND"));
                    if (snapshot.isEmpty()) {
                        // Doris ShowSnapshotStmt.analyze.
                        throw in.analysisError("Where clause should looks like: SNAPSHOT = 'your_snapshot_name'"
                                + " [AND TIMESTAMP = '2018-04-18-19-19-10'] [AND SNAPSHOTTYPE = 'remote' | 'local']");
                    }
                }
                return new Statement.ShowSnapshot(repository, snapshot, timestamp);
            }
            default -> {
                return new Statement.ShowSnapshotJobs(what.equals("RESTORE"), fromDatabase());
            }
        }
    }

    /** After {@code CANCEL}: {@code BACKUP|RESTORE [FROM db]}. */
    Statement cancel() throws SqlError {
        boolean restore = in.expect("BACKUP", "RESTORE").equals("RESTORE");
        return new Statement.CancelSnapshotJob(restore, fromDatabase());
    }

    /** After {@code BACKUP} or {@code RESTORE}. */
    Statement snapshotJob(boolean restore) throws SqlError {
        in.expect("SNAPSHOT");
        String[] name = in.qualifiedName();
        in.expect(restore ? "FROM" : "TO");
        String repository = in.name();
        List<TableRef> tables = new ArrayList<>();
        if (in.accept("ON")) {
            in.expectSymbol('(');
            do {
                String table = in.name();
                Optional<String> alias = Optional.empty();
                if (restore && in.accept("AS")) {
                    alias = Optional.of(in.name());
                }
                tables.add(new TableRef(table, alias));
            } while (comma());
            in.expectSymbol(')');
        }
        Map<String, String> properties = Map.of();
        if (in.accept("PROPERTIES")) {
            properties = new DataStatements(in).properties();
        }
        return new Statement.SnapshotJob(
                restore, Optional.ofNullable(name[0]), name[1], repository, tables, properties);
    }

    private Optional<String> fromDatabase() throws SqlError {
        return in.accept("FROM") || in.accept("IN") ? Optional.of(in.name()) : Optional.empty();
    }

    private boolean comma() {
        if (in.peek().isSymbol(',')) {
            in.next();
            return true;
        }
        return false;
    }
}
