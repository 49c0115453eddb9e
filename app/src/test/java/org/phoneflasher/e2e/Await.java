package org.phoneflasher.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition, polling; fails with what was awaited and what was last seen. The one wait of the tests. */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {}

    /** Returns once {@code condition} holds; {@code seen} says what there was instead if it never does. */
    public static void until(String what, Duration timeout, Supplier<Boolean> condition, Supplier<String> seen) {
        until(what, timeout, POLL, condition, seen);
    }

    /** As {@link #until(String, Duration, Supplier, Supplier)}, asking every {@code poll}: for a check that costs. */
    public static void until(String what, Duration timeout, Duration poll, Supplier<Boolean> condition, Supplier<String> seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; saw: " + seen.get());
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
