package io.dorisops.internal.fecheck;

import io.dorisops.DorisOpsException;
import io.dorisops.Flavor;
import io.dorisops.FrontendCheckOptions;
import io.dorisops.FrontendCheckResult;
import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import io.dorisops.Role;
import io.dorisops.Transports;
import io.dorisops.internal.Stamps;
import io.dorisops.internal.context.Engine;
import io.dorisops.internal.context.Events;
import io.dorisops.internal.context.TransferProgress;
import io.dorisops.internal.gate.PackageGates;
import io.dorisops.internal.host.HostPackages;
import io.dorisops.internal.pkg.PackageInfo;
import io.dorisops.spi.ExecResult;
import io.dorisops.spi.PackageFile;
import io.dorisops.spi.Transport;
import io.dorisops.spi.Transport.TransferListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FE metadata compatibility check of the upgrade runbooks (seeds 000 and 001, "测试FE升级的正确性"):
 * a test FE of the new version on a copy of the master's meta dir that can never reach the live
 * cluster.
 *
 * <p>Algorithm:
 *
 * <ol>
 *   <li>Refuse bad input before anything runs, every problem at once: a package that is not a release
 *       of the cluster's flavor or has no {@code fe/}; no master; a master meta dir that is missing,
 *       unreadable or has no {@code image/VERSION}; a scratch home inside (or around) a live home on
 *       the test host, or one that exists and is not empty; no room for the meta copy where it goes;
 *       across hosts, a transport of either host that cannot stream; fewer than four free ports in the
 *       range.
 *   <li>Choose four ports of the range that are neither a port of any live node on the test host nor
 *       listening there now (read through that host's transport, not assumed).
 *   <li>Install the package's {@code fe/} into the scratch home; on another machine the package is uploaded
 *       first, its bytes reported as {@code TRANSFER} events of the node {@value #EVENT_NODE}.
 *   <li>Copy the master's meta dir, read-only, while the master runs (one {@code tar} read, as the
 *       seeds' copy), private (0700 directories, 0600 files), streamed: on one host {@code tar c | tar
 *       x}, across hosts {@code tar -cf -} on the master piped through this machine into {@code tar
 *       -xf -} on the test host, so nothing is written on the master's host. The copy is made beside its
 *       place and renamed into it only when both ends succeeded. The room for it (the meta dir's {@code
 *       du} plus a margin) was checked where it goes in step 1.
 *   <li>Rewrite {@code clusterId} in the copy's {@code image/VERSION} to the test id.
 *   <li>Write the test FE's {@code fe.conf}: the master's, with every port, the meta dir, the log dirs
 *       and any recovery key replaced: the four ports, the copy, {@code ${HOME}/log}, {@code
 *       cluster_id} and the recovery switch when the version takes it in fe.conf.
 *   <li>Start the test FE ({@code --daemon}, plus {@code --metadata_failure_recovery} where the version
 *       takes the option); no {@code --helper}.
 *   <li>Watch {@code fe.log} and {@code /api/bootstrap} (with the test id and the copy's token): pass
 *       when the image was loaded (or there is none: {@code image does not exist: …}, a master that never
 *       checkpointed), the journal replayed ({@code ... finished to replay journal, can write now.}) and
 *       bootstrap says ready (asked again with the topology's SQL user when it wants HTTP auth); fail at
 *       once when the process exits; fail at the deadline.
 *   <li>Stop the test FE; remove the scratch home after a pass unless kept (always kept after a fail);
 *       a kept one keeps its logs and fe.conf, never the meta copy (removed also when a step threw).
 * </ol>
 *
 * <p>The live cluster is not touched: other ports, another cluster id (a live BE refuses the test
 * FE's heartbeats), no helper, and the master's meta dir is only read.
 */
public final class FrontendCheck {

    private static final Logger log = LoggerFactory.getLogger(FrontendCheck.class);

    /** The node id of the check's events (it is no node of the topology). */
    public static final String EVENT_NODE = "fe-check";

    private final Engine engine;
    private final Function<String, Transport> hosts;
    private final Events events;

    /** A check telling {@code events} of its package upload. */
    public FrontendCheck(Engine engine, Function<String, Transport> hosts, Events events) {
        this.engine = engine;
        this.hosts = hosts;
        this.events = events;
    }

    /** Steps 1-9 for a package. @throws PreconditionFailedException when the input is refused (nothing ran) */
    public FrontendCheckResult run(Path packageFile, FrontendCheckOptions options) {
        long begin = System.nanoTime();
        Flavor flavor = engine.topology().flavor();
        List<String> problems = new ArrayList<>();
        PackageInfo pkg = null;
        try {
            pkg = engine.packageInfo(packageFile.toAbsolutePath().toString());
            pkg.missingFor(flavor, Role.FE_FOLLOWER).ifPresent(problems::add);
        } catch (DorisOpsException e) {
            problems.add(e.getMessage());
        }
        Node master = engine.view()
                .master()
                .orElseThrow(() -> new DorisOpsException(engine.topology().name()
                        + ": the master FE is not a node of the topology; check SHOW FRONTENDS"));
        FrontendCheckHost source = new FrontendCheckHost(hosts.apply(master.host()), engine.readyTimeout());
        Path meta = FrontendCheckConf.metaDir(source, master, flavor);
        String metaProblem = source.metaProblem(meta);
        if (!metaProblem.isEmpty()) {
            problems.add("master " + master.label() + ": " + metaProblem);
        }
        String hostName = options.host().orElse("127.0.0.1");
        FrontendCheckHost target = new FrontendCheckHost(hosts.apply(hostName), engine.readyTimeout());
        Path workDir = options.workDir()
                .orElseGet(
                        () -> Path.of(Transports.isLoopback(hostName) ? System.getProperty("java.io.tmpdir") : "/tmp"));
        Path scratch = freshScratch(target, workDir);
        List<Node> onHost = engine.topology().nodes().stream()
                .filter(node -> sameMachine(node.host(), hostName))
                .toList();
        for (Node node : onHost) {
            Path home = node.home().normalize();
            Path dir = scratch.normalize();
            if (dir.startsWith(home) || home.startsWith(dir)) {
                problems.add("scratch directory " + scratch + " is inside (or holds) the live home " + home + " of "
                        + node.label() + "; choose a directory outside every node's home");
            }
        }
        String scratchProblem = target.scratchProblem(scratch);
        if (!scratchProblem.isEmpty()) {
            problems.add("scratch directory " + scratchProblem + "; choose a new one or remove it");
        }
        if (metaProblem.isEmpty()) {
            problems.addAll(FrontendCheckHost.roomProblems(source, master, meta, target, scratch));
        }
        if (!sameMachine(master.host(), hostName)) {
            List.of(source, target).stream()
                    .map(FrontendCheckHost::streamProblem)
                    .filter(problem -> !problem.isEmpty())
                    .forEach(problems::add);
        }
        Set<Integer> live = new TreeSet<>(target.listeningPorts());
        onHost.forEach(node -> live.addAll(node.ports().inUse().values()));
        List<Integer> free = new ArrayList<>();
        for (int port = options.firstPort(); port <= options.lastPort() && free.size() < 4; port++) {
            if (!live.contains(port)) {
                free.add(port);
            }
        }
        if (free.size() < 4) {
            problems.add("no free ports: " + hostName + " has " + free.size() + " ports in " + options.firstPort()
                    + "-" + options.lastPort() + " that no live node uses and nothing listens on, the test FE needs"
                    + " 4; give another range");
        }
        if (!problems.isEmpty()) {
            throw new PreconditionFailedException(
                    "the FE metadata check of " + engine.topology().name() + " refused its input; nothing was run:",
                    problems);
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("http_port", free.get(0));
        ports.put("rpc_port", free.get(1));
        ports.put("query_port", free.get(2));
        ports.put("edit_log_port", free.get(3));
        Flavor.RecoverySwitch recovery = flavor.recoverySwitch(pkg.version());
        Path feHome = scratch.resolve("fe");
        Path copy = feHome.resolve(flavor.metaDirName());
        List<String> evidence = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        boolean passed = false;
        boolean finished = false;
        try {
            target.install(
                    scratch,
                    packageOn(target, pkg.verified(), scratch, engine.readyTimeout(), upload(events, target)),
                    pkg.topDir());
            copyMeta(source, master, meta, target, copy);
            target.rewriteClusterId(copy.resolve("image/VERSION"), options.clusterId());
            target.write(
                    feHome.resolve("conf/fe.conf"),
                    FrontendCheckConf.conf(flavor, source, master, copy, ports, options, recovery));
            ExecResult started =
                    target.start(feHome, recovery.startOption().stream().toList());
            if (!started.succeeded()) {
                errors.add("start_fe.sh exit " + started.exitCode() + ": "
                        + started.tail(3).strip());
            } else {
                String url = "http://" + hostName + ":" + ports.get("http_port") + "/api/bootstrap?cluster_id="
                        + options.clusterId() + "&token=" + FrontendCheckConf.token(target, copy);
                passed = new FrontendCheckWatch(
                                target,
                                feHome,
                                FrontendCheckWatch.bootstrap(
                                        url, engine.topology().sql()),
                                engine.waiter(log::debug))
                        .watch(options.timeout(), evidence, errors);
            }
            finished = true;
        } finally {
            try {
                target.stop(feHome);
            } catch (DorisOpsException e) {
                errors.add("stopping the test FE failed: " + e.getMessage());
                passed = false;
            }
            if (!finished) {
                removeCopyAfterFailure(target, scratch, copy);
            }
        }
        boolean kept = !passed || options.keep();
        if (!kept) {
            target.remove(scratch);
        } else {
            target.removeCopy(scratch, copy); // the logs and fe.conf stay for inspection, never the metadata
        }
        return new FrontendCheckResult(
                passed,
                pkg.version(),
                master.id(),
                hostName,
                scratch.toString(),
                kept,
                ports,
                live,
                recovery.describe(),
                evidence,
                errors,
                Duration.ofNanos(System.nanoTime() - begin));
    }

    /**
     * The pre-flight gate {@code fe-metadata-check} of an upgrade: for a change of minor or major version
     * the check runs on the package (last, once every other gate passed); its failure, or why it could not
     * run, starts with the gate's name.
     */
    public static Optional<String> preflight(Engine engine, io.dorisops.Operation operation, Events events) {
        Optional<String> pkg = PackageGates.stagedPackage(operation);
        boolean crossesSeries = operation.target().isPresent()
                && operation.steps().stream()
                        .flatMap(step -> step.from().stream())
                        .anyMatch(from -> !from.sameSeries(operation.target().get()));
        if (pkg.isEmpty() || !crossesSeries) {
            return Optional.empty();
        }
        try {
            FrontendCheckResult result = new FrontendCheck(engine, engine::host, events)
                    .run(Path.of(pkg.get()), engine.options().frontendCheck());
            return result.passed()
                    ? Optional.empty()
                    : Optional.of("fe-metadata-check: " + result.summary()
                            + "\n  the new FE cannot load this cluster's metadata; do not upgrade (skip only with"
                            + " --skip-fe-check)");
        } catch (PreconditionFailedException e) {
            return Optional.of("fe-metadata-check: could not run: " + String.join("; ", e.failures()));
        } catch (DorisOpsException e) {
            return Optional.of("fe-metadata-check: could not run: " + e.getMessage());
        }
    }

    /**
     * The scratch home {@code dorisops-fe-check-<stamp>}; a second check in the same second (a refused run, then
     * another) gets {@code -2}, {@code -3}, … instead of the kept scratch of the first, which is left for inspection.
     */
    private static Path freshScratch(FrontendCheckHost target, Path workDir) {
        Path first = workDir.resolve("dorisops-fe-check-" + Stamps.newStamp().replace('_', '-'));
        Path candidate = first;
        for (int n = 2; n <= 9 && !target.scratchProblem(candidate).isEmpty(); n++) {
            candidate = Path.of(first + "-" + n);
        }
        return candidate; // if still taken, the scratch check below reports it
    }

    /** Step 9 when a step threw: the meta copy goes (the exception, which says why, goes on). */
    private static void removeCopyAfterFailure(FrontendCheckHost target, Path scratch, Path copy) {
        try {
            target.removeCopy(scratch, copy);
        } catch (DorisOpsException e) {
            log.warn(
                    "{}: removing the meta copy {} after a failed step failed: {}",
                    target.host(),
                    copy,
                    e.getMessage());
        }
    }

    /** Step 4: the copy, read-only from the source, streamed; through this machine when the hosts differ. */
    private static void copyMeta(
            FrontendCheckHost source, Node master, Path meta, FrontendCheckHost target, Path copy) {
        if (sameMachine(master.host(), target.host())) {
            target.copyMetaHere(meta, copy);
        } else {
            FrontendCheckHost.streamMeta(source, "master " + master.label(), meta, target, copy);
        }
    }

    /**
     * Step 3's package on the test host: the local file on this machine, else its upload into the scratch
     * home (checksum-verified), its bytes told to {@code uploads}.
     */
    static Path packageOn(
            FrontendCheckHost target, PackageFile pkg, Path scratch, Duration timeout, TransferListener uploads) {
        if (Transports.isLoopback(target.host())) {
            return pkg.file().toAbsolutePath();
        }
        Path onHost = scratch.resolve(pkg.file().getFileName().toString());
        HostPackages.upload(target.transport(), pkg, onHost, timeout, uploads);
        return onHost;
    }

    /** The check's upload to the test host as the events' {@code TRANSFER} events (never journaled). */
    static TransferListener upload(Events events, FrontendCheckHost target) {
        return new TransferProgress(events, TransferProgress.Record.NONE, EVENT_NODE, target.host(), System::nanoTime);
    }

    static boolean sameMachine(String a, String b) {
        return a.equals(b) || (Transports.isLoopback(a) && Transports.isLoopback(b));
    }
}
