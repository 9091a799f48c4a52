package io.dorisops.testkit.internal;

import io.dorisops.Flavor;
import io.dorisops.Role;

/**
 * The {@code bin/} scripts of a simulated node. They keep the release scripts' names, options,
 * messages, exit codes, pid files and signals (reference facts §5); what they launch is the
 * simulated node process.
 */
public final class Scripts {
    /** Keeps a node JVM small and quick to start. */
    public static final String JVM_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k"
            + " -Xms8m -Xmn4m -Xmx48m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=16m"
            + " -XX:-UsePerfData -Xshare:auto -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
            + " -XX:+IgnoreUnrecognizedVMOptions -Djava.awt.headless=true";

    /** The main class of every simulated node process. */
    public static final String MAIN = "io.dorisops.testkit.internal.node.SimNodeMain";

    private Scripts() {}

    /** The start script's text. */
    public static String start(Flavor flavor, Role role, String version, String java) {
        return switch (role) {
            case FE_FOLLOWER, FE_OBSERVER -> startFe(flavor, version, java);
            case BE, CN -> startBe(flavor, role, version, java);
            case META_SERVICE, RECYCLER -> startMs(version, java);
            case BROKER -> throw new IllegalArgumentException("the sandbox has no broker");
        };
    }

    /** The stop script's text. */
    public static String stop(Flavor flavor, Role role) {
        String pid = flavor.pidFile(role).substring("bin/".length());
        String comm = flavor.processName(role);
        if (role.isMetaService()) {
            return HEADER
                    + "pidfile=\"${curdir}/" + pid + "\"\n"
                    + "if [[ ! -f \"${pidfile}\" ]]; then echo \"doris_cloud may not start\"; exit 1; fi\n"
                    + "pid=\"$(cat \"${pidfile}\")\"\n"
                    + "kill -2 \"${pid}\" >/dev/null 2>&1\n"
                    + "rm -f \"${pidfile}\"\n";
        }
        boolean doris = flavor == Flavor.DORIS;
        boolean fe = role.isFrontend();
        String defaultSignal = !doris && fe ? "15" : "9";
        String gracefulSignal = !doris && fe ? "10" : "15";
        String options = doris
                ? "    --grace) sig=" + gracefulSignal + "; shift ;;\n"
                : "    -g|--graceful) sig=" + gracefulSignal + "; shift ;;\n"
                        + "    --timeout) timeout=\"$2\"; shift 2 ;;\n";
        String missing = doris ? "  echo \"ERROR: ${pidfile} does not exist\"\n  exit 1\n" : "  exit 0\n";
        String name = fe ? "fe" : role == Role.CN && !doris ? "cn" : "be";
        return HEADER
                + "sig=" + defaultSignal + "\ntimeout=0\n"
                + "while [[ $# -gt 0 ]]; do\n  case \"$1\" in\n" + options
                + "    *) echo \"Unknown option: $1\"; exit 1 ;;\n  esac\ndone\n"
                + "pidfile=\"${curdir}/" + pid + "\"\n"
                + "if [[ ! -f \"${pidfile}\" ]]; then\n" + missing + "fi\n"
                + "pid=\"$(cat \"${pidfile}\")\"\n"
                + "if [[ -z \"${pid}\" ]]; then echo \"ERROR: invalid pid.\"; exit 1; fi\n"
                + "if ! alive \"${pid}\"; then\n"
                + "  echo \"ERROR: " + name + " process ${pid} does not exist.\"\n"
                + "  rm -f \"${pidfile}\"\n  exit " + (doris ? "1" : "0") + "\nfi\n"
                + "pidcomm=\"$(ps -p \"${pid}\" -o comm=)\"\n"
                + "if [[ \"" + comm + "\" != \"${pidcomm}\" ]]; then\n"
                + "  echo \"ERROR: pid process may not be " + name + ". \"\n  exit 1\nfi\n"
                + "kill -\"${sig}\" \"${pid}\" >/dev/null 2>&1\n"
                + "waited=0\n"
                + "while alive \"${pid}\"; do\n"
                + "  if [[ ${timeout} -gt 0 && ${waited} -ge $((timeout * 10)) ]]; then kill -9 \"${pid}\" >/dev/null 2>&1; fi\n"
                + "  sleep 0.1\n  waited=$((waited + 1))\ndone\n"
                + "echo \"stop " + comm + ", and remove pid file. \"\n"
                + "rm -f \"${pidfile}\"\n";
    }

