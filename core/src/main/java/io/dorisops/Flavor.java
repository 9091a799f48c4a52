package io.dorisops;

import java.util.List;
import java.util.Optional;

/**
 * Apache Doris or StarRocks. Every naming difference between the two lives here: scripts, binaries,
 * pid files, logs, meta dir, config keys and SQL forms. No other class branches on the flavor.
 *
 * <p>Names follow the real release packages (see {@code docs/DESIGN.md} and the reference facts):
 * e.g. Doris {@code bin/stop_be.sh --grace}, StarRocks {@code bin/stop_be.sh --graceful}; Doris pins
 * {@code bin/fe.pid} and {@code bin/be.pid}; a StarRocks compute node has its own {@code start_cn.sh}
 * while a Doris compute node is a BE started by {@code start_be.sh}.
 */
public enum Flavor {
    DORIS("doris", "doris_be", "doris-fe.jar", "org.apache.doris.DorisFE", "doris-meta"),
    STARROCKS("starrocks", "starrocks_be", "starrocks-fe.jar", "com.starrocks.StarRocksFE", "meta");

    /**
     * A frontend config switch that a balance pause sets, and the value that pauses it.
     *
     * @param key the config key as {@code ADMIN SET FRONTEND CONFIG} takes it
     * @param pausedValue the value that stops balancing or scheduling
     */
    public record ConfigSwitch(String key, String pausedValue) {}

    private final String key;
    private final String beBinary;
    private final String feJar;
    private final String feMainClass;
    private final String metaDirName;

    Flavor(String key, String beBinary, String feJar, String feMainClass, String metaDirName) {
        this.key = key;
        this.beBinary = beBinary;
        this.feJar = feJar;
        this.feMainClass = feMainClass;
        this.metaDirName = metaDirName;
    }

    /** {@code doris} or {@code starrocks}, as topology files and the CLI spell it. */
    public String key() {
        return key;
    }

    /** Parses {@code doris} or {@code starrocks}, any case. */
    public static Flavor parse(String text) {
        for (Flavor flavor : values()) {
            if (flavor.key.equalsIgnoreCase(text.trim())) {
                return flavor;
            }
        }
        throw new IllegalArgumentException("unknown flavor \"" + text + "\"; expected doris or starrocks");
    }

    /** The BE binary under {@code lib/}: {@code doris_be} or {@code starrocks_be}; also the process name. */
    public String beBinary() {
        return beBinary;
    }

    /** The FE jar under {@code lib/}: {@code doris-fe.jar} or {@code starrocks-fe.jar}. */
    public String feJar() {
        return feJar;
    }

    /** The FE main class: {@code org.apache.doris.DorisFE} or {@code com.starrocks.StarRocksFE}. */
    public String feMainClass() {
        return feMainClass;
    }

    /** The default meta dir under the FE home: {@code doris-meta} or {@code meta}. */
    public String metaDirName() {
        return metaDirName;
    }

    /** True when the flavor has storage-compute decoupled MetaService and Recycler nodes (Doris only). */
    public boolean supports(Role role) {
        return !role.isMetaService() || this == DORIS;
    }

