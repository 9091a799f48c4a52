package io.dorisops.internal.engine;

import io.dorisops.DorisOpsException;
import io.dorisops.Node;
import io.dorisops.PreconditionFailedException;
import io.dorisops.TransportException;
import io.dorisops.internal.context.Engine;
import io.dorisops.spi.RunMarker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's marker on the cluster itself ({@link RunMarker#claim}): the run lock keeps a second run off
 * this machine, the marker keeps a second operator on another machine off the cluster.
 *
 * <ol>
 *   <li>The marker is kept in the home of every FE ({@link RunMarker#markerNodes}), taken in the order of
 *       host and home, never of the topology file: two operators whose files list the FEs in another
 *       order claim the same places.
 *   <li>The run holds the cluster when it holds the marker on a majority of them and no reachable one
 *       holds another run's marker. A host that cannot be reached is passed over, so one dead FE host
 *       blocks no run, and two operators can never both hold a majority.
 *   <li>Another run's marker whose runner ran on this machine (same host name, boot and pid namespace),
 *       as this user with this state directory, is gone ({@link RunnerProcess#gone}) and left no journal
 *       there (it died before writing one, so nothing can resume it) is stale: it is replaced, and the
 *       log says so. Any other is a refusal naming the holder, and, for a runner on another machine, what
 *       to check there before removing the files.
 *   <li>Released when the run ends; a killed run's markers stay for its resume (same run id) or the
 *       rollback of it.
 * </ol>
 */
final class ClusterClaim implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterClaim.class);

    private final Engine engine;
    private final List<Node> held;
    private final String runId;

    private ClusterClaim(Engine engine, List<Node> held, String runId) {
        this.engine = engine;
        this.held = held;
        this.runId = runId;
    }

    /**
     * @param takeOver the run whose marker this one may replace (the upgrade a rollback undoes), or empty
     * @param hasJournal whether a run id has a journal in this state directory (then its marker is kept)
     * @throws PreconditionFailedException naming the holder and the markers when another run holds one, or
     *     the hosts when fewer than a majority of the markers could be reached
     */
    static ClusterClaim take(Engine engine, String runId, String takeOver, Predicate<String> hasJournal) {
        RunMarker ops = engine.runMarker();
        List<Node> places = ops.markerNodes(engine.topology().frontends().stream()
                .sorted(Comparator.comparing(Node::host)
                        .thenComparing(node -> node.home().toString()))
                .toList());
        RunnerProcess self = RunnerProcess.current(engine.stateDir());
        List<Node> held = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Node place : places) {
            try {
                Optional<String> other = ops.claim(place, runId, self.text(), takeOver);
                if (other.isPresent()) {
                    Optional<String> stale = staleRun(other.get(), self, hasJournal);
                    if (stale.isPresent()) {
                        log.warn(
                                "{}: replacing the marker of run {} at {}: its runner (this machine, {}) is gone and"
                                        + " left no journal",
                                engine.topology().name(),
                                stale.get(),
                                ops.markerLocation(place),
                                other.get());
                        other = ops.claim(place, runId, self.text(), stale.get());
                    }
                }
                if (other.isPresent()) {
                    others.add(refusal(other.get(), self, ops.markerLocation(place)));
                } else {
                    held.add(place);
                }
            } catch (TransportException e) {
                unreachable.add(place.label() + ": " + e.getMessage());
            }
        }
        int majority = places.size() / 2 + 1;
        if (others.isEmpty() && held.size() >= majority) {
            return new ClusterClaim(engine, held, runId);
        }
        new ClusterClaim(engine, held, runId).close();
        if (!others.isEmpty()) {
            throw new PreconditionFailedException(
                    "another run holds " + engine.topology().name(), others);
        }
        List<String> failures = new ArrayList<>();
        failures.add("lock: the run marker must be taken on " + majority + " of the " + places.size()
                + " FE homes, only " + held.size() + " could be reached; start those hosts or check the"
                + " connection, then run again");
        unreachable.forEach(host -> failures.add("lock: " + host));
        throw new PreconditionFailedException(
                "cannot claim " + engine.topology().name(), failures);
    }

    /** The run id of a marker that is stale (see the class comment), else empty. */
    private static Optional<String> staleRun(String marker, RunnerProcess self, Predicate<String> hasJournal) {
        int space = marker.indexOf(' ');
        if (space <= 0) {
            return Optional.empty();
        }
        String run = marker.substring(0, space);
        return RunnerProcess.parse(marker.substring(space + 1))
                .filter(holder -> holder.sameMachineAs(self)
                        && holder.user().equals(self.user())
                        && !holder.stateDir().isEmpty()
                        && holder.stateDir().equals(self.stateDir())
                        && holder.gone()
                        && !hasJournal.test(run))
                .map(holder -> run);
    }

    private static String refusal(String marker, RunnerProcess self, String location) {
        Optional<RunnerProcess> holder = RunnerProcess.parse(marker.substring(Math.max(0, marker.indexOf(' ') + 1)));
        String what = "lock: " + marker + " holds the marker " + location + "; ";
        if (holder.isPresent() && !holder.get().sameMachineAs(self)) {
            RunnerProcess other = holder.get();
            return what + "it was written by pid " + other.pid() + " on " + other.machine()
                    + ", which this machine cannot check: wait for it, or resume it there; if no dorisops runs there"
                    + " (ps -p " + other.pid() + " on " + other.machine() + ") and the run will not be resumed,"
                    + " remove that file on every FE";
        }
        if (holder.isPresent() && !holder.get().gone()) {
            return what + "its runner (pid " + holder.get().pid() + " on this machine) still runs: wait for it";
        }
        return what + "wait for it, or resume it where it ran; if it is dead and will not be resumed, remove that"
                + " file on every FE";
    }

    @Override
    public void close() {
        for (Node node : held) {
            try {
                engine.runMarker().release(node, runId);
            } catch (DorisOpsException e) {
                // The marker names its run: the next run with this id takes it over, and the refusal of any
                // other says where it is.
            }
        }
    }
}
