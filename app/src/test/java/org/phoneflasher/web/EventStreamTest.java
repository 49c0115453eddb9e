package org.phoneflasher.web;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phoneflasher.net.Mac;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;

/** The live feed: the log first, then frames as things change; progress coalesced; a browser that leaves is let go. */
class EventStreamTest {
    record Frame(String event, String data) {}

    /** As a box with the usual 1024 descriptors sizes them. */
    static final HttpLimits LIMITS = HttpLimits.within(new FdBudget(1024, 40), 64);

    final EventBus bus = new EventBus(100);
    final AtomicInteger phoneSnapshots = new AtomicInteger();
    EventStream stream;
    LocalServer server;
    InetAddress client;

    @BeforeEach
    void start() throws Exception {
        client = InetAddress.getByName("10.99.0.100");
        bus.publish(new Event.DhcpServing(Instant.now(), true, "no other DHCP server answered"));
        stream = new EventStream(bus, () -> List.of(Map.of("mac", "001E7A2B3C4D", "n", phoneSnapshots.incrementAndGet())),
                () -> Map.of("status", "fine"), Clock.systemUTC(), LIMITS);
        server = new LocalServer(stream);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** Reads frames on a thread of its own into a queue, until the stream is closed. */
    final class Reader implements AutoCloseable {
        final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final InputStream body;

        Reader() throws Exception {
            HttpResponse<InputStream> r = server.http.send(server.request(EventStream.PATH).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
            body = r.body();
            Thread t = new Thread(this::read, "sse-test-reader");
            t.setDaemon(true);
            t.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    } else if (line.isEmpty() && event != null) {
                        frames.add(new Frame(event, data.toString()));
                        event = null;
                        data.setLength(0);
                    }
                }
            } catch (Exception e) {
                // closed by the test
            }
        }