    /** The start script under {@code bin/} for a role. */
    public String startScript(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> "start_fe.sh";
            case BE -> "start_be.sh";
            case CN -> this == STARROCKS ? "start_cn.sh" : "start_be.sh";
            case BROKER -> "start_broker.sh";
            case META_SERVICE, RECYCLER -> "start.sh";
        };
    }

    /** The stop script under {@code bin/} for a role. */
    public String stopScript(Role role) {
        return startScript(role).replace("start", "stop");
    }

    /**
     * The arguments that start a role in the background when no separate Recycler is deployed: {@code
     * --daemon}, the Recycler with {@code --recycler}; a MetaService then runs the recycler too.
     */
    public List<String> startArgs(Role role) {
        return startArgs(role, false);
    }

    /**
     * The arguments that start a role in the background: {@code --daemon}; the Recycler with {@code
     * --recycler}; the MetaService with {@code --meta-service} when a separate Recycler is deployed.
     * Doris {@code cloud/script/start.sh}: with neither flag {@code role='MetaService and Recycler'} and
     * one process runs both, so without {@code --meta-service} a topology with a RECYCLER node would run
     * two recyclers.
     *
     * @param separateRecycler whether the topology has a RECYCLER node
     */
    public List<String> startArgs(Role role, boolean separateRecycler) {
        if (role == Role.RECYCLER) {
            return List.of("--recycler", "--daemon");
        }
        return role == Role.META_SERVICE && separateRecycler
                ? List.of("--meta-service", "--daemon")
                : List.of("--daemon");
    }

    /**
     * The arguments of the stop script. Without {@code graceful} the scripts' defaults apply (Doris
     * FE/BE and StarRocks BE: SIGKILL; StarRocks FE: SIGTERM). Graceful is Doris {@code --grace}
     * (SIGTERM), StarRocks {@code --graceful} (FE: SIGUSR1, BE/CN: SIGTERM).
     */
    public List<String> stopArgs(Role role, boolean graceful) {
        if (!graceful || role.isMetaService() || role == Role.BROKER) {
            return List.of();
        }
        return List.of(this == DORIS ? "--grace" : "--graceful");
    }

    /** The pid file relative to the node's home. */
    public String pidFile(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> "bin/fe.pid";
            case BE -> "bin/be.pid";
            case CN -> this == STARROCKS ? "bin/cn.pid" : "bin/be.pid";
            case BROKER -> "bin/apache_hdfs_broker.pid";
            case META_SERVICE, RECYCLER -> "bin/doris_cloud.pid";
        };
    }

    /** The config file relative to the node's home. */
    public String confFile(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> "conf/fe.conf";
            case BE -> "conf/be.conf";
            case CN -> this == STARROCKS ? "conf/cn.conf" : "conf/be.conf";
            case BROKER -> "conf/apache_hdfs_broker.conf";
            case META_SERVICE, RECYCLER -> "conf/doris_cloud.conf";
        };
    }

    /**
     * The file a node's live config changes are persisted to and read over {@link #confFile} at start,
     * relative to the home: Doris FE {@code conf/fe_custom.conf}, BE and CN {@code conf/be_custom.conf}
     * ({@code docs/config.md} §2, §3); empty for StarRocks, which has none, and for other roles.
     */
    public Optional<String> customConfFile(Role role) {
        if (this == STARROCKS) {
            return Optional.empty();
        }
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> Optional.of("conf/fe_custom.conf");
            case BE, CN -> Optional.of("conf/be_custom.conf");
            default -> Optional.empty();
        };
    }

    /** The file the start script sends the process's stdout and stderr to, relative to the home. */
    public String outLog(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> "log/fe.out";
            case BE -> "log/be.out";
            case CN -> this == STARROCKS ? "log/cn.out" : "log/be.out";
            case BROKER -> "log/apache_hdfs_broker.out";
            case META_SERVICE, RECYCLER -> "log/doris_cloud.out";
        };
    }

    /** The main log of the process, relative to the home: {@code log/fe.log}, {@code log/be.INFO}... */
    public String mainLog(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> "log/fe.log";
            case BE -> "log/be.INFO";
            case CN -> this == STARROCKS ? "log/cn.INFO" : "log/be.INFO";
            case BROKER -> "log/apache_hdfs_broker.log";
            case META_SERVICE, RECYCLER -> "log/doris_cloud.out";
        };
    }

    /** The process name ({@code /proc/PID/comm}) the stop scripts check: {@code java}, {@code doris_be}... */
    public String processName(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER, BROKER -> "java";
            case BE, CN -> beBinary;
            case META_SERVICE, RECYCLER -> "doris_cloud";
        };
    }

    /** The top directory of a release package: {@code apache-doris-2.1.8-bin-x64} or {@code StarRocks-3.3.5}. */
    public String packageDirName(Version version) {
        return this == DORIS ? "apache-doris-" + version.number() + "-bin-x64" : "StarRocks-" + version.number();
    }

    /** The directory inside a release package that holds a role's {@code bin/} and {@code lib/}. */
    public String packageComponentDir(Role role) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> "fe";
            case BE, CN -> "be";
            case BROKER -> this == DORIS ? "extensions/apache_hdfs_broker" : "apache_hdfs_broker";
            case META_SERVICE, RECYCLER -> "ms";
        };
    }

    /**
     * The switches the upgrade docs turn off before an upgrade and back on after: Doris {@code
     * disable_balance}, {@code disable_colocate_balance}, {@code disable_tablet_scheduler}; StarRocks
     * the canonical {@code tablet_sched_*} names of {@code disable_balance}, {@code
     * disable_colocate_balance}, {@code max_scheduling_tablets}, {@code max_balancing_tablets}.
     */
    public List<ConfigSwitch> balanceSwitches() {
        return this == DORIS
                ? List.of(
                        new ConfigSwitch("disable_balance", "true"),
                        new ConfigSwitch("disable_colocate_balance", "true"),
                        new ConfigSwitch("disable_tablet_scheduler", "true"))
                : List.of(
                        new ConfigSwitch("tablet_sched_disable_balance", "true"),
                        new ConfigSwitch("tablet_sched_disable_colocate_balance", "true"),
                        new ConfigSwitch("tablet_sched_max_scheduling_tablets", "0"),
                        new ConfigSwitch("tablet_sched_max_balancing_tablets", "0"));
    }

    /**
     * True when compute nodes are registered and listed apart from backends: StarRocks {@code ALTER
     * SYSTEM ADD|DROP COMPUTE NODE} and {@code SHOW COMPUTE NODES}. On Doris a compute node is a backend
     * whose be.conf says {@code be_node_role = computation}: added with {@code ADD BACKEND}, listed by
     * {@code SHOW BACKENDS} with {@code NodeRole=computation}.
     */
    public boolean separateComputeNodes() {
        return this == STARROCKS;
    }

    /**
     * True when the master can stop planning queries and loads on a BE before it stops: Doris {@code ALTER
     * SYSTEM MODIFY BACKEND ... SET ("disable_query" = "true", "disable_load" = "true")} (1.0+). StarRocks
     * has no such flag: its drain is the graceful stop itself ({@code docs/drain.md}).
     */
    public boolean disablesBackends() {
        return this == DORIS;
    }

    /** True when upgrades across minor versions need {@code ALTER SYSTEM CREATE IMAGE} first (StarRocks). */
    public boolean createsImageBetweenMinors() {
        return this == STARROCKS;
    }

    /**
     * How an FE of a version is told to start alone on a copied meta dir (the metadata compatibility
     * test of the upgrade runbooks), reference facts §10.
     *
     * @param confLine the fe.conf line that switches it on, empty when the version takes a start option
     * @param startOption the start script option, empty when the version takes a fe.conf line
     */
    public record RecoverySwitch(java.util.Optional<String> confLine, java.util.Optional<String> startOption) {
        public RecoverySwitch {
            java.util.Objects.requireNonNull(confLine, "confLine");
            java.util.Objects.requireNonNull(startOption, "startOption");
        }

        /** The switch for people: {@code fe.conf metadata_failure_recovery = true} or the start option. */
        public String describe() {
            return confLine.map(line -> "fe.conf " + line).orElseGet(() -> "start_fe.sh " + startOption.orElse(""));
        }
    }

    /**
     * The recovery switch in the form an FE version takes: Doris before 2.0.2 and StarRocks up to 3.1.9
     * and 3.2.0 to 3.2.4 read {@code metadata_failure_recovery = true} in fe.conf; Doris 2.0.2 and later
     * take only {@code start_fe.sh --metadata_failure_recovery} (the fe.conf key was dropped, PR #24308);
     * StarRocks 3.1.10+, 3.2.5+ and 3.3+ read {@code bdbje_reset_election_group = true}.
     */
    public RecoverySwitch recoverySwitch(Version version) {
        java.util.Objects.requireNonNull(version, "version");
        java.util.Optional<String> none = java.util.Optional.empty();
        if (this == DORIS) {
            return version.compareTo(Version.of(2, 0, 2)) >= 0
                    ? new RecoverySwitch(none, java.util.Optional.of("--metadata_failure_recovery"))
                    : new RecoverySwitch(java.util.Optional.of("metadata_failure_recovery = true"), none);
        }
        boolean reset = version.compareTo(Version.of(3, 3, 0)) >= 0
                || (version.major() == 3 && version.minor() == 2 && version.patch() >= 5)
                || (version.major() == 3 && version.minor() == 1 && version.patch() >= 10);
        return new RecoverySwitch(
                java.util.Optional.of(reset ? "bdbje_reset_election_group = true" : "metadata_failure_recovery = true"),
                none);
    }

    /** The upgrade-path rules of this flavor. */
    public UpgradePath upgradePath() {
        return UpgradePath.of(this);
    }
}
