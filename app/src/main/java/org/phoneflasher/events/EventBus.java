package org.phoneflasher.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.phoneflasher.Fatal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every event, keeps the most recent ones for the status page, and hands each to its listeners. */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger("events");

    private final int capacity;
    private final ArrayDeque<Event> recent;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    public EventBus(int capacity) {
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(capacity);
    }

    public void publish(Event event) {
        if (!event.routine()) {
            LOG.info(event.describe());
            synchronized (recent) {
                if (recent.size() == capacity) {
                    recent.removeFirst();
                }
                recent.addLast(event);
            }
        }
        for (Consumer<Event> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed on {}", event.kind(), e);
            } catch (Error e) {
                // Publishers include pool threads that would log an Error and go on (Jetty's): end the box here.
                Fatal.died(e);
                throw e;
            }
        }
    }

    /** Events from before a restart, oldest first: kept in the list (the newest that fit), not logged or delivered again. */
    public void restore(List<Event> earlier) {
        synchronized (recent) {
            for (Event event : earlier.subList(Math.max(0, earlier.size() - capacity), earlier.size())) {
                if (recent.size() == capacity) {
                    recent.removeFirst();
                }
                recent.addLast(event);
            }
        }
    }

    public void subscribe(Consumer<Event> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Event> listener) {
        listeners.remove(listener);
    }

    /** Oldest first. */
    public List<Event> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }
}
