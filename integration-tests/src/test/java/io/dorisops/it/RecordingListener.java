package io.dorisops.it;

import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for assertions on order and content. */
final class RecordingListener {
    final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    final ProgressListener listener = ProgressListener.of(events::add);

    /** Node ids of the events of a type and action, in order. */
    List<String> nodes(ProgressEvent.Type type, String action) {
        return events.stream()
                .filter(e -> e.type() == type && e.action().equals(action))
                .map(ProgressEvent::nodeId)
                .toList();
    }
}
