package io.dorisops.internal.engine;

import io.dorisops.Node;
import io.dorisops.ProgressEvent;
import io.dorisops.ProgressEvent.Type;
import io.dorisops.spi.Transport.TransferListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Turns the bytes a transport reports of one upload into the run's {@link Type#TRANSFER} events and two
 * journal entries, for one node's host (or, for the FE metadata check, its test host under the event node
 * {@code fe-check}).
 *
 * <ol>
 *   <li>The first report (or the first after an end) is the transfer's start, named after the file it
 *       reports (a tree's first file): one event, and the journal's {@code transfer} entry with {@code
 *       phase} {@code started}.
 *   <li>Later reports become tick events at most every {@link #TICK} (a transport reports every few
 *       kilobytes), each with the average rate since the start and the time left at that rate.
 *   <li>The report of the last byte is the end: always one event, and the journal's {@code finished}
 *       entry with the bytes and how long it took. Ticks are never journaled.
 * </ol>
 *
 * <p>One instance serves one upload at a time (a transport calls it from the uploading thread).
 */
final class TransferProgress implements TransferListener {

    /** The least time between two tick events of one upload. */
    static final Duration TICK = Duration.ofMillis(250);

    /** Where a transfer's start and end are journaled: none before the run's journal exists. */
    interface Record {
        Record NONE = (node, host, file, phase, bytes, elapsed) -> {};

        void transfer(String node, String host, String file, String phase, long bytes, Duration elapsed);
    }

    private final Events events;
    private final Record record;
    private final String nodeId;
    private final String host;
    private final LongSupplier nanos;
    private Path file;
    private long started;
    private long lastTick;
    private boolean ended;

    TransferProgress(Events events, Record record, String nodeId, String host, LongSupplier nanos) {
        this.events = events;
        this.record = record;
        this.nodeId = nodeId;
        this.host = host;
        this.nanos = nanos;
    }

    TransferProgress(Events events, Record record, Node node) {
        this(events, record, node.id(), node.host(), System::nanoTime);
    }

    @Override
    public synchronized void progress(Path path, long bytesDone, long bytesTotal) {
        long now = nanos.getAsLong();
        if (file == null || (ended && bytesDone < bytesTotal)) {
            file = path;
            started = now;
            lastTick = now;
            ended = false;
            record.transfer(nodeId, host, name(), "started", bytesTotal, Duration.ZERO);
            emit(0, bytesTotal, now, "upload of " + name() + " to " + host + " started");
            if (bytesDone == 0 && bytesTotal > 0) {
                return;
            }
        }
        if (ended) {
            return;
        }
        if (bytesDone >= bytesTotal) {
            ended = true;
            Duration took = Duration.ofNanos(now - started);
            record.transfer(nodeId, host, name(), "finished", bytesTotal, took);
            emit(bytesTotal, bytesTotal, now, name() + " uploaded to " + host);
        } else if (now - lastTick >= TICK.toNanos()) {
            lastTick = now;
            emit(bytesDone, bytesTotal, now, "uploading " + name() + " to " + host);
        }
    }

    private String name() {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    private void emit(long done, long total, long now, String message) {
        Duration elapsed = Duration.ofNanos(now - started);
        double seconds = elapsed.toNanos() / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        Optional<Duration> remaining =
                rate > 0 ? Optional.of(Duration.ofMillis((long) ((total - done) / rate * 1000))) : Optional.empty();
        events.transfer(
                nodeId, elapsed, message, new ProgressEvent.Transfer(host, name(), done, total, rate, remaining));
    }
}
