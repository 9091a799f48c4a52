package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.Node;
import io.dorisops.Role;
import io.dorisops.testkit.internal.FaultFile;
import io.dorisops.testkit.internal.NodeControl;
import io.dorisops.testkit.internal.Procs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Fault injection for the nodes of a {@link Sandbox}. Faults are kept in a file per node that the
 * node processes watch (every 100 ms, and at start), so they also work across processes: the CLI's
 * {@code dorisops sandbox fault} writes the same files. A fault stays until {@link #clear} except
 * {@link #failNextStart}, which the next start consumes.
 *
 * <pre>{@code
 * sandbox.faults().dropHeartbeats("be-2");   // the master soon shows be-2 Alive=false
 * sandbox.faults().clear("be-2");
 * }</pre>
 */
public final class Faults {
    private final Sandbox sandbox;

    Faults(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** The next start of the node fails: it writes an error line to its log and exits 1. */
    public void failNextStart(String id) {
        set(id, FaultFile.FAIL_NEXT_START, "", null);
    }

    /** The node's starts hang: the process runs but never becomes ready. */
    public void hangStart(String id) {
        set(id, FaultFile.HANG_START, "", null);
    }

    /** The node crashes (exits abruptly, pid file left behind) {@code after} its start, or after now when running. */
    public void crashAfter(String id, Duration after) {
        set(id, FaultFile.CRASH_AFTER, seconds(after), null);
    }

    /** The node's starts take {@code extra} longer. */
    public void slowStart(String id, Duration extra) {
        set(id, FaultFile.SLOW_START, seconds(extra), null);
    }

    /** The node's HTTP endpoints answer with status 500. */
    public void http500(String id) {
        set(id, FaultFile.HTTP_500, "", null);
    }

    /** The FE refuses every SQL statement. */
    public void sqlRefuse(String id) {
        set(id, FaultFile.SQL_REFUSE, "", Role.FE_FOLLOWER);
    }

    /** The BE or CN stops answering heartbeats, so the master marks it {@code Alive=false}. */
    public void dropHeartbeats(String id) {
        set(id, FaultFile.DROP_HEARTBEATS, "", Role.BE);
    }

    /** The FE's version cannot read the existing metadata: its next start fails with a line in {@code fe.log}. */
    public void incompatibleMeta(String id) {
        set(id, FaultFile.INCOMPATIBLE_META, "", Role.FE_FOLLOWER);
    }

    /**
     * The clone tasks of the master fail, as when the BEs cannot reach one another: a decommission
     * makes no progress (its {@code TabletNum} stays) until {@link #clear}ed. Set on every FE, so it
     * holds whichever FE is master.
     */
    public void stallDrain() {
        sandbox.nodes().stream()
                .filter(node -> node.role().isFrontend())
                .forEach(node -> set(node.id(), FaultFile.STALL_DRAIN, "", Role.FE_FOLLOWER));
    }

    /**
     * The backup uploads of the master fail to progress, as when the BEs cannot reach the repository: a
     * backup job stays in {@code UPLOADING} with the same unfinished tasks until {@link #clear}ed. Set on
     * every FE, so it holds whichever FE is master.
     */
    public void stallUpload() {
        sandbox.nodes().stream()
                .filter(node -> node.role().isFrontend())
                .forEach(node -> set(node.id(), FaultFile.STALL_UPLOAD, "", Role.FE_FOLLOWER));
    }

    /** Kills the node's process with SIGKILL now and waits until it is gone; its pid file stays, as after a crash. */
    public void kill(String id) {
        Node node = sandbox.node(id);
        OptionalLong pid = sandbox.pid(id);
        if (pid.isEmpty()) {
            throw new IllegalStateException(node.label() + ": cannot kill, the node is not running (no live pid in "
                    + sandbox.flavor().pidFile(node.role()) + "); start it first");
        }
        Procs.kill(pid.getAsLong());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Procs.alive(pid.getAsLong())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        node.label() + ": process " + pid.getAsLong() + " still alive 10s after SIGKILL");
            }
            NodeControl.pause();
        }
    }

    /** Removes every fault of the node. */
    public void clear(String id) {
        FaultFile.clear(file(sandbox.node(id)));
    }

    /**
     * Applies a fault by its CLI name: {@code fail-next-start}, {@code hang-start}, {@code
     * crash-after=SECONDS}, {@code slow-start=SECONDS}, {@code http-500}, {@code sql-refuse}, {@code
     * drop-heartbeats}, {@code kill}, {@code incompatible-meta}, {@code stall-drain} (on an FE), {@code
     * clear}.
     *
     * @throws IllegalArgumentException naming the fault and listing the valid ones
     */
    public void apply(String id, String fault) {
        requireNonNull(fault, "fault");
        String name = fault.strip().toLowerCase(Locale.ROOT);
        String value = name.contains("=") ? name.substring(name.indexOf('=') + 1) : "";
        name = name.contains("=") ? name.substring(0, name.indexOf('=')) : name;
        boolean needsValue = name.equals(FaultFile.CRASH_AFTER) || name.equals(FaultFile.SLOW_START);
        if (needsValue != !value.isEmpty() || (needsValue && !value.matches("\\d+(\\.\\d+)?"))) {
            throw new IllegalArgumentException(usage(fault));
        }
        switch (name) {
            case FaultFile.FAIL_NEXT_START -> failNextStart(id);
            case FaultFile.HANG_START -> hangStart(id);
            case FaultFile.CRASH_AFTER -> crashAfter(id, Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
            case FaultFile.SLOW_START -> slowStart(id, Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
            case FaultFile.HTTP_500 -> http500(id);
            case FaultFile.SQL_REFUSE -> sqlRefuse(id);
            case FaultFile.DROP_HEARTBEATS -> dropHeartbeats(id);
            case "kill" -> kill(id);
            case FaultFile.INCOMPATIBLE_META -> incompatibleMeta(id);
            case FaultFile.STALL_DRAIN -> set(id, FaultFile.STALL_DRAIN, "", Role.FE_FOLLOWER);
            case "clear" -> clear(id);
            default -> throw new IllegalArgumentException(usage(fault));
        }
    }

    private static String usage(String fault) {
        return "unknown or malformed fault \"" + fault + "\"; expected one of fail-next-start, hang-start,"
                + " crash-after=SECONDS, slow-start=SECONDS, http-500, sql-refuse, drop-heartbeats, kill,"
                + " incompatible-meta, stall-drain, clear";
    }

    private void set(String id, String name, String value, Role kind) {
        Node node = sandbox.node(id);
        if (kind == Role.FE_FOLLOWER && !node.role().isFrontend()) {
            throw new IllegalArgumentException(node.label() + ": fault " + name + " applies to an FE, but " + id
                    + " is a " + node.role().key() + "; pick an FE node");
        }
        if (kind == Role.BE && !node.role().isBackend()) {
            throw new IllegalArgumentException(node.label() + ": fault " + name + " applies to a BE or CN, but " + id
                    + " is a " + node.role().key() + "; pick a backend node");
        }
        FaultFile.set(file(node), name, value);
    }

    private Path file(Node node) {
        return FaultFile.of(sandbox.dir(), node.id());
    }

    private static String seconds(Duration duration) {
        requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        return String.valueOf(duration.toMillis() / 1000.0);
    }
}
