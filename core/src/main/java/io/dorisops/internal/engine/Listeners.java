package io.dorisops.internal.engine;

import io.dorisops.ProgressListener;

/** Combines listeners. */
public final class Listeners {
    private Listeners() {}

    /** A listener that tells {@code first}, then {@code second}. */
    public static ProgressListener both(ProgressListener first, ProgressListener second) {
        if (second == ProgressListener.NONE) {
            return first;
        }
        return ProgressListener.of(event -> {
            event.dispatchTo(first);
            event.dispatchTo(second);
        });
    }
}
