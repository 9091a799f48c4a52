package io.dorisops.it;

import io.dorisops.ProgressEvent;
import io.dorisops.ProgressListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event, for assertions on order and content. */
class RecordingListener implements ProgressListener {
    final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void runStarted(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void runFinished(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void runFailed(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void nodeStarted(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void nodeFinished(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void nodeFailed(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void stepStarted(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void stepFinished(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void stepFailed(ProgressEvent e) {
        events.add(e);
    }

    @Override
    public void waiting(ProgressEvent e) {
        events.add(e);
    }

    /** Node ids of the events of a type and action, in order. */
    List<String> nodes(ProgressEvent.Type type, String action) {
        return events.stream()
                .filter(e -> e.type() == type && e.action().equals(action))
                .map(ProgressEvent::nodeId)
                .toList();
    }
}
