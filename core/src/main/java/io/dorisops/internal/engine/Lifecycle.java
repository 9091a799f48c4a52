package io.dorisops.internal.engine;

import io.dorisops.ClusterAdmin;
import io.dorisops.HealthProbe;
import io.dorisops.Node;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.ProgressListener;
import io.dorisops.Role;
import io.dorisops.Topology;
import io.dorisops.Transport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Starts, stops and restarts nodes in the runbooks' order, one at a time, each verified before the
 * next.
 *
 * <p>Start order: MetaService, Recycler, FE followers with the master (the FE that was master last,
 * else the first follower of the topology) last, then observers, then BEs and CNs, then brokers.
 * Each follower is verified as started (process alive, HTTP answering) before the next, since a
 * follower cannot be fully ready before a quorum of followers is up; once every follower is started
 * all are awaited ready and alive in the master's view. Every other node is awaited ready (HTTP and,
 * where SQL lists it, alive in the master's view) before the next starts. A start that fails is
 * reported at once with the log's last lines.
 *
 * <p>Stop order is the reverse. Restart is rolling in upgrade order (BEs and CNs, observers,
 * followers, the master last): each node stopped, started and awaited ready before the next.
 * Starting a running node or stopping a stopped one does nothing and says so.
 */
public final class Lifecycle {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Topology topology;
    private final Function<Node, Transport> transports;
    private final Optional<ClusterAdmin> admin;
    private final HealthProbe probe;
    private final Duration readyTimeout;
    private final Duration pollInterval;
    private final boolean graceful;
    private final ProgressListener listener;

    public Lifecycle(
            Topology topology,
            Function<Node, Transport> transports,
            HealthProbe probe,
            Optional<ClusterAdmin> admin,
            boolean graceful,
            ProgressListener listener) {
        this.topology = topology;
        this.transports = transports;
        this.probe = probe;
        this.admin = admin;
        this.readyTimeout = topology.timeouts().ready();
        this.pollInterval = topology.timeouts().poll();
        this.graceful = graceful;
        this.listener = listener;
    }

    /** Starts the given nodes (the whole cluster, a role, or one node) in start order. */
    public List<String> start(Collection<Node> nodes) {
        Events events = events("start");
        List<String> started = new ArrayList<>();
        run(events, "start " + ids(nodes), () -> {
            List<Node> order = startOrder(nodes);
            List<Node> followers =
                    order.stream().filter(n -> n.role() == Role.FE_FOLLOWER).toList();
            for (Node node : order) {
                boolean follower = node.role() == Role.FE_FOLLOWER;
                if (startOne(node, events, !follower)) {
                    started.add(node.id());
                }
                if (follower && node.equals(followers.get(followers.size() - 1))) {
                    for (Node each : followers) {
                        awaitServing(each, events);
                    }
                }
            }
        });
        return started;
    }

    /** Stops the given nodes in stop order (the reverse of start order). */
    public List<String> stop(Collection<Node> nodes) {
        Events events = events("stop");
        List<String> stopped = new ArrayList<>();
        run(events, "stop " + ids(nodes), () -> {
            List<Node> order = new ArrayList<>(startOrder(nodes));
            java.util.Collections.reverse(order);
            for (Node node : order) {
                NodeControl control = control(node);
                Waiter waiter = waiter(events, node);
                boolean done = events.step(
                        node.id(), "stop", "stop " + node.label(), () -> control.stop(graceful, readyTimeout, waiter));
                if (done) {
                    stopped.add(node.id());
                } else {
                    events.info(Type.STEP_FINISHED, node.id(), node.label() + " was already stopped: nothing to do");
                }
            }
        });
        return stopped;
    }

    /** Restarts the given nodes one at a time in upgrade order, each awaited ready before the next. */
    public List<String> restart(Collection<Node> nodes) {
        Events events = events("restart");
        List<String> restarted = new ArrayList<>();
        run(events, "restart " + ids(nodes), () -> {
            Optional<Node> master = currentMaster();
            List<Node> order = new ArrayList<>();
            Set<Node> chosen = Set.copyOf(nodes);
            for (Role role : List.of(
                    Role.META_SERVICE,
                    Role.RECYCLER,
                    Role.BE,
                    Role.CN,
                    Role.FE_OBSERVER,
                    Role.FE_FOLLOWER,
                    Role.BROKER)) {
                topology.nodes(role).stream()
                        .filter(chosen::contains)
                        .filter(node -> !master.equals(Optional.of(node)))
                        .forEach(order::add);
                if (role == Role.FE_FOLLOWER) {
                    master.filter(chosen::contains).ifPresent(order::add);
                }
            }
            for (Node node : order) {
                NodeControl control = control(node);
                Waiter waiter = waiter(events, node);
                events.emit(Type.NODE_STARTED, node.id(), "", Duration.ZERO, "restart " + node.label(), null);
                events.step(
                        node.id(), "stop", "stop " + node.label(), () -> control.stop(graceful, readyTimeout, waiter));
                startOne(node, events, true);
                restarted.add(node.id());
                events.emit(Type.NODE_FINISHED, node.id(), "", Duration.ZERO, node.label() + " restarted", null);
            }
        });
        return restarted;
    }

