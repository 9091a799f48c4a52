package io.dorisops.cli;

import io.dorisops.BackupRepository;
import io.dorisops.Cluster;
import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Procedure;
import io.dorisops.Secret;
import io.dorisops.spi.BackupSnapshot;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.RepositoryInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dorisops backup}: repositories on S3-compatible storage ({@code repo add|list|check}) and the
 * backup of a database ({@code create}), {@code docs/backup.md}. A repository's keys are given as
 * where to read them (an environment variable or a file), never as values on the command line, and
 * are never printed.
 */
@Command(
        name = "backup",
        description = "Back databases up to S3-compatible storage through the cluster's own snapshot jobs.",
        mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {
            "  dorisops backup repo list -t cluster.yaml",
            "  dorisops backup create -t c.yaml --db shop --repo r1"
        },
        subcommands = {BackupCommand.Repo.class, BackupCommand.Create.class})
final class BackupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The cluster's SQL admin, or a failure naming what is missing. */
    static ClusterAdmin admin(Cluster cluster) {
        return cluster.admin()
                .orElseThrow(() -> new DorisOpsException(cluster.topology().name()
                        + ": backups need the SQL control plane; put dorisops-jdbc-probe on the class path"));
    }

    /** {@code backup repo}: the repositories. */
    @Command(
            name = "repo",
            description = "Add, list and check backup repositories.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops backup repo list -t cluster.yaml",
            subcommands = {RepoAdd.class, RepoList.class, RepoCheck.class})
    static final class Repo implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    /**
     * Where the keys are read from: an environment variable or a file each, by default the variables
     * {@code DORISOPS_S3_ACCESS_KEY} and {@code DORISOPS_S3_SECRET_KEY}.
     */
    static final class KeySource {
        @Option(names = "--access-key-env", paramLabel = "VAR", description = "Read the access key from this variable.")
        String accessEnv;

        @Option(names = "--access-key-file", paramLabel = "FILE", description = "Read the access key from this file.")
        Path accessFile;

        @Option(names = "--secret-key-env", paramLabel = "VAR", description = "Read the secret key from this variable.")
        String secretEnv;

        @Option(names = "--secret-key-file", paramLabel = "FILE", description = "Read the secret key from this file.")
        Path secretFile;

        Secret access(CommandSpec spec) {
            return secret(
                    spec, accessEnv, accessFile, "--access-key-env", "--access-key-file", "DORISOPS_S3_ACCESS_KEY");
        }

        Secret secret(CommandSpec spec) {
            return secret(
                    spec, secretEnv, secretFile, "--secret-key-env", "--secret-key-file", "DORISOPS_S3_SECRET_KEY");
        }

        private static Secret secret(
                CommandSpec spec, String env, Path file, String envFlag, String fileFlag, String defaultEnv) {
            if (env != null && file != null) {
                throw new ParameterException(
                        spec.commandLine(), "give one of " + envFlag + " VAR and " + fileFlag + " FILE, not both");
            }
            return file != null ? Secret.fromFile(file) : Secret.fromEnv(env != null ? env : defaultEnv);
        }
    }

    /** The flags that say where a repository is. */
    static final class Where {
        @Option(
                names = "--location",
                required = true,
                paramLabel = "URL",
                description = "s3://bucket/path (StarRocks: s3a://)")
        String location;

        @Option(
                names = "--endpoint",
                required = true,
                paramLabel = "URL",
                description = "The storage's http(s)://host[:port].")
        String endpoint;

        @Option(names = "--region", paramLabel = "REGION", description = "The storage's region (default us-east-1).")
        String region = "us-east-1";
    }

    @Command(
            name = "add",
            description = "CREATE REPOSITORY: the cluster writes its __repo_info to the storage, so a repository"
                    + " that is added answers and is writable. The keys are read from the variables"
                    + " DORISOPS_S3_ACCESS_KEY and DORISOPS_S3_SECRET_KEY unless named otherwise; never printed.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops backup repo add -t c --repo r --location s3://b --endpoint http://s3")
    static final class RepoAdd extends ClusterCommand {
        @Option(names = "--repo", required = true, paramLabel = "NAME", description = "The repository's name.")
        String name;

        @Mixin
        Where where = new Where();

        @Mixin
        KeySource keys = new KeySource();

        @Option(names = "--read-only", description = "A repository only restored from.")
        boolean readOnly;

        @Override
        protected int run(Cluster cluster) {
            BackupRepository repo = repository(spec, name, where, keys, readOnly);
            try {
                admin(cluster).createRepository(repo);
            } catch (DorisOpsException e) {
                return failed(e);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("ok", true);
            document.put("repository", repo.name());
            document.put("location", repo.location());
            if (output().json()) {
                printJson(document);
            } else {
                out().println("repository " + repo.name() + " added at " + repo.location()
                        + ": the cluster wrote to it, so it answers and is writable");
                out().flush();
            }
            return OK;
        }
    }

    static BackupRepository repository(CommandSpec spec, String name, Where where, KeySource keys, boolean readOnly) {
        try {
            return new BackupRepository(
                    name, where.location, where.endpoint, where.region, keys.access(spec), keys.secret(spec), readOnly);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Command(
            name = "list",
            description = "The repositories (SHOW REPOSITORIES), or with --repo the snapshots in one (SHOW SNAPSHOT).",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops backup repo list -t cluster.yaml --repo nightly")
    static final class RepoList extends ClusterCommand {
        @Option(names = "--repo", paramLabel = "NAME", description = "List this repository's snapshots.")
        String name;

        @Override
        protected int run(Cluster cluster) {
            List<Map<String, Object>> rows = new ArrayList<>();
            Table table;
            try {
                if (name == null) {
                    table = new Table("REPOSITORY", "LOCATION", "READ ONLY", "ERROR");
                    for (RepositoryInfo repo : admin(cluster).repositories()) {
                        table.row(repo.name(), repo.location(), String.valueOf(repo.readOnly()), repo.error());
                        rows.add(Map.of(
                                "repository",
                                repo.name(),
                                "location",
                                repo.location(),
                                "readOnly",
                                repo.readOnly(),
                                "error",
                                repo.error()));
                    }
                } else {
                    table = new Table("SNAPSHOT", "TIMESTAMP", "STATUS");
                    for (BackupSnapshot snapshot : admin(cluster).snapshots(name)) {
                        table.row(snapshot.label(), snapshot.timestamp(), snapshot.status());
                        rows.add(Map.of(
                                "snapshot",
                                snapshot.label(),
                                "timestamp",
                                snapshot.timestamp(),
                                "status",
                                snapshot.status()));
                    }
                }
            } catch (DorisOpsException e) {
                return failed(e);
            }
            if (output().json()) {
                printJson(Map.of("ok", true, name == null ? "repositories" : "snapshots", rows));
            } else {
                table.print(out());
            }
            return OK;
        }
    }

    @Command(
            name = "check",
            description = "Check a repository: the cluster lists it without an error and lists its snapshots (it"
                    + " answers); with --endpoint (and the keys, as for add), a scratch repository at"
                    + " <location>/dorisops-check is created and dropped (it is writable). Exit 1 when a check fails.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExample:%n",
            footer = "  dorisops backup repo check -t cluster.yaml --repo nightly")
    static final class RepoCheck extends ClusterCommand {
        @Option(names = "--repo", required = true, paramLabel = "NAME", description = "The repository to check.")
        String name;

        @Option(names = "--endpoint", paramLabel = "URL", description = "The storage's endpoint, to check writes.")
        String endpoint;

        @Option(names = "--region", paramLabel = "REGION", description = "The storage's region (default us-east-1).")
        String region = "us-east-1";

        @Mixin
        KeySource keys = new KeySource();

        @Override
        protected int run(Cluster cluster) {
            Map<String, Object> document = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            boolean ok;
            try {
                ClusterAdmin admin = admin(cluster);
                RepositoryInfo repo = admin.repositories().stream()
                        .filter(r -> r.name().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new DorisOpsException(
                                "the cluster has no repository " + name + "; add it with dorisops backup repo add"));
                ok = repo.error().isEmpty();
                lines.add("listed: " + repo.location() + (ok ? "" : ", the cluster's last error: " + repo.error()));
                int snapshots = admin.snapshots(name).size();
                lines.add("answers: it lists " + snapshots + " snapshot(s)");
                document.put("snapshots", snapshots);
                if (endpoint != null) {
                    writable(admin, repo);
                    lines.add("writable: a scratch repository was created there and dropped");
                    document.put("writable", true);
                } else {
                    lines.add("writable: not checked (give --endpoint to check writes)");
                }
            } catch (DorisOpsException e) {
                return failed(e);
            }
            document.put("ok", ok);
            document.put("repository", name);
            document.put("checks", lines);
            if (output().json()) {
                printJson(document);
            } else {
                lines.forEach(line -> out().println(name + ": " + line));
                out().flush();
            }
            return ok ? OK : FAILED;
        }

        private void writable(ClusterAdmin admin, RepositoryInfo repo) {
            Where where = new Where();
            where.location = repo.location().replaceFirst("^s3a://", "s3://").replaceAll("/+$", "") + "/dorisops-check";
            where.endpoint = endpoint;
            where.region = region;
            String scratch = name + "_check_"
                    + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
            admin.createRepository(repository(spec, scratch, where, keys, false));
            admin.dropRepository(scratch);
        }
    }

    @Command(
            name = "create",
            description = "Back a database up: submit its snapshot job (BACKUP SNAPSHOT) and follow it through its"
                    + " states until it is finished. A job whose state and progress do not change for the stall"
                    + " time fails the run naming the state and what to do; resume follows the same job. Refused"
                    + " before anything is sent for a repository, database or table the cluster lacks, and while a"
                    + " job of the database runs.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {
                "  dorisops backup create -t cluster.yaml --db shop --repo nightly",
                "  dorisops backup create -t c --db d --repo r --stall-after-state UPLOADING=2h"
            })
    static final class Create extends RunCommand {
        @Option(names = "--db", paramLabel = "DATABASE", description = "The database (required unless --plan).")
        String database;

        @Option(
                names = "--tables",
                split = ",",
                paramLabel = "TABLE",
                description = "Only these tables (comma-separated; default all).")
        List<String> tables = new ArrayList<>();

        @Option(names = "--repo", paramLabel = "NAME", description = "The repository (required unless --plan).")
        String repository;

        @Option(
                names = "--label",
                paramLabel = "LABEL",
                description = "The snapshot's label (default dorisops_<db>_<time>).")
        String label;

        @Option(
                names = "--stall-after",
                paramLabel = "DURATION",
                description = "A job state without progress for this long is a stall (default 30m).")
        Duration stallAfter = Procedure.DEFAULT_BACKUP_STALL;

        @Option(
                names = "--stall-after-state",
                paramLabel = "STATE=DURATION",
                description = "The stall time of one state, e.g. UPLOADING=2h (repeatable).")
        Map<String, Duration> stallAfterByState = new LinkedHashMap<>();

        @Mixin
        PlanOptions plan = new PlanOptions();

        @Override
        protected int run(Cluster cluster) {
            choosing(plan, database != null, "--db", true);
            choosing(plan, repository != null, "--repo", true);
            Procedure backup;
            try {
                backup = plan.approved()
                        ? null
                        : Procedure.backup(
                                database,
                                tables,
                                repository,
                                Optional.ofNullable(label),
                                stallAfter,
                                stallAfterByState);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            Operation operation;
            try {
                operation = operation(cluster, plan, Operation.Kind.BACKUP, () -> cluster.plan(backup));
            } catch (DorisOpsException e) {
                return failed(e);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            if (shownOnly(plan, operation, plan.approved())) {
                return OK;
            }
            return guarded(() -> cluster.run(operation, options()));
        }
    }
}
