package org.phoneflasher.phones;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.phoneflasher.Timers;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks each phone that is up for its DeviceInformationX page, so "done" rests on what the phone itself reports.
 * Short timeouts and a size cap: a phone that is rebooting or writing flash does not answer, and that is normal.
 */
public final class DeviceInfoPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceInfoPoller.class);

    private final PhoneTracker tracker;
    private final Duration every;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration BEFORE_CONFIG_TIMEOUT = Duration.ofMillis(1500);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService timer = Timers.daemon("phone-poller");
    /** Phones asked before their config since their last lease, so a phone without a page costs one wait, not many. */
    private final Set<String> askedBeforeConfig = ConcurrentHashMap.newKeySet();

    public DeviceInfoPoller(PhoneTracker tracker, Duration every, EventBus events) {
        this.tracker = tracker;
        this.every = every;
        // A phone that just got its address may already be up (a running phone renewing, or one whose page answers
        // early): ask at once, so its current load is known before its config is generated.
        events.subscribe(event -> {
            if (event instanceof Event.DhcpLeased leased) {
                askedBeforeConfig.remove(leased.mac());
                timer.execute(() -> ask(leased.mac(), leased.address().getHostAddress()));
            }
        });
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::round, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks a phone whose load is still unknown, on the calling thread, just before its config is generated: the ask at
     * lease time often comes before the phone has put the new address on its port, and the config decides which load
     * the phone takes next. Once per lease; the phone has just sent a request from that address, so it answers fast.
     */
    public void askIfUnknown(String mac) {
        tracker.phone(mac).filter(phone -> phone.currentLoad() == null && phone.ip() != null)
                .filter(phone -> askedBeforeConfig.add(phone.mac()))
                .ifPresent(phone -> ask(phone.mac(), phone.ip(), BEFORE_CONFIG_TIMEOUT));
    }

    private void ask(String mac, String ip) {
        ask(mac, ip, TIMEOUT);
    }

    private void ask(String mac, String ip, Duration timeout) {
        fetch(ip, timeout).flatMap(DeviceInfo::parse).ifPresent(info -> tracker.reported(mac, info.versionId()));
    }

    private void round() {
        try {
            tracker.tick();
            for (Map.Entry<String, String> phone : tracker.pollable().entrySet()) {
                ask(phone.getKey(), phone.getValue());
            }
        } catch (RuntimeException e) {
            LOG.warn("polling phones failed: {}", Event.printable(e.toString())); // may quote the phone's page
        }
    }

    private java.util.Optional<byte[]> fetch(String ip, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + ip + "/DeviceInformationX"))
                .timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return java.util.Optional.empty();
                }
                byte[] bytes = body.readNBytes(DeviceInfo.MAX_SIZE + 1);
                return bytes.length > DeviceInfo.MAX_SIZE ? java.util.Optional.empty() : java.util.Optional.of(bytes);
            }
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
