package io.dorisops.internal.engine;

/**
 * The failures of tasks run side by side (a batch's nodes, the hosts staged at once), gathered in plan
 * order: the first is the one thrown, every later one is attached to it, so none is masked or lost.
 */
final class FirstFailure {
    private RuntimeException first;

    /** Records a task's failure; {@code null} (the task succeeded) is ignored. */
    void add(RuntimeException thrown) {
        if (thrown == null) {
            return;
        }
        if (first == null) {
            first = thrown;
        } else {
            first.addSuppressed(thrown);
        }
    }

    /** True when a task failed. */
    boolean any() {
        return first != null;
    }

    /** The first failure, the later ones attached; only when {@link #any()}. */
    RuntimeException get() {
        return first;
    }

    /** Throws the first failure, the later ones attached, when a task failed. */
    void throwIfAny() {
        if (first != null) {
            throw first;
        }
    }
}
