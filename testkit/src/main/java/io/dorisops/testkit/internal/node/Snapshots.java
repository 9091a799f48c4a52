package io.dorisops.testkit.internal.node;

import io.dorisops.Flavor;
import io.dorisops.Version;
import io.dorisops.testkit.internal.mysql.QueryResult;
import io.dorisops.testkit.internal.mysql.SqlError;
import io.dorisops.testkit.internal.sql.Statement;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The backup and restore statements of a simulated FE (docs/backup.md, "The sandbox"): repositories
 * ({@code CREATE}, checked by writing {@code __repo_info} to the S3 server as {@code
 * Repository.initRepository} does; {@code DROP}; {@code SHOW REPOSITORIES}), submitting and cancelling
 * jobs (checked before anything changes: the repository, the database, its tables, one job per database,
 * the label not yet in the repository, for a restore the snapshot there), and the reads ({@code SHOW
 * BACKUP|RESTORE}, {@code SHOW SNAPSHOT}, {@link SnapshotShows}). The jobs themselves run in {@link
 * SnapshotJobs}. Repository credentials stay in the catalog: never logged, never shown.
 */
final class Snapshots {
    private final FeNode fe;
    private final Flavor flavor;
    private final Version version;
    private final DataErrors errors;
    private final DataDefinitions definitions;

    Snapshots(FeNode fe, Version version, DataErrors errors, DataDefinitions definitions) {
        this.fe = fe;
        this.flavor = fe.ctx.flavor;
        this.version = version;
        this.errors = errors;
        this.definitions = definitions;
    }

    static boolean isRead(Statement statement) {
        return statement instanceof Statement.ShowRepositories
                || statement instanceof Statement.ShowSnapshotJobs
                || statement instanceof Statement.ShowSnapshot;
    }

    static boolean isWrite(Statement statement) {
        return statement instanceof Statement.CreateRepository
                || statement instanceof Statement.DropRepository
                || statement instanceof Statement.SnapshotJob
                || statement instanceof Statement.CancelSnapshotJob;
    }

    QueryResult read(Statement statement, String sessionDb) throws SqlError {
        SnapshotShows shows = new SnapshotShows(fe.snapshot(), flavor);
        if (statement instanceof Statement.ShowRepositories) {
            return shows.repositories();
        } else if (statement instanceof Statement.ShowSnapshotJobs show) {
            return shows.jobs(
                    show.restore(), definitions.database(show.database().orElse(sessionDb)));
        }
        Statement.ShowSnapshot show = (Statement.ShowSnapshot) statement;
        BackupState.Repository repo = repository(fe.snapshot(), show.repository());
        try {
            return shows.snapshots(SnapshotFiles.of(repo, flavor), show.snapshot(), show.timestamp());
        } catch (IOException e) {
            throw errors.analysis("Failed to list snapshots in repo: " + repo.name + ". msg: " + e.getMessage());
        }
    }

    QueryResult write(Statement statement, String sessionDb) throws SqlError {
        if (statement instanceof Statement.CreateRepository create) {
            createRepository(create);
        } else if (statement instanceof Statement.DropRepository drop) {
            repository(fe.snapshot(), drop.name());
            fe.mutate(c -> c.repositories.removeIf(r -> r.name.equals(drop.name())));
            fe.ctx.info("drop repository " + drop.name());
        } else if (statement instanceof Statement.SnapshotJob job) {
            submit(job, definitions.database(job.database().orElse(sessionDb)));
        } else {
            Statement.CancelSnapshotJob cancel = (Statement.CancelSnapshotJob) statement;
            String db = definitions.database(cancel.database().orElse(sessionDb));
            Optional<BackupState.Job> running = running(fe.snapshot(), db).filter(j -> j.restore == cancel.restore());
            if (running.isEmpty()) {
                // [U] the wording; Doris BackupHandler.cancel: "No backup or restore job is running on db"
                throw errors.analysis("No " + (cancel.restore() ? "restore" : "backup") + " job is currently running");
            }
            fe.mutate(c -> c.snapshotJobs.stream()
                    .filter(j -> j.id == running.get().id)
                    .forEach(j -> {
                        j.state = "CANCELLED";
                        j.status = "[CANCELLED, user cancelled]";
                        j.finishedTime = System.currentTimeMillis();
                    }));
        }
        return QueryResult.ok();
    }

