package io.dorisops.internal.plan;

import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.Operation.Kind;
import io.dorisops.Operation.Reason;
import io.dorisops.Operation.Step;
import io.dorisops.ReplicaFacts;
import io.dorisops.Topology;
import io.dorisops.internal.action.Action;
import io.dorisops.spi.BackupJob;
import io.dorisops.spi.ClusterAdmin;
import io.dorisops.spi.RepositoryInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The plan of a backup ({@code docs/backup.md}): one cluster step, {@code submit-backup} then {@code
 * await-backup}. Planning reads the cluster and refuses, before anything is locked, journaled or sent:
 *
 * <ol>
 *   <li>a name that is not a plain name (database, table, repository, label);
 *   <li>a repository the cluster does not list, or one that is read only;
 *   <li>a database without tables, or a table it does not have;
 *   <li>a database whose backup or restore job is still running (the FE allows one per database).
 * </ol>
 *
 * <p>The label is fixed in the plan ({@code dorisops_<db>_<yyyyMMdd_HHmmss>} unless given), so a resumed
 * run finds its own job by it.
 */
public final class BackupPlans {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private BackupPlans() {}

    public static Operation backup(
            Topology topology,
            ClusterAdmin admin,
            String database,
            List<String> tables,
            String repository,
            Optional<String> label,
            Duration stallAfter,
            Map<String, Duration> stallAfterByState,
            Instant now) {
        String cluster = "backup of " + database + " (" + topology.name() + ")";
        name(cluster, "database", database);
        tables.forEach(table -> name(cluster, "table", table));
        name(cluster, "repository", repository);
        String chosen = label.orElse("dorisops_" + database.replace('-', '_') + "_" + STAMP.format(now));
        name(cluster, "label", chosen);
        RepositoryInfo repo = admin.repositories().stream()
                .filter(r -> r.name().equals(repository))
                .findFirst()
                .orElseThrow(() -> refused(
                        cluster,
                        "the cluster has no repository " + repository + " (it has "
                                + admin.repositories().stream()
                                        .map(RepositoryInfo::name)
                                        .toList()
                                + "); add it with dorisops backup repo add"));
        if (repo.readOnly()) {
            throw refused(cluster, "repository " + repository + " is read only; back up to a writable one");
        }
        Set<String> have = new TreeSet<>();
        ReplicaFacts facts = admin.replicaFacts();
        facts.partitions().stream()
                .map(ReplicaFacts.Partition::table)
                .filter(t -> t.startsWith(database + "."))
                .forEach(t -> have.add(t.substring(database.length() + 1)));
        if (have.isEmpty()) {
            throw refused(cluster, "the cluster has no database " + database + " with tables (SHOW DATABASES)");
        }
        List<String> missing = tables.stream().filter(t -> !have.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw refused(
                    cluster,
                    "database " + database + " has no table " + String.join(", ", missing) + "; its tables are "
                            + have);
        }
        Optional<BackupJob> running =
                admin.backupJobs(database).stream().filter(j -> !j.done()).findFirst();
        if (running.isPresent()) {
            throw refused(
                    cluster,
                    "backup " + running.get().label() + " of " + database + " is still running (state "
                            + running.get().state()
                            + "); the cluster runs one backup or restore job per database. Wait for"
                            + " it, or cancel it with CANCEL BACKUP FROM " + database);
        }
        Step step = Step.cluster(
                Reason.BACKUP_ONE_JOB,
                List.of(
                        new Action.SubmitBackup(database, tables, repository, chosen),
                        new Action.AwaitBackup(database, chosen, stallAfter, stallAfterByState)));
        return new Operation(
                Kind.BACKUP,
                topology.name(),
                topology.flavor(),
                Optional.empty(),
                false,
                List.of(step),
                List.of(),
                List.of(),
                Optional.empty(),
                now);
    }

    private static void name(String cluster, String field, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    cluster + ": the " + field + " name \"" + value.replaceAll("\\p{Cntrl}", "?")
                            + "\" is not a plain name (a letter, then letters, digits, '_' and '-', at most 64); nothing was changed");
        }
    }

    private static DorisOpsException refused(String cluster, String why) {
        return new DorisOpsException(cluster + " is refused: " + why + ". Nothing was changed");
    }
}
