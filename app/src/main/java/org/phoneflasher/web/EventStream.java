package org.phoneflasher.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
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
 * A stream holds no thread (the handler returns at once, writes are asynchronous); what it holds is a connection and
 * a listener, so they are bounded in all and per client address, and one over either is told so (503, Retry-After)
 * rather than left hanging: the page tries again after that long.
 */
public final class EventStream extends Handler.Abstract.NonBlocking {
    static final String PATH = "/api/stream";
    static final long TICK_MILLIS = 250;
    /** Seconds a refused page waits before it asks again (the page waits as long whatever the header says). */
    static final int RETRY_AFTER_SECONDS = 10;

    private final EventBus events;
    private final Supplier<Object> phones;
    private final Supplier<Object> box;
    private final Clock clock;
    private final int maxClients;
    private final int maxPerAddress;
    /** Guarded by itself: who is connected, and how many from each address. */
    private final Map<StreamClient, InetAddress> clients = new HashMap<>();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private ScheduledExecutorService pump;

    /**
     * @param phones what a "phones" frame carries, taken at most once per tick
     * @param box    what a "box" frame carries (status and bundles), taken when the stick or DHCP changes
     * @param limits how many streams at once, in all and per address
     */
    public EventStream(EventBus events, Supplier<Object> phones, Supplier<Object> box, Clock clock, HttpLimits limits) {
        this.events = events;
        this.phones = phones;
        this.box = box;
        this.clock = clock;
        this.maxClients = limits.streams();
        this.maxPerAddress = limits.streamsPerAddress();
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
        for (StreamClient client : connected()) {
            client.end();
        }
        super.doStop();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request)) || !HttpMethod.GET.is(request.getMethod())) {
            return false;
        }
        InetAddress address = ((InetSocketAddress) request.getConnectionMetaData().getRemoteSocketAddress()).getAddress();
        StreamClient client = new StreamClient(response, callback, events, this::release, clock);
        String refusal = admit(client, address);
        if (refusal != null) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Content.Sink.write(response, true, refusal + "; try again in " + RETRY_AFTER_SECONDS + " s\n", callback);
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        client.open(); // before the pump sees it: the log frame goes first
        return true;
    }

    /** Counts the client in, or says why not. */
    private String admit(StreamClient client, InetAddress address) {
        synchronized (clients) {
            int fromAddress = perAddress.getOrDefault(address, 0);
            if (fromAddress >= maxPerAddress) {
                return fromAddress + " live pages already open from " + address.getHostAddress() + ", the most one address may";
            }
            if (clients.size() >= maxClients) {
                return clients.size() + " live pages already open, the most the box serves";
            }
            clients.put(client, address);
            perAddress.put(address, fromAddress + 1);
            return null;
        }
    }

    private void release(StreamClient client) {
        synchronized (clients) {
            InetAddress address = clients.remove(client);
            if (address != null && perAddress.merge(address, -1, Integer::sum) <= 0) {
                perAddress.remove(address);
            }
        }
    }

    private List<StreamClient> connected() {
        synchronized (clients) {
            return List.copyOf(clients.keySet());
        }
    }

    /** How many browsers are connected now. */
    public int clients() {
        synchronized (clients) {
            return clients.size();
        }
    }

    private void tick() {
        try {
            StreamClient.Frames frames = new StreamClient.Frames(phones, box);
            for (StreamClient client : connected()) {
                client.pump(frames);
            }
        } catch (RuntimeException e) {
            // One bad snapshot must not stop the pump for good: the next tick tries again.
            org.slf4j.LoggerFactory.getLogger(EventStream.class).warn("live page update failed: {}", e.toString());
        }
    }
}
