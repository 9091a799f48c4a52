package io.dorisops.jdbc.internal;

import static java.util.Objects.requireNonNull;

import io.dorisops.BackupRepository;
import io.dorisops.Flavor;
import io.dorisops.spi.BackupJob;
import io.dorisops.spi.BackupSnapshot;
import io.dorisops.spi.RepositoryInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The backup statements on the master ({@code docs/backup.md}): repositories in the flavor's form (Doris
 * {@code WITH S3} and {@code s3.*} properties, StarRocks {@code WITH BROKER} and {@code aws.s3.*}), {@code
 * BACKUP SNAPSHOT}, and {@code SHOW REPOSITORIES|SNAPSHOT|BACKUP} read by column name. Every name is
 * checked before it reaches a statement; a repository's keys are revealed only into the statement's
 * text, which messages and logs show masked.
 */
public final class Backups {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private final Flavor flavor;
    private final MasterSession session;

    public Backups(Flavor flavor, MasterSession session) {
        this.flavor = requireNonNull(flavor, "flavor");
        this.session = requireNonNull(session, "session");
    }

    /** {@code CREATE [READ ONLY] REPOSITORY}; the FE writes its {@code __repo_info} to prove the storage. */
    public void createRepository(BackupRepository repo) {
        requireNonNull(repo, "repository");
        boolean starrocks = flavor == Flavor.STARROCKS;
        String prefix = starrocks ? "aws.s3." : "s3.";
        String location = starrocks ? repo.location().replaceFirst("^s3://", "s3a://") : repo.location();
        String accessKey = repo.accessKey().reveal();
        String secretKey = repo.secretKey().reveal();
        for (String value : List.of(accessKey, secretKey)) {
            if (value.isEmpty() || value.chars().anyMatch(c -> c == '"' || c == '\\' || Character.isISOControl(c))) {
                throw new IllegalArgumentException("backup repository " + repo.name() + ": a key read from "
                        + repo.accessKey().source() + " or " + repo.secretKey().source()
                        + " is empty or holds a quote, a backslash or a control character; nothing was sent");
            }
        }
        String head = "CREATE " + (repo.readOnly() ? "READ ONLY " : "") + "REPOSITORY `" + repo.name() + "` WITH "
                + (starrocks ? "BROKER" : "S3") + " ON LOCATION \"" + location + "\" PROPERTIES (\"" + prefix
                + "endpoint\" = \"" + repo.endpoint() + "\", \"" + prefix + "region\" = \"" + repo.region() + "\", \""
                + (starrocks ? "aws.s3.enable_path_style_access" : "use_path_style") + "\" = \"true\", \"" + prefix
                + "access_key\" = \"";
        String text = head + accessKey + "\", \"" + prefix + "secret_key\" = \"" + secretKey + "\")";
        String shown = head + "***\", \"" + prefix + "secret_key\" = \"***\")";
        Statement statement = new Statement(text, shown, secretKey);
        session.call(shown, (handle, attempt) -> {
            handle.execute(statement);
            return null;
        });
    }

    public void dropRepository(String name) {
        Statement statement = Statement.of("DROP REPOSITORY `" + name("repository", name) + "`");
        session.call(statement.shown(), (handle, attempt) -> {
            handle.execute(statement);
            return null;
        });
    }

    public List<RepositoryInfo> repositories() {
        return session.call("SHOW REPOSITORIES", (handle, attempt) -> {
            ResultTable table = handle.query(Statement.of("SHOW REPOSITORIES"));
            int name = table.required("RepoName");
            int location = table.required("Location");
            int readOnly = table.required("IsReadOnly");
            int error = table.optional("ErrMsg");
            List<RepositoryInfo> repos = new ArrayList<>();
            for (List<String> row : table.rows()) {
                repos.add(new RepositoryInfo(
                        table.text(row, name),
                        table.text(row, location),
                        table.flag(row, readOnly),
                        table.text(row, error)));
            }
            return repos;
        });
    }

    public List<BackupSnapshot> snapshots(String repository) {
        Statement statement = Statement.of("SHOW SNAPSHOT ON `" + name("repository", repository) + "`");
        return session.call(statement.shown(), (handle, attempt) -> {
            ResultTable table = handle.query(statement);
            int label = table.required("Snapshot");
            int timestamp = table.required("Timestamp");
            int status = table.optional("Status");
            List<BackupSnapshot> snapshots = new ArrayList<>();
            for (List<String> row : table.rows()) {
                snapshots.add(new BackupSnapshot(
                        table.text(row, label), table.text(row, timestamp), table.text(row, status)));
            }
            return snapshots;
        });
    }

    /** {@code BACKUP SNAPSHOT `db`.`label` TO `repo` [ON (`t1`, ...)]}. */
    public void submitBackup(String database, String label, String repository, List<String> tables) {
        StringBuilder text = new StringBuilder("BACKUP SNAPSHOT `")
                .append(name("database", database))
                .append("`.`")
                .append(name("label", label))
                .append("` TO `")
                .append(name("repository", repository))
                .append('`');
        if (!tables.isEmpty()) {
            List<String> quoted = new ArrayList<>();
            tables.forEach(t -> quoted.add("`" + name("table", t) + "`"));
            text.append(" ON (").append(String.join(", ", quoted)).append(')');
        }
        Statement statement = Statement.of(text.toString());
        session.call(statement.shown(), (handle, attempt) -> {
            handle.execute(statement);
            return null;
        });
    }

    /** {@code SHOW BACKUP FROM `db`}, by column name (Doris 3.x has two more columns). */
    public List<BackupJob> backupJobs(String database) {
        Statement statement = Statement.of("SHOW BACKUP FROM `" + name("database", database) + "`");
        return session.call(statement.shown(), (handle, attempt) -> {
            ResultTable table = handle.query(statement);
            int id = table.required("JobId");
            int label = table.required("SnapshotName");
            int db = table.required("DbName");
            int state = table.required("State");
            int unfinished = table.optional("UnfinishedTasks");
            int progress = table.optional("Progress");
            int errors = table.optional("TaskErrMsg");
            int status = table.optional("Status");
            List<BackupJob> jobs = new ArrayList<>();
            for (List<String> row : table.rows()) {
                jobs.add(new BackupJob(
                        table.text(row, id),
                        table.text(row, label),
                        table.text(row, db),
                        table.text(row, state),
                        table.text(row, unfinished),
                        table.text(row, progress),
                        table.text(row, errors),
                        table.text(row, status)));
            }
            return jobs;
        });
    }

    private static String name(String field, String value) {
        requireNonNull(value, field);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("the " + field + " name " + Addresses.quote(value)
                    + " is not a plain name (a letter, then letters, digits, '_' and '-'); nothing was sent");
        }
        return value;
    }
}
