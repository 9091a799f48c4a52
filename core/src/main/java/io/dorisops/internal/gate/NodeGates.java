package io.dorisops.internal.gate;

import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.Version;
import io.dorisops.spi.Frontend;
import java.util.List;
import java.util.Optional;

/**
 * The checks of the per-node gates, run before each disruptive step of a rolling procedure (the
 * runner waits while one says why not); a gate that reads the master's view passes without one:
 *
 * <ol>
 *   <li>{@code previous-node-ready}: the node finished last is ready, at the version its step awaited;
 *   <li>{@code fe-quorum-after-stop}: stopping a follower leaves a quorum of followers alive;
 *   <li>{@code no-unhealthy-tablets}: no tablet falls below a majority of complete replicas;
 *   <li>{@code master-last}: the master goes last, once every other FE runs the target.
 * </ol>
 */
final class NodeGates {

    private NodeGates() {}

    static Optional<String> previousNodeReady(GateContext run, Node next) {
        return run.previous().flatMap(previous -> run.notReady(previous, run.previousVersion())
                .map(state -> previous.id() + " is " + state));
    }

    /**
     * With every follower alive, waiting cannot help: a cluster of one or two followers loses its quorum
     * for the restart whatever the runner does, so only a follower that is down makes it wait.
     */
    static Optional<String> feQuorumAfterStop(GateContext run, Node next) {
        if (!run.hasAdmin() || next.role() != Role.FE_FOLLOWER) {
            return Optional.empty();
        }
        List<Frontend> followers = run.admin().frontends().stream()
                .filter(fe -> fe.role() == Role.FE_FOLLOWER)
                .toList();
        long alive = followers.stream().filter(Frontend::alive).count();
        int quorum = followers.size() / 2 + 1;
        return alive - 1 >= quorum || alive == followers.size()
                ? Optional.empty()
                : Optional.of("stopping " + next.id() + " would leave " + (alive - 1) + " of " + followers.size()
                        + " followers alive, below the quorum of " + quorum);
    }

    static Optional<String> noUnhealthyTablets(GateContext run, Node next) {
        return run.hasAdmin() ? run.majorityLost(next) : Optional.empty();
    }

    static Optional<String> masterLast(GateContext run, Node next) {
        if (!run.hasAdmin() || run.target().isEmpty() || !run.master().equals(Optional.of(next))) {
            return Optional.empty();
        }
        Version target = run.target().get();
        List<String> behind = run.frontends().stream()
                .filter(fe -> !fe.equals(next))
                .filter(fe ->
                        !run.frontendVersion(fe).map(v -> v.sameRelease(target)).orElse(false))
                .map(Node::id)
                .toList();
        return behind.isEmpty()
                ? Optional.empty()
                : Optional.of("the master goes last, but " + behind + " are not at " + target.number() + " yet");
    }
}
