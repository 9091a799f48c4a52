package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One typed thing an {@link Operation} does to a node or to the cluster. The runner performs each
 * through the node-operations port (scripts over a {@link Transport} on hosts), journals it and
 * reports it as a step event named by {@link #key()}. Every action is idempotent: doing it again after
 * it was done (a resumed run redoing the action a crash cut short) changes nothing more.
 */
public sealed interface Action
        permits Action.Stage,
                Action.Stop,
                Action.Backup,
                Action.Deploy,
                Action.Start,
                Action.AwaitReady,
                Action.Restore,
                Action.CreateImage,
                Action.Install,
                Action.WriteConf,
                Action.AddMember {

    /** The action's name in events, the journal and the CLI, e.g. {@code await-ready}. */
    String key();

    /** The action in a few words for people. */
    String describe();

    /** True when the action takes the node out of service: the step's safety checks and hooks come first. */
    default boolean disruptive() {
        return false;
    }

    /**
     * Uploads the package to the node's host once per host and extracts the role's {@code bin/} and
     * {@code lib/} beside the node's home, so the swap later is two renames.
     *
     * @param packageFile the release tarball on this machine
     */
    record Stage(String packageFile) implements Action {
        public Stage {
            requireNonNull(packageFile, "packageFile");
        }

        @Override
        public String key() {
            return "stage";
        }

        @Override
        public String describe() {
            return "stage the package beside the node's home";
        }
    }

    /** Runs the stop script and waits until the process is gone; nothing when it is already stopped. */
    record Stop() implements Action {
        @Override
        public String key() {
            return "stop";
        }

        @Override
        public String describe() {
            return "stop";
        }

        @Override
        public boolean disruptive() {
            return true;
        }
    }

    /** Moves {@code bin/} and {@code lib/} to {@code bin_backup_<stamp>/} and {@code lib_backup_<stamp>/}. */
    record Backup(String stamp) implements Action {
        public Backup {
            Stamps.requireValid(stamp);
        }

        @Override
        public String key() {
            return "backup";
        }

        @Override
        public String describe() {
            return "move bin/ and lib/ to *_backup_" + stamp;
        }
    }

    /** Moves the staged {@code bin/} and {@code lib/} into place; {@code conf/} and data stay. */
    record Deploy(String stamp, Version version) implements Action {
        public Deploy {
            Stamps.requireValid(stamp);
            requireNonNull(version, "version");
        }

        @Override
        public String key() {
            return "deploy";
        }

        @Override
        public String describe() {
            return "deploy the " + version.number() + " bin/ and lib/";
        }
    }

    /**
     * Runs the start script with {@code --daemon} and {@code args} (a new FE's {@code --helper
     * host:edit_log_port}); nothing when the node is already running.
     *
     * @param args further start options, each a plain word (letters, digits, {@code _.:/=-})
     */
    record Start(java.util.List<String> args) implements Action {
        public Start {
            args = java.util.List.copyOf(args);
            for (String arg : args) {
                if (!arg.matches("[A-Za-z0-9_.:/=\\[\\]-]+")) {
                    throw new IllegalArgumentException("start option \"" + arg + "\" is not a plain word");
                }
            }
        }

        /** A start with no further options. */
        public Start() {
            this(java.util.List.of());
        }

        /** A new FE's first start: {@code --helper host:port} joins it to the cluster through that FE. */
        public static Start withHelper(String helper, java.util.List<String> more) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--helper", helper));
            args.addAll(more);
            return new Start(args);
        }

        @Override
        public String key() {
            return "start";
        }

        @Override
        public String describe() {
            return "start with --daemon" + (args.isEmpty() ? "" : " " + String.join(" ", args));
        }
    }

    /**
     * Waits until the node serves: process alive and HTTP ready and, with {@code sqlView}, alive in the
     * master's view; with a version, at that version. Ends at once when the process dies or logs a fatal
     * line.
     *
     * @param version the version to expect, empty for any
     * @param sqlView false to accept the HTTP probe alone (an FE follower started before its quorum)
     */
    record AwaitReady(Optional<Version> version, boolean sqlView) implements Action {
        public AwaitReady {
            requireNonNull(version, "version");
        }

        /** Ready at a version in HTTP and the master's view. */
        public static AwaitReady at(Version version) {
            return new AwaitReady(Optional.of(version), true);
        }

        @Override
        public String key() {
            return "await-ready";
        }

        @Override
        public String describe() {
            return "wait until ready" + version.map(v -> " at " + v.number()).orElse("")
                    + (sqlView ? "" : " (HTTP only)");
        }
    }

    /**
     * Puts {@code bin_backup_<stamp>/} and {@code lib_backup_<stamp>/} back, keeping the replaced ones
     * as {@code *_failed_<stamp>_<time>/}; nothing when there is no backup of that stamp.
     */
    record Restore(String stamp) implements Action {
        public Restore {
            Stamps.requireValid(stamp);
        }

        @Override
        public String key() {
            return "restore";
        }

        @Override
        public String describe() {
            return "restore bin/ and lib/ from *_backup_" + stamp;
        }
    }

    /** {@code ALTER SYSTEM CREATE IMAGE} on the master (StarRocks, before the FEs of a minor upgrade). */
    record CreateImage() implements Action {
        @Override
        public String key() {
            return "create-image";
        }

        @Override
        public String describe() {
            return "ALTER SYSTEM CREATE IMAGE";
        }
    }

    /**
     * Installs a release package into the node's home: uploads it once per host and extracts the role's
     * component ({@code fe/}, {@code be/}) into the home; nothing when this version is installed there
     * already. Never touches a data directory.
     *
     * @param packageFile the release tarball on this machine
     * @param version the version the package holds
     */
    record Install(String packageFile, Version version) implements Action {
        public Install {
            requireNonNull(packageFile, "packageFile");
            requireNonNull(version, "version");
        }

        @Override
        public String key() {
            return "install";
        }

        @Override
        public String describe() {
            return "install " + version.number() + " into the home";
        }
    }

    /**
     * Writes the node's conf file ({@code fe.conf}, {@code be.conf}, {@code cn.conf}) from the topology:
     * ports, {@code priority_networks}, {@code meta_dir} or {@code storage_root_path}, extra keys; the
     * package's other settings stay. Creates the meta dir or storage roots, empty.
     */
    record WriteConf() implements Action {
        @Override
        public String key() {
            return "write-conf";
        }

        @Override
        public String describe() {
            return "write the conf file from the topology";
        }
    }

    /**
     * Registers the node on the master: {@code ALTER SYSTEM ADD FOLLOWER|OBSERVER "host:edit_log_port"}
     * or {@code ADD BACKEND|COMPUTE NODE "host:heartbeat_service_port"}; nothing when it is a member.
     */
    record AddMember() implements Action {
        @Override
        public String key() {
            return "add";
        }

        @Override
        public String describe() {
            return "ALTER SYSTEM ADD on the master";
        }
    }
}
