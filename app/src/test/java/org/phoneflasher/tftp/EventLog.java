package org.phoneflasher.tftp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;

/** Collects what a bus publishes so tests can wait for and count events. */
final class EventLog {
    private final List<Event> events = new CopyOnWriteArrayList<>();

    EventLog(EventBus bus) {
        bus.subscribe(events::add);
    }

    <T extends Event> List<T> all(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits for the {@code count}-th event of a type and returns all of them. */
    <T extends Event> List<T> await(Class<T> type, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> found = all(type);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + count + " " + type.getSimpleName()
                        + ", got " + found.size() + "; events: " + events);
            }
            Thread.sleep(5);
        }
    }

    <T extends Event> T await(Class<T> type) throws InterruptedException {
        return await(type, 1, Duration.ofSeconds(5)).get(0);
    }
}