    private static final String HEADER = "#!/usr/bin/env bash\n"
            + "# dorisops testkit: a simulated node script with the release script's name, options, messages and exit codes.\n"
            + "curdir=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" &>/dev/null && pwd)\"\n"
            + "NODE_HOME=\"$(cd \"${curdir}/..\" &>/dev/null && pwd)\"\n"
            + "alive() { local s; s=\"$(ps -o stat= -p \"$1\" 2>/dev/null)\"; [[ -n \"${s}\" && \"${s}\" != Z* ]]; }\n";

    private static String launcher(
            String java, String executable, String jar, String fakeMain, String out, String args) {
        return "JAVA=\"${JAVA_HOME:+${JAVA_HOME}/bin/java}\"\n"
                + "if [[ -z \"${JAVA}\" || ! -x \"${JAVA}\" ]]; then JAVA='" + java + "'; fi\n"
                // The process-name link to java is made here, not shipped: a package holds no link that
                // leaves it (PackageInfo refuses one), and a deploy replaces lib/.
                + (executable.equals("\"${JAVA}\"")
                        ? ""
                        : "if [[ ! -x " + executable + " ]]; then ln -sfn \"${JAVA}\" " + executable + "; fi\n")
                + "EXE=" + executable + "\n"
                // The shared class path first: the class-data sharing archive was made for it (a prefix).
                + "CP=\"$(cat \"${NODE_HOME}/lib/sim.classpath\"):${NODE_HOME}/lib/" + jar + "\"\n"
                + "CDS=()\n"
                + "if [[ -f \"${NODE_HOME}/lib/sim.cds\" ]]; then a=\"$(cat \"${NODE_HOME}/lib/sim.cds\")\";"
                + " if [[ -f \"${a}\" ]]; then CDS=(\"-XX:SharedArchiveFile=${a}\"); fi; fi\n"
                + "mkdir -p \"${NODE_HOME}/log\"\n"
                + "OUT=\"${NODE_HOME}/" + out + "\"\n"
                + "echo \"StdoutLogger $(date '+%Y-%m-%d %H:%M:%S') start\" >> \"${OUT}\"\n"
                + "CMD=(\"${EXE}\" " + JVM_OPTS + " \"${CDS[@]}\" -Dsim.main=" + fakeMain + " -cp \"${CP}\" " + MAIN
                + " --home \"${NODE_HOME}\" " + args + " \"${ARGS[@]}\")\n"
                + RESET_SIGNALS
                + "if [[ ${RUN_DAEMON} -eq 1 ]]; then\n"
                // Job control: the node gets a process group of its own, as a daemon has, so a Ctrl-C or a
                // group kill meant for whatever started it does not reach it.
                + "  set -m\n"
                + "  \"${RESET[@]}\" nohup \"${CMD[@]}\" >> \"${OUT}\" 2>&1 < /dev/null &\n"
                + "else\n"
                + "  exec \"${RESET[@]}\" \"${CMD[@]}\" >> \"${OUT}\" 2>&1 < /dev/null\nfi\n";
    }

    /**
     * Sets {@code RESET} to a command prefix that starts the node with SIGHUP, SIGINT, SIGQUIT and
     * SIGTERM at their defaults, whatever the script inherited. The real daemons stop on their stop
     * scripts' signals whatever they inherit, because they install their own handlers: {@code
     * doris_cloud} waits in brpc's {@code RunUntilAskedToQuit}, which takes SIGINT and SIGTERM even
     * when "shell may install SIGINT of background jobs with SIG_IGN" (apache/brpc {@code
     * src/brpc/server.cpp}, {@code RegisterQuitSignalOrDie}); {@code doris_be} installs SIGINT and
     * SIGTERM handlers with {@code sigaction} ({@code init_signals} in apache/doris {@code
     * be/src/common/daemon.cpp}). A JVM does not: HotSpot leaves an
     * inherited {@code SIG_IGN} of SIGINT, SIGTERM and SIGHUP in place and installs no shutdown
     * handler ({@code JVM_RegisterSignal}), and a shell cannot undo what it inherited ignored. So a
     * sandbox started from a background job (SIGINT ignored) or under {@code trap '' TERM} would
     * never stop on {@code stop.sh} or {@code --grace}. Reset with coreutils {@code env
     * --default-signal} (8.31+), else perl; where neither is there the node logs a warning. In daemon
     * mode {@code nohup} comes after the reset, so SIGHUP stays ignored as under the release scripts.
     */
    private static final String RESET_SIGNALS = "RESET=()\n"
            + "if env --default-signal=INT true >/dev/null 2>&1; then RESET=(env --default-signal=HUP,INT,QUIT,TERM)\n"
            + "elif command -v perl >/dev/null 2>&1; then RESET=(perl -e '$SIG{$_} = \"DEFAULT\" for qw(HUP INT QUIT TERM);"
            + " exec { $ARGV[0] } @ARGV or die \"cannot run $ARGV[0]: $!\\n\"')\n"
            + "fi\n";

    private static String startFe(Flavor flavor, String version, String java) {
        boolean doris = flavor == Flavor.DORIS;
        String options = doris
                ? "    --console) RUN_DAEMON=0; shift ;;\n"
                        + "    --metadata_failure_recovery) ARGS+=(--metadata_failure_recovery); shift ;;\n"
                        + "    --image|--cluster_snapshot) shift 2 ;;\n"
                        + "    --version) echo \"Build version: " + version + "\"; exit 0 ;;\n"
                : "    --logconsole|--debug) shift ;;\n    --host_type) shift 2 ;;\n";
        return HEADER
                + "RUN_DAEMON=0\nARGS=()\n"
                + "while [[ $# -gt 0 ]]; do\n  case \"$1\" in\n"
                + "    --daemon) RUN_DAEMON=1; shift ;;\n"
                + "    --helper) ARGS+=(--helper \"$2\"); shift 2 ;;\n"
                + options
                + "    *) echo \"Unknown option: $1\"; exit 1 ;;\n  esac\ndone\n"
                + "pidfile=\"${curdir}/fe.pid\"\n"
                + "if [[ -f \"${pidfile}\" ]] && alive \"$(cat \"${pidfile}\")\"; then\n"
                + "  echo \"Frontend running as process $(cat \"${pidfile}\")." + (doris ? " " : "  ")
                + "Stop it first.\"\n  exit 1\nfi\n"
                + launcher(java, "\"${JAVA}\"", flavor.feJar(), flavor.feMainClass(), "log/fe.out", "--role fe");
    }

    private static String startBe(Flavor flavor, Role role, String version, String java) {
        boolean doris = flavor == Flavor.DORIS;
        boolean cn = role == Role.CN && !doris;
        String pid = flavor.pidFile(role).substring("bin/".length());
        String options = doris
                ? "    --console) RUN_DAEMON=0; shift ;;\n    --version) echo \"" + version + "\"; exit 0 ;;\n"
                : "    --logconsole) RUN_DAEMON=0; shift ;;\n    --numa) shift 2 ;;\n";
        return HEADER
                + "RUN_DAEMON=0\nARGS=()\n"
                + "while [[ $# -gt 0 ]]; do\n  case \"$1\" in\n"
                + "    --daemon) RUN_DAEMON=1; shift ;;\n"
                + options
                + "    *) echo \"Unknown option: $1\"; exit 1 ;;\n  esac\ndone\n"
                + "pidfile=\"${curdir}/" + pid + "\"\n"
                + "if [[ -f \"${pidfile}\" ]]; then\n"
                + "  if alive \"$(cat \"${pidfile}\")\"; then\n"
                + "    echo \"" + (cn ? "ComputeNode" : "Backend") + " running as process $(cat \"${pidfile}\")."
                + " Stop it first.\"\n    exit 1\n  fi\n  rm -f \"${pidfile}\"\nfi\n"
                + launcher(
                        java,
                        "\"${NODE_HOME}/lib/" + flavor.beBinary() + "\"",
                        "sim-be.jar",
                        flavor.beBinary(),
                        flavor.outLog(role),
                        cn ? "--role cn" : "--role be");
    }

    private static String startMs(String version, String java) {
        return HEADER
                + "RUN_DAEMON=0\nARGS=()\n"
                + "while [[ $# -gt 0 ]]; do\n  case \"$1\" in\n"
                + "    --daemon|--daemonized|-daemonized) RUN_DAEMON=1; shift ;;\n"
                + "    --console) RUN_DAEMON=0; shift ;;\n"
                + "    --version) echo \"doris_cloud version: " + version + "\"; exit 0 ;;\n"
                + "    *) ARGS+=(\"$1\"); shift ;;\n  esac\ndone\n"
                + "pidfile=\"${curdir}/doris_cloud.pid\"\n"
                + "if [[ -f \"${pidfile}\" ]] && alive \"$(cat \"${pidfile}\")\"; then\n"
                + "  echo \"pid file existed, doris_cloud have already started, pid=$(cat \"${pidfile}\")\"\n"
                + "  exit 1\nfi\n"
                + "mkdir -p \"${NODE_HOME}/log\"; touch \"${NODE_HOME}/log/doris_cloud.out\"\n"
                + "before=$(wc -l < \"${NODE_HOME}/log/doris_cloud.out\")\n"
                + launcher(
                        java,
                        "\"${NODE_HOME}/lib/doris_cloud\"",
                        "sim-ms.jar",
                        "doris_cloud",
                        "log/doris_cloud.out",
                        "--role ms")
                + "for _ in $(seq 1 200); do\n"
                + "  if tail -n +$((before + 1)) \"${OUT}\" | grep -q 'successfully started brpc'; then\n"
                + "    echo \"doris_cloud start successfully\"\n    exit 0\n  fi\n"
                + "  sleep 0.1\ndone\n"
                + "echo \"doris_cloud may not start successfully, check log/doris_cloud.out\"\nexit 1\n";
    }
}
