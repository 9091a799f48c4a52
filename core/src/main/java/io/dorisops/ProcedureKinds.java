package io.dorisops;

import static java.util.Objects.requireNonNull;

import io.dorisops.internal.Durations;
import io.dorisops.internal.engine.Procedures;
import io.dorisops.internal.run.RunSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The procedures other than {@link Procedure.Upgrade}: values a user builds with {@link Procedure}'s
 * factories and never names, each planning itself with the engine's {@link Procedures}.
 */
final class ProcedureKinds {

    private ProcedureKinds() {}

    /** The operation {@code procedure} will run, read from the cluster once; nothing is changed. */
    static Operation plan(Procedure procedure, Procedures engine) {
        Operation planned = procedure instanceof Procedure.Upgrade upgrade
                ? engine.planUpgrade(upgrade.packageFile())
                : ((Planned) procedure).plan(engine);
        return procedure instanceof Drained drained && !drained.drain() ? engine.withoutDrain(planned) : planned;
    }

    /** The engine's options for a run of {@code procedure} other than an upgrade: {@code run}'s. */
    static RunSettings applyTo(Procedure procedure, RunSettings run) {
        return procedure instanceof Restart restart && restart.maxParallel() != run.maxParallel()
                ? run.toBuilder().maxParallel(restart.maxParallel()).build()
                : run;
    }

    /** A procedure whose plan drains each BE before it stops unless {@link Procedure#noDrain()} said not to. */
    interface Drained {
        /** False after {@link Procedure#noDrain()}. */
        boolean drain();
    }

    /** How a procedure other than an upgrade plans itself. */
    interface Planned {
        Operation plan(Procedures engine);
    }

    record Restart(List<Node> nodes, int maxParallel, boolean drain) implements Procedure, Planned, Drained {
        Restart {
            if (maxParallel < 1) {
                throw new IllegalArgumentException(
                        "maxParallel must be 1 or more, was " + maxParallel + "; 1 restarts one node at a time");
            }
        }

        @Override
        public Operation.Kind kind() {
            return Operation.Kind.RESTART;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planRestart(nodes);
        }

        @Override
        public Procedure noDrain() {
            return new Restart(nodes, maxParallel, false);
        }
    }

    record Start(List<Node> nodes) implements Procedure, Planned {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.START;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planStart(nodes);
        }
    }

    record Stop(List<Node> nodes) implements Procedure, Planned {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.STOP;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planStop(nodes);
        }
    }

    record Rollback(Optional<String> runId) implements Procedure, Planned {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.ROLLBACK;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planRollback(runId);
        }
    }

    record Deploy(Path packageFile) implements Procedure, Planned {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.DEPLOY;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planDeploy(packageFile);
        }
    }

    record ScaleOut(List<Node> nodes, Optional<Path> packageFile, Optional<String> helper)
            implements Procedure, Planned {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.SCALE_OUT;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planScaleOut(nodes, packageFile, helper);
        }
    }

    record ScaleIn(List<Node> nodes, Duration stuckAfter, boolean drain) implements Procedure, Planned, Drained {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.SCALE_IN;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planScaleIn(nodes, stuckAfter);
        }

        @Override
        public Procedure noDrain() {
            return new ScaleIn(nodes, stuckAfter, false);
        }
    }

    record CancelScaleIn(List<Node> nodes) implements Procedure, Planned {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.CANCEL_SCALE_IN;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planCancelScaleIn(nodes);
        }
    }

    record FailoverDrill() implements Procedure, Planned {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.FAILOVER_DRILL;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planFailoverDrill();
        }
    }

    record RebuildBackend(Node node, Optional<String> restoreStamp) implements Procedure, Planned {
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.REBUILD;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planRebuildBackend(node, restoreStamp);
        }
    }

    record UpgradeImage(Version target, Map<String, String> images) implements Procedure, Planned {
        UpgradeImage {
            requireNonNull(target, "target");
            images.forEach((component, image) -> {
                requireNonNull(component, "component");
                requireNonNull(image, "image of " + component);
            });
            images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
        }

        @Override
        public Operation.Kind kind() {
            return Operation.Kind.UPGRADE;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planImageUpgrade(target, images);
        }
    }

    record Scale(String component, int replicas) implements Procedure, Planned {
        Scale {
            requireNonNull(component, "component");
            if (replicas < 0) {
                throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
            }
        }

        /** A scale-in; the plan is a scale-out when the replicas do not fall. */
        @Override
        public Operation.Kind kind() {
            return Operation.Kind.SCALE_IN;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planComponentScale(component, replicas);
        }
    }

    record Backup(
            String database,
            List<String> tables,
            String repository,
            Optional<String> label,
            Duration stallAfter,
            Map<String, Duration> stallAfterByState)
            implements Procedure, Planned {
        Backup {
            requireNonNull(database, "database");
            tables = List.copyOf(tables);
            requireNonNull(repository, "repository");
            requireNonNull(label, "label");
            Durations.positive("stallAfter", stallAfter);
            stallAfterByState = Map.copyOf(stallAfterByState);
        }

        @Override
        public Operation.Kind kind() {
            return Operation.Kind.BACKUP;
        }

        @Override
        public Operation plan(Procedures engine) {
            return engine.planBackup(database, tables, repository, label, stallAfter, stallAfterByState);
        }
    }
}
