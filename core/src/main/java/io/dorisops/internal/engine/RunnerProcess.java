package io.dorisops.internal.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that runs a run, as its cluster marker records it ({@link ClusterClaim}): who, on which
 * machine, its pid and start time, and its state directory. The evidence that lets a later run tell a
 * marker whose runner is gone: a marker written on this very machine (same host name, same boot, same
 * pid namespace) by a process that no longer lives (the pid is gone, or now names a process started at
 * another time).
 *
 * @param machine the host name
 * @param on the boot id and pid namespace of the machine, or {@code unknown}: pids compare only within one
 * @param stateDir the run's state directory (where its journal is), empty when too long to record
 */
record RunnerProcess(
        String user, String machine, String on, long pid, Instant started, Instant since, String stateDir) {

    private static final Pattern TEXT =
            Pattern.compile("(\\S+)@(\\S+) since (\\S+) \\(pid=(\\d{1,10}) started=(\\S+) on=(\\S+) state=(.*)\\)");

    /** A state directory longer than this is not recorded (the marker line stays short); such a marker is never cleared. */
    private static final int MAX_STATE_DIR = 400;

    static final String UNKNOWN = "unknown";

    /** This process, running a run whose state is in {@code stateDir}. */
    static RunnerProcess current(Path stateDir) {
        ProcessHandle self = ProcessHandle.current();
        String dir = stateDir.toAbsolutePath().normalize().toString();
        return new RunnerProcess(
                System.getProperty("user.name", UNKNOWN).replace(' ', '_'),
                Runner.machineName().replace(' ', '_'),
                machineOn(),
                self.pid(),
                self.info().startInstant().orElse(Instant.EPOCH),
                Instant.now(),
                dir.length() > MAX_STATE_DIR || dir.contains(")") ? "" : dir);
    }

    /** The holder text of a marker: {@code user@machine since T (pid=P started=T on=BOOT/NS state=DIR)}. */
    String text() {
        return user + "@" + machine + " since " + since + " (pid=" + pid + " started=" + started + " on=" + on
                + " state=" + stateDir + ")";
    }

    /** The runner a marker's holder text names, or empty for a marker of another form (an older version's). */
    static Optional<RunnerProcess> parse(String holder) {
        Matcher m = TEXT.matcher(holder.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunnerProcess(
                    m.group(1),
                    m.group(2),
                    m.group(6),
                    Long.parseLong(m.group(4)),
                    Instant.parse(m.group(5)),
                    Instant.parse(m.group(3)),
                    m.group(7)));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when both ran on this one machine since its last boot, in one pid namespace: their pids compare. */
    boolean sameMachineAs(RunnerProcess other) {
        return !on.equals(UNKNOWN) && on.equals(other.on) && machine.equals(other.machine);
    }

    /**
     * True when the process is gone: no process has its pid, or the one that has it started at another
     * time (the pid was reused). Meaningful only for a runner on this machine ({@link #sameMachineAs}).
     */
    boolean gone() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> start = process.get().info().startInstant();
        return start.isPresent()
                && !started.equals(Instant.EPOCH)
                && Duration.between(start.get(), started).abs().compareTo(Duration.ofSeconds(1)) > 0;
    }

    /** The boot id and pid namespace of this machine, or {@link #UNKNOWN} when either cannot be read. */
    private static String machineOn() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
                    .strip();
            String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid"))
                    .toString()
                    .replaceAll("\\D", "");
            return boot.matches("[0-9a-f-]{1,64}") && !namespace.isEmpty() ? boot + "/" + namespace : UNKNOWN;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return UNKNOWN;
        }
    }
}
