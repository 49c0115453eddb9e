package org.phoneflasher.phones;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.phoneflasher.Fatal;
import org.phoneflasher.Timers;
import org.phoneflasher.net.Mac;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks each phone that is up for its DeviceInformationX page, so "done" rests on what the phone itself reports.
 * Short timeouts and a size cap: a phone that is rebooting or writing flash does not answer, and that is normal.
 * Every ask is asynchronous: a phone whose page swallows SYNs costs no thread and holds up no other phone.
 */
public final class DeviceInfoPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceInfoPoller.class);

    private final PhoneTracker tracker;
    private final Duration every;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration BEFORE_CONFIG_TIMEOUT = Duration.ofMillis(1500);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Timers.daemon("phone-poller");
    /**
     * The ask before each phone's config since its last lease: a config request while it runs waits for it, one
     * after it does not (a phone without a page costs one wait, not one per request).
     */
    private final Map<Mac, CompletableFuture<Void>> beforeConfig = new ConcurrentHashMap<>();

    public DeviceInfoPoller(PhoneTracker tracker, Duration every, EventBus events) {
        this.tracker = tracker;
        this.every = every;
        // A phone that just got its address may already be up (a running phone renewing, or one whose page answers
        // early): ask at once, so its current load is known before its config is generated.
        events.subscribe(event -> {
            if (event instanceof Event.DhcpLeased leased) {
                beforeConfig.remove(leased.mac());
                ask(leased.mac(), leased.address(), TIMEOUT, info -> tracker.reported(leased.mac(), info));
            }
        });
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::round, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The ask of a phone's page whose load is still unknown, just before its config is made: the ask at lease time
     * often comes before the phone has put the new address on its port, and the config decides which load the phone
     * takes next. Started at the first config request after a lease (the phone has just sent a request from that
     * address, so it answers fast); empty once it has ended, or when there is nothing to ask.
     */
    public Optional<CompletionStage<Void>> beforeConfig(Mac mac) {
        CompletableFuture<Void> running = beforeConfig.get(mac);
        if (running != null) {
            return running.isDone() ? Optional.empty() : Optional.of(running);
        }
        Optional<Phone> unknown = tracker.phone(mac).filter(phone -> phone.currentLoad() == null && phone.ip() != null);
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        return askOnce(mac, unknown.get().ip(), info -> tracker.reported(mac, info));
    }

    /**
     * The ask of the page at the address that asked for {@code mac}'s own config ({@code name}), for a phone the box
     * knows no address of (another DHCP server leased it): a page answering with that MAC makes the phone known, with
     * its model and load, before its config is made. Asked once per MAC until a lease of the box names it.
     */
    public Optional<CompletionStage<Void>> beforeFirstConfig(Mac mac, String name, InetAddress from) {
        return askOnce(mac, from, info -> tracker.reportedAt(mac, from, name, info));
    }

    /** The one ask before a config since the phone's last lease: the running one if another request started it. */
    private Optional<CompletionStage<Void>> askOnce(Mac mac, InetAddress ip, java.util.function.Consumer<DeviceInfo> answered) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Void> first = beforeConfig.putIfAbsent(mac, started);
        if (first != null) {
            return first.isDone() ? Optional.empty() : Optional.of(first);
        }
        ask(mac, ip, BEFORE_CONFIG_TIMEOUT, answered).whenComplete((v, e) -> started.complete(null));
        return Optional.of(started);
    }

    /** Asks one phone's page; completes when the answer is in the tracker or the ask has failed, never exceptionally. */
    private CompletableFuture<Void> ask(Mac mac, InetAddress ip, Duration timeout, java.util.function.Consumer<DeviceInfo> answered) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip.getHostAddress() + "/DeviceInformationX"))
                .timeout(timeout).GET().build();
        // The request timeout ends a connect or a header that never comes; the bound on the whole ends a body that
        // stalls, so a config waiting on this ask always goes out.
        return http.sendAsync(request, info -> new CappedBody(info.statusCode(), DeviceInfo.MAX_SIZE))
                .thenAccept(response -> response.body().flatMap(DeviceInfo::parse)
                        .ifPresent(answered))
                .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    // A phone that does not answer is normal; an Error in the box is not, and ends it like a dead thread.
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof Error error) {
                        Fatal.died(error);
                    }
                    return null;
                });
    }

    private void round() {
        try {
            tracker.tick();
            for (Map.Entry<Mac, InetAddress> phone : tracker.pollable().entrySet()) {
                ask(phone.getKey(), phone.getValue(), TIMEOUT, info -> tracker.reported(phone.getKey(), info));
            }
        } catch (RuntimeException e) {
            LOG.warn("polling phones failed: {}", Event.printable(e.toString())); // may quote the phone's page
        }
    }

    /** A page's bytes up to a cap, gathered without a thread waiting on them: empty for a non-200 or a larger page. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<Optional<byte[]>> {
        private final CompletableFuture<Optional<byte[]>> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final boolean ok;
        private final int cap;
        private Flow.Subscription subscription;

        CappedBody(int status, int cap) {
            this.ok = status == 200;
            this.cap = cap;
        }

        @Override
        public CompletionStage<Optional<byte[]>> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (ok) {
                subscription.request(Long.MAX_VALUE);
            } else {
                subscription.cancel();
                result.complete(Optional.empty());
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() > cap) {
                subscription.cancel();
                result.complete(Optional.empty());
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.complete(Optional.empty());
        }

        @Override
        public void onComplete() {
            result.complete(Optional.of(bytes.toByteArray()));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