        Frame next(String event) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                Frame f = frames.poll(100, TimeUnit.MILLISECONDS);
                if (f != null && f.event().equals(event)) {
                    return f;
                }
            }
            throw new AssertionError("no " + event + " frame");
        }

        List<Frame> drain(long millis) throws InterruptedException {
            Thread.sleep(millis);
            List<Frame> out = new ArrayList<>();
            frames.drainTo(out);
            return out;
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    @Test
    void theLogComesFirstThenTheBoxAndThePhonesThenEachNewEvent() throws Exception {
        try (Reader reader = new Reader()) {
            assertTrue(reader.next("events").data().contains("no other DHCP server answered"));
            assertTrue(reader.next("box").data().contains("fine"));
            assertTrue(reader.next("phones").data().contains("001E7A2B3C4D"));
            bus.publish(new Event.FileRequested(Instant.now(), "TFTP", client, "SIP45.9-4-2SR3-1S.loads", ""));
            Frame log = reader.next("log");
            assertTrue(log.data().contains("TFTP request SIP45.9-4-2SR3-1S.loads"), log.data());
            assertTrue(log.data().contains("\"kind\":\"file.request\""), log.data());
        }
    }

    /** A listener that publishes (the tracker) hands later listeners its event before the one that caused it. */
    @Test
    void theLiveLogIsNewestFirstEvenForEventsPublishedFromInsideAListener() throws Exception {
        try (Reader reader = new Reader()) {
            reader.next("phones");
            Instant t = Instant.now();
            EventBus nested = bus;
            nested.subscribe(e -> {
                if (e instanceof Event.FileRequested) {
                    nested.publish(new Event.PhoneChanged(t.plusMillis(1), new Mac("001E7A2B3C4D"), "DOWNLOADING", "caused"));
                }
            });
            // Subscribed after the publishing listener, as the page's stream always is after the tracker.
            try (Reader later = new Reader()) {
                later.next("phones");
                bus.publish(new Event.FileRequested(t, "TFTP", client, "cause.loads", ""));
                String data = later.next("log").data();
                assertTrue(data.indexOf("caused") < data.indexOf("cause.loads"), "newest first: " + data);
            }
        }
    }

    @Test
    void aBurstOfProgressCostsAFewPhonesFramesNotOneEach() throws Exception {
        try (Reader reader = new Reader()) {
            reader.next("phones");
            int before = phoneSnapshots.get();
            for (int i = 1; i <= 1000; i++) {
                bus.publish(new Event.FileProgress(Instant.now(), "TFTP", client, "apps45.sbn", i * 512L, 512_000));
            }
            List<Frame> frames = reader.drain(700);
            long phones = frames.stream().filter(f -> f.event().equals("phones")).count();
            assertTrue(phones >= 1 && phones <= 5, phones + " phones frames for 1000 progress events");
            assertTrue(phoneSnapshots.get() - before <= 5, "snapshots taken: " + (phoneSnapshots.get() - before));
            assertTrue(frames.stream().noneMatch(f -> f.event().equals("log")), "progress is not logged");
        }
    }

    @Test
    void aBrowserFarBehindIsToldToReloadTheLogInsteadOfQueueingWithoutEnd() throws Exception {
        try (Reader reader = new Reader()) {
            reader.next("phones");
            for (int i = 0; i < 5 * StreamClient.QUEUE; i++) {
                bus.publish(new Event.FileNotFound(Instant.now(), "TFTP", client, "f" + i));
            }
            reader.next("gap");
        }
    }

    @Test
    void aBrowserThatLeavesIsUnsubscribed() throws Exception {
        Reader reader = new Reader();
        reader.next("phones");
        assertEquals(1, stream.clients());
        reader.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (stream.clients() > 0 && System.nanoTime() < deadline) {
            // The next write finds the connection closed.
            bus.publish(new Event.FileNotFound(Instant.now(), "TFTP", client, "x"));
            Thread.sleep(100);
        }
        assertEquals(0, stream.clients());
    }

    /** The tracker publishes while holding its lock, and the phones snapshot takes that lock: neither may wait on the other. */
    @Test
    void aPublisherHoldingTheTrackersLockNeverDeadlocksThePump() throws Exception {
        Object trackerLock = new Object();
        EventStream locked = new EventStream(bus, () -> {
            synchronized (trackerLock) {
                return List.of(Map.of("n", phoneSnapshots.incrementAndGet()));
            }
        }, () -> Map.of(), Clock.systemUTC(), LIMITS);
        server.close();
        server = new LocalServer(locked);
        Thread publisher = new Thread(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < end) {
                synchronized (trackerLock) {
                    bus.publish(new Event.FileProgress(Instant.now(), "TFTP", client, "apps45.sbn", 1, 2));
                }
            }
        });
        try (Reader reader = new Reader()) {
            reader.next("phones");
            publisher.start();
            publisher.join(5000);
            assertFalse(publisher.isAlive(), "the publisher is stuck");
            int before = phoneSnapshots.get();
            bus.publish(new Event.FileProgress(Instant.now(), "TFTP", client, "apps45.sbn", 2, 2));
            reader.drain(600);
            assertTrue(phoneSnapshots.get() > before, "the pump still runs");
        }
    }

    /** One address may hold a few streams; one more is told why and when to ask again, and is let in once one leaves. */
    @Test
    void oneStreamTooManyFromAnAddressIsRefusedWithRetryAfter() throws Exception {
        List<Reader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < LIMITS.streamsPerAddress(); i++) {
                Reader reader = new Reader();
                reader.next("phones");
                readers.add(reader);
            }
            HttpResponse<String> refused = server.get(EventStream.PATH);
            assertEquals(503, refused.statusCode());
            assertEquals(String.valueOf(EventStream.RETRY_AFTER_SECONDS), refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(refused.body().contains(LIMITS.streamsPerAddress() + " live pages already open from 127.0.0.1"), refused.body());
            assertEquals(LIMITS.streamsPerAddress(), stream.clients());

            readers.remove(0).close();
            // The pump's next heartbeat or two finds the connection closed.
            org.phoneflasher.e2e.Await.until("the closed stream let go", java.time.Duration.ofSeconds(10),
                    () -> stream.clients() < LIMITS.streamsPerAddress(), () -> stream.clients() + " streams");
            Reader again = new Reader();
            readers.add(again);
            again.next("phones");
        } finally {
            for (Reader reader : readers) {
                reader.close();
            }
        }
    }

    @Test
    void stoppingTheServerEndsEveryStream() throws Exception {
        Reader reader = new Reader();
        reader.next("phones");
        server.close();
        assertEquals(0, stream.clients());
        reader.close();
    }
}
