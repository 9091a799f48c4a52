package io.dorisops.cli;

import io.dorisops.ProgressEvent;
import io.dorisops.ProgressEvent.Transfer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thins a run's transfer events to what a log keeps: per host and file the start, one event each time a
 * further tenth of the bytes moved, and the end. The plain progress lines and the {@code --json} event
 * list use it; the live terminal view shows every tick.
 */
final class TransferTicks {

    /** The tenths already shown, per node and file. */
    private final Map<String, Integer> shown = new ConcurrentHashMap<>();

    /** True when the event is a start, the end, or crossed a further tenth; every other kind of event is kept. */
    boolean keep(ProgressEvent event) {
        if (event.transfer().isEmpty()) {
            return true;
        }
        Transfer transfer = event.transfer().get();
        String key = event.nodeId() + " " + transfer.host() + " " + transfer.file();
        if (transfer.bytesDone() == 0 && !transfer.done()) {
            shown.put(key, 0);
            return true;
        }
        int tenth = transfer.done() ? 10 : transfer.percent() / 10;
        int before = shown.getOrDefault(key, 0);
        if (tenth <= before) {
            return false;
        }
        shown.put(key, tenth);
        return true;
    }
}
