package org.phoneflasher.web;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.phoneflasher.Timers;
import org.phoneflasher.events.EventBus;

/**
 * GET /api/stream: the status page's live feed as Server-Sent Events. Each browser gets its own {@link StreamClient},
 * subscribed to the event bus and unsubscribed when its connection fails or the box stops; one pump thread writes to
 * every client a few times a second, so a burst of progress events costs one "phones" frame, not one per event.
 */
public final class EventStream extends Handler.Abstract.NonBlocking {
    static final String PATH = "/api/stream";
    /** A box on a desk is read by a handful of browsers; more is a runaway script, not a user. */
    static final int MAX_CLIENTS = 16;
    static final long TICK_MILLIS = 250;

    private final EventBus events;
    private final Supplier<Object> phones;
    private final Supplier<Object> box;
    private final Clock clock;
    private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService pump;

    /**
     * @param phones what a "phones" frame carries, taken at most once per tick
     * @param box    what a "box" frame carries (status and bundles), taken when the stick or DHCP changes
     */
    public EventStream(EventBus events, Supplier<Object> phones, Supplier<Object> box, Clock clock) {
        this.events = events;
        this.phones = phones;
        this.box = box;
        this.clock = clock;
    }

    @Override
    protected void doStart() throws Exception {
        pump = Timers.daemon("sse");
        pump.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        pump.shutdownNow();
        pump.awaitTermination(2, TimeUnit.SECONDS);
        for (StreamClient client : clients) {
            client.end();
        }
        clients.clear();
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request)) || !HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        if (clients.size() >= MAX_CLIENTS) {
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "too many live pages open");
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        StreamClient client = new StreamClient(response, callback, events, clients::remove, clock);
        client.open(); // before the pump sees it: the log frame goes first
        clients.add(client);
        return true;
    }

    /** How many browsers are connected now. */
    int clients() {
        return clients.size();
    }

    private void tick() {
        try {
            StreamClient.Frames frames = new StreamClient.Frames(phones, box);
            for (StreamClient client : clients) {
                client.pump(frames);
            }
        } catch (RuntimeException e) {
            // One bad snapshot must not stop the pump for good: the next tick tries again.
            org.slf4j.LoggerFactory.getLogger(EventStream.class).warn("live page update failed: {}", e.toString());
        }
    }
}
