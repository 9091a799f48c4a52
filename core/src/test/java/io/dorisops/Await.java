package io.dorisops;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test helper: waits for a condition with a deadline, without Thread.sleep. */
final class Await {

    private Await() {}

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