    /** The start order of some nodes. */
    List<Node> startOrder(Collection<Node> nodes) {
        Set<Node> chosen = Set.copyOf(nodes);
        Optional<Node> master = lastMaster();
        List<Node> order = new ArrayList<>();
        order.addAll(topology.nodes(Role.META_SERVICE));
        order.addAll(topology.nodes(Role.RECYCLER));
        topology.nodes(Role.FE_FOLLOWER).stream()
                .filter(n -> !master.equals(Optional.of(n)))
                .forEach(order::add);
        master.ifPresent(order::add);
        order.addAll(topology.nodes(Role.FE_OBSERVER));
        topology.nodes().stream().filter(n -> n.role().isBackend()).forEach(order::add);
        order.addAll(topology.nodes(Role.BROKER));
        return order.stream().filter(chosen::contains).toList();
    }

    private boolean startOne(Node node, Events events, boolean awaitReady) {
        NodeControl control = control(node);
        long[] sizes = control.logSizes();
        NodeControl.PidState before = control.pidState();
        boolean started = events.step(node.id(), "start", "start " + node.label() + " with --daemon", control::start);
        if (!started) {
            events.info(Type.STEP_FINISHED, node.id(), node.label() + " was already running: nothing to do");
            return false;
        }
        Waiter waiter = waiter(events, node);
        Readiness readiness = readiness();
        events.step(node.id(), "await-ready", "wait until " + node.label() + " serves", () -> {
            readiness.await(control, Optional.empty(), before, sizes, awaitReady && sqlAvailable(), waiter);
        });
        return true;
    }

    private void awaitServing(Node node, Events events) {
        if (!sqlAvailable()) {
            return;
        }
        NodeControl control = control(node);
        events.step(node.id(), "await-ready", "wait until " + node.label() + " is alive in the master's view", () -> {
            readiness()
                    .await(
                            control,
                            Optional.empty(),
                            control.pidState(),
                            control.logSizes(),
                            true,
                            waiter(events, node));
        });
    }

    /** The master now when SQL answers, else the topology's first follower. */
    private Optional<Node> lastMaster() {
        return currentMaster()
                .or(() -> topology.nodes(Role.FE_FOLLOWER).stream().findFirst());
    }

    private Optional<Node> currentMaster() {
        if (admin.isEmpty()) {
            return Optional.empty();
        }
        try {
            return new ClusterView(topology, admin.get(), probe).master();
        } catch (RuntimeException e) {
            return Optional.empty(); // no FE answers: the cluster is down
        }
    }

    private boolean sqlAvailable() {
        return admin.isPresent();
    }

    private Readiness readiness() {
        return new Readiness(
                topology.flavor(), probe, admin.map(a -> new ClusterView(topology, a, probe)), readyTimeout);
    }

    private void run(Events events, String what, Runnable body) {
        long start = System.nanoTime();
        events.info(Type.RUN_STARTED, "", what);
        try {
            body.run();
        } catch (RuntimeException e) {
            events.emit(
                    Type.RUN_FAILED,
                    "",
                    "",
                    Duration.ofNanos(System.nanoTime() - start),
                    String.valueOf(e.getMessage()),
                    e);
            throw e;
        }
        events.emit(Type.RUN_FINISHED, "", "", Duration.ofNanos(System.nanoTime() - start), what, null);
    }

    private Events events(String kind) {
        return new Events(kind + "-" + STAMP.format(Instant.now()), listener);
    }

    private Waiter waiter(Events events, Node node) {
        return new Waiter(pollInterval, message -> events.waiting(node.id(), message));
    }

    private NodeControl control(Node node) {
        return new NodeControl(
                topology.flavor(),
                node,
                transports.apply(node),
                topology.timeouts().command());
    }

    private static List<String> ids(Collection<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