    private void createRepository(Statement.CreateRepository create) throws SqlError {
        Catalog current = fe.snapshot();
        if (current.repositories.stream().anyMatch(r -> r.name.equals(create.name()))) {
            throw errors.analysis("Repository " + create.name() + " already exist"); // [I] BackupHandler
        }
        String wantType = flavor == Flavor.STARROCKS ? "BROKER" : "S3";
        String scheme = flavor == Flavor.STARROCKS ? "s3a://" : "s3://";
        String prefix = flavor == Flavor.STARROCKS ? "aws.s3." : "s3.";
        if (!create.type().equals(wantType)) {
            throw errors.analysis("the sandbox's repositories are " + wantType + " ones (WITH " + wantType + "), not "
                    + create.type());
        }
        if (!create.location().startsWith(scheme) || create.location().length() <= scheme.length()) {
            throw errors.analysis("Invalid location: " + create.location() + "; expected " + scheme + "bucket/path");
        }
        for (String key : List.of("endpoint", "access_key", "secret_key")) {
            if (!create.properties().containsKey(prefix + key)) {
                throw errors.analysis("Missing [" + prefix + key + "] in properties."); // [U] the wording
            }
        }
        BackupState.Repository repo = new BackupState.Repository();
        repo.name = create.name();
        repo.readOnly = create.readOnly();
        repo.type = create.type();
        repo.location = create.location();
        repo.createTime = System.currentTimeMillis();
        repo.properties.putAll(create.properties());
        try {
            Optional<String> problem =
                    SnapshotFiles.of(repo, flavor).init(repo.name, SnapshotShows.time(repo.createTime));
            if (problem.isPresent()) {
                throw errors.analysis("Failed to create repository: " + problem.get());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw errors.analysis("Failed to create repository: " + e.getMessage());
        }
        fe.mutate(c -> {
            repo.id = c.nextObjectId++;
            c.repositories.add(repo);
        });
        fe.ctx.info("create repository " + repo.name + " at " + repo.location);
    }

    private void submit(Statement.SnapshotJob statement, String db) throws SqlError {
        Catalog current = fe.snapshot();
        BackupState.Repository repo = repository(current, statement.repository());
        if (!statement.restore() && repo.readOnly) {
            throw errors.analysis("Repository " + repo.name + " is read only"); // [I] BackupHandler.backup
        }
        Optional<BackupState.Job> running = running(current, db);
        if (running.isPresent()) {
            // BackupHandler.process; Doris 3.x names the running job too.
            boolean names = flavor == Flavor.DORIS && version.compareTo(Version.of(3, 0, 0)) >= 0;
            throw errors.analysis("Can only run one backup or restore job of a database at same time"
                    + (names
                            ? " , current running: label = " + running.get().label + " jobId = " + running.get().id
                                    + ", to run label = " + statement.label()
                            : ""));
        }
        SnapshotFiles files = SnapshotFiles.of(repo, flavor);
        BackupState.Job job = statement.restore()
                ? SnapshotJobs.newRestore(fe, files, statement, db, errors)
                : SnapshotJobs.newBackup(current, files, statement, db, errors, flavor);
        job.repository = repo.name;
        fe.mutate(c -> {
            job.id = c.nextObjectId++;
            for (BackupState.Task task : job.tasks) {
                task.id = c.nextObjectId++;
            }
            c.snapshotJobs.add(job);
            while (c.snapshotJobs.stream().filter(j -> j.db.equals(db)).count() > 10) {
                c.snapshotJobs.remove(c.snapshotJobs.stream()
                        .filter(j -> j.db.equals(db))
                        .findFirst()
                        .orElseThrow());
            }
        });
        fe.ctx.info((statement.restore() ? "restore" : "backup") + " job " + job.label + " of " + db + " created ("
                + job.tables + ", " + job.tasks.size() + " tasks)");
    }

    /** The job of {@code db} not done yet, if any. */
    static Optional<BackupState.Job> running(Catalog catalog, String db) {
        return catalog.snapshotJobs.stream()
                .filter(j -> j.db.equals(db) && !j.done())
                .findFirst();
    }

    private BackupState.Repository repository(Catalog catalog, String name) throws SqlError {
        return catalog.repositories.stream()
                .filter(r -> r.name.equals(name))
                .findFirst()
                .orElseThrow(() -> errors.analysis("Repository " + name + " does not exist")); // [I]
    }
}
