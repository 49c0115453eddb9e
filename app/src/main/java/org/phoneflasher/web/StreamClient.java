package org.phoneflasher.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;

/**
 * One browser on /api/stream. Events arrive on the publishers' threads (DHCP, TFTP) and only mark what changed or
 * queue a log line, so a slow browser never slows a transfer; the pump thread turns that into frames, one write in
 * flight at a time. A browser that falls {@link #QUEUE} log lines behind is told to fetch the log again ("gap").
 */
final class StreamClient {
    static final int QUEUE = 200;
    /**
     * A comment line this often: keeps the connection under Jetty's idle timeout, even the short one a full status port
     * gives ({@link HttpLimits#BUSY_IDLE}), and finds a browser that left. A client that stops reading gets no more
     * writes, so its connection goes idle and is closed.
     */
    static final long HEARTBEAT_MILLIS = 1_500;
    /** Leases and DHCP status change without an event of their own now and then: the box frame is refreshed this often. */
    static final long BOX_MILLIS = 10_000;

    /** What every client of one tick shares: each snapshot is taken once, by the first client that needs it. */
    static final class Frames {
        private final Supplier<Object> phones;
        private final Supplier<Object> box;
        private String phonesJson;
        private String boxJson;

        Frames(Supplier<Object> phones, Supplier<Object> box) {
            this.phones = phones;
            this.box = box;
        }

        String phones() {
            if (phonesJson == null) {
                phonesJson = Json.write(phones.get());
            }
            return phonesJson;
        }

        String box() {
            if (boxJson == null) {
                boxJson = Json.write(box.get());
            }
            return boxJson;
        }
    }

    private final Response response;
    private final Callback callback;
    private final EventBus events;
    private final Consumer<StreamClient> onEnd;
    private final Clock clock;
    private final Consumer<Event> listener = this::on;
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    /** The log as it was when the client subscribed; sent first, and events already in it are not sent again. */
    private List<Event> initial;
    private Set<Event> inInitial;
    private boolean gap;
    private boolean phonesDirty = true;
    private boolean boxDirty = true;
    private boolean writing;
    private boolean ended;
    private long lastWrite;
    private long lastBox;

    StreamClient(Response response, Callback callback, EventBus events, Consumer<StreamClient> onEnd, Clock clock) {
        this.response = response;
        this.callback = callback;
        this.events = events;
        this.onEnd = onEnd;
        this.clock = clock;
    }

    /** Subscribes first, then reads the log: an event published in between is in both and sent once. */
    void open() {
        events.subscribe(listener);
        List<Event> recent = events.recent();
        synchronized (this) {
            initial = recent;
            inInitial = Collections.newSetFromMap(new IdentityHashMap<>());
            inInitial.addAll(recent);
        }
    }

    private synchronized void on(Event event) {
        if (ended) {
            return;
        }
        // Any event may move a phone (an address, a file, a state); progress events do nothing else.
        phonesDirty = true;
        // A phone's new state moves the day's summary in the status.
        if (event instanceof Event.StickIndexed || event instanceof Event.DhcpServing || event instanceof Event.AdminAction
                || event instanceof Event.PhoneChanged) {
            boxDirty = true;
        }
        if (event.routine()) {
            return;
        }
        if (queue.size() >= QUEUE) {
            queue.clear();
            gap = true;
        }
        queue.addLast(event);
    }

    /**
     * Called by the pump thread: writes what changed since the last write, if the last write is done. The snapshots
     * (which take the tracker's lock) are taken outside this client's lock, so no thread ever holds one lock while
     * waiting for the other.
     */
    void pump(Frames frames) {
        long now = clock.millis();
        boolean phones;
        boolean box;
        synchronized (this) {
            if (writing || ended) {
                return;
            }
            // Cleared before the snapshot is taken: an event after this point marks them again for the next tick.
            phones = phonesDirty;
            box = boxDirty || now - lastBox >= BOX_MILLIS;
            phonesDirty = false;
            boxDirty = false;
        }
        String phonesJson = phones ? frames.phones() : null;
        String boxJson = box ? frames.box() : null;
        String out;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (box) {
                lastBox = now;
            }
            out = frames(phonesJson, boxJson, now);
            if (out.isEmpty()) {
                return;
            }
            writing = true;
        }
        response.write(false, StandardCharsets.UTF_8.encode(out), Callback.from(this::written, this::failed));
    }

    private String frames(String phonesJson, String boxJson, long now) {
        StringBuilder out = new StringBuilder();
        if (initial != null) {
            // Newest first, as the page shows it; "retry" tells the browser how soon to reconnect if the box restarts.
            List<Map<String, Object>> rows = new ArrayList<>(initial.size());
            for (int i = initial.size() - 1; i >= 0; i--) {
                rows.add(EventRow.of(initial.get(i)));
            }
            out.append("retry: 2000\n");
            frame(out, "events", Json.write(rows));
            queue.removeIf(inInitial::contains);
            initial = null;
            inInitial = null;
        }
        if (boxJson != null) {
            frame(out, "box", boxJson);
        }
        if (phonesJson != null) {
            frame(out, "phones", phonesJson);
        }
        if (gap) {
            frame(out, "gap", "{}");
            gap = false;
        } else if (!queue.isEmpty()) {
            // By time, not by arrival: an event published from inside another's listener (the tracker's state
            // change inside a file request) reaches listeners subscribed after the tracker before the event that
            // caused it. The sort is stable, so events of the same instant keep their order.
            List<Event> batch = new ArrayList<>(queue);
            queue.clear();
            batch.sort(Comparator.comparing(Event::at));
            List<Map<String, Object>> rows = new ArrayList<>(batch.size());
            for (int i = batch.size() - 1; i >= 0; i--) {
                rows.add(EventRow.of(batch.get(i)));
            }
            frame(out, "log", Json.write(rows));
        }
        if (out.length() == 0 && now - lastWrite >= HEARTBEAT_MILLIS) {
            out.append(": still here\n\n");
        }
        return out.toString();
    }

    /** One SSE frame; JSON has no raw newlines, but a data line per line keeps the framing right regardless. */
    private static void frame(StringBuilder out, String event, String data) {
        out.append("event: ").append(event).append('\n');
        for (String line : data.split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        out.append('\n');
    }

    private synchronized void written() {
        writing = false;
        lastWrite = clock.millis();
    }

    /** The browser left (or the network did): stop listening, and let Jetty close its end. */
    private void failed(Throwable failure) {
        if (stop()) {
            callback.failed(failure);
        }
    }

    /** The box is stopping: the response ends normally and the browser reconnects to whatever comes next. */
    void end() {
        if (stop()) {
            callback.succeeded();
        }
    }

    private boolean stop() {
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            queue.clear();
        }
        events.unsubscribe(listener);
        onEnd.accept(this);
        return true;
    }
}
