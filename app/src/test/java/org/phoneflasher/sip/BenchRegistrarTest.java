package org.phoneflasher.sip;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phoneflasher.TestClock;
import org.phoneflasher.e2e.Await;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.net.Mac;
import org.phoneflasher.provisioning.Secret;
import org.phoneflasher.sim.SimSip;

/** The bench registrar against clients on loopback: the digest cases, refusals, check-sync, and bad or huge messages. */
class BenchRegistrarTest {
    static final Mac PHONE = new Mac("001E7A2B3C4D");
    static final Mac OTHER = new Mac("001E7A2B3C4E");
    static final InetAddress HERE = address("127.0.0.1");
    static final InetAddress THERE = address("127.0.0.2");

    final TestClock clock = new TestClock();
    final EventBus events = new EventBus(1000);
    final List<Event> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    final Set<Mac> awaitingHome = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The lines the box "generated": office (phone at 127.0.0.1) and lab (phone at 127.0.0.2), and a placeholder. */
    final Map<String, BenchLines.Line> lines = Map.of(
            "office", new BenchLines.Line(PHONE, "office", "office-auth", Secret.of("s3cret"), Optional.of(HERE)),
            "lab", new BenchLines.Line(OTHER, "lab", "lab", Secret.of("pw2"), Optional.of(THERE)),
            "001E7A2B3C4F", new BenchLines.Line(new Mac("001E7A2B3C4F"), "001E7A2B3C4F", "001E7A2B3C4F", Secret.none(), Optional.of(HERE)),
            "unseen", new BenchLines.Line(new Mac("001E7A2B3C50"), "unseen", "unseen", Secret.of("x"), Optional.empty()));
    BenchRegistrar registrar;
    InetSocketAddress at;

    /** The phone port's subnet around {@link #HERE}, as the box's own interface says it. */
    static java.util.function.Predicate<java.net.InetAddress> subnet(int prefixLength) {
        return new org.phoneflasher.net.BoxInterface("lo", (java.net.Inet4Address) HERE, prefixLength, new byte[6])::contains;
    }

    @BeforeEach
    void start() throws Exception {
        events.subscribe(seen::add);
        at = new InetSocketAddress(HERE, freePort());
        registrar = new BenchRegistrar(at, subnet(8), (user, from) -> Optional.ofNullable(lines.get(user)), awaitingHome::contains, events, clock);
        registrar.start();
    }

    @AfterEach
    void stop() {
        registrar.close();
    }

    @Test
    void aLineRegistersWithItsPasswordAfterTheChallenge() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            String challenge = phone.exchange(phone.register("office", null, 3600));
            assertEquals(401, RawSip.status(challenge), challenge);
            String www = RawSip.header(challenge, "WWW-Authenticate").orElseThrow();
            assertTrue(www.contains("realm=\"phoneflasher\"") && www.contains("qop=\"auth\""), www);
            assertTrue(registered().isEmpty(), "a challenge registers nothing");

            String ok = phone.exchange(phone.register("office", phone.authorization("office-auth", "s3cret", RawSip.nonce(challenge),
                    "00000001", "c1"), 3600));
            assertEquals(200, RawSip.status(ok), ok);
            assertTrue(RawSip.header(ok, "Contact").orElseThrow().contains("expires=" + BenchRegistrar.MAX_EXPIRES), ok);
            Event.SipRegistered r = registered(1).get(0);
            assertEquals(PHONE, r.mac());
            assertEquals("office", r.user());
            assertEquals(HERE, r.source());
            assertEquals(BenchRegistrar.MAX_EXPIRES, r.expires());
        }
    }

    @Test
    void aClientWithoutQopRegistersOnceWithANonce() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            String nonce = RawSip.nonce(phone.exchange(phone.register("office", null, 3600)));
            String auth = phone.authorization("office-auth", "s3cret", nonce, null, null);
            assertEquals(200, RawSip.status(phone.exchange(phone.register("office", auth, 3600))));
            String again = phone.exchange(phone.register("office", auth, 3600));
            assertEquals(401, RawSip.status(again), "an RFC 2069 nonce serves one request: " + again);
            assertEquals(1, registered(1).size());
            assertTrue(refusals().stream().anyMatch(e -> e.reason().contains("replay")), seen.toString());
        }
    }

    @Test
    void aWrongPasswordOrAuthNameIsForbiddenAndRegistersNothing() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            String nonce = RawSip.nonce(phone.exchange(phone.register("office", null, 3600)));
            String wrong = phone.exchange(phone.register("office", phone.authorization("office-auth", "guess", nonce, "00000001", "c"), 3600));
            assertEquals(403, RawSip.status(wrong), wrong);
            nonce = RawSip.nonce(phone.exchange(phone.register("office", null, 3600)));
            String name = phone.exchange(phone.register("office", phone.authorization("office", "s3cret", nonce, "00000001", "c"), 3600));
            assertEquals(403, RawSip.status(name), name);
            assertTrue(registered().isEmpty(), seen.toString());
            assertTrue(registrar.binding(PHONE).isEmpty());
            assertTrue(refusals().stream().anyMatch(e -> e.status() == 403 && e.reason().equals("wrong password")), seen.toString());
            assertFalse(seen.toString().contains("guess"), "a password tried is never logged: " + seen);
        }
    }

    @Test
    void aReplayedNonceCountIsRefusedAndAHigherOneAccepted() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            String nonce = RawSip.nonce(phone.exchange(phone.register("office", null, 3600)));
            String first = phone.authorization("office-auth", "s3cret", nonce, "00000001", "c1");
            assertEquals(200, RawSip.status(phone.exchange(phone.register("office", first, 3600))));
            // The same Authorization in a new request (new branch, Call-ID, CSeq): what a captured REGISTER replays.
            String replay = phone.exchange(phone.register("office", first, 3600));
            assertEquals(401, RawSip.status(replay), replay);
            String next = phone.authorization("office-auth", "s3cret", nonce, "00000002", "c2");
            assertEquals(200, RawSip.status(phone.exchange(phone.register("office", next, 3600))));
            assertEquals(2, registered(2).size());
        }
    }

    @Test
    void aStaleNonceIsChallengedAgainWithStaleTrue() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            String nonce = RawSip.nonce(phone.exchange(phone.register("office", null, 3600)));
            clock.advance(BenchRegistrar.NONCE_LIFETIME.plusSeconds(1));
            String stale = phone.exchange(phone.register("office", phone.authorization("office-auth", "s3cret", nonce, "00000001", "c"), 3600));
            assertEquals(401, RawSip.status(stale), stale);
            assertTrue(RawSip.header(stale, "WWW-Authenticate").orElseThrow().toLowerCase().contains("stale=true"), stale);
            assertNotEquals(nonce, RawSip.nonce(stale));
            assertTrue(registered().isEmpty());
        }
    }

    @Test
    void aNonceTheBoxDidNotIssueOrIssuedToAnotherAddressIsRefused() throws Exception {
        try (RawSip phone = new RawSip(HERE, at); RawSip lab = new RawSip(THERE, at)) {
            String madeUp = phone.exchange(phone.register("office",
                    phone.authorization("office-auth", "s3cret", "0123456789abcdef0123456789abcdef", "00000001", "c"), 3600));
            assertEquals(401, RawSip.status(madeUp), madeUp);
            String labNonce = RawSip.nonce(lab.exchange(lab.register("lab", null, 3600)));
            String borrowed = phone.exchange(phone.register("office", phone.authorization("office-auth", "s3cret", labNonce, "00000001", "c"), 3600));
            assertEquals(401, RawSip.status(borrowed), borrowed);
            assertTrue(registered().isEmpty());
        }
    }

    @Test
    void unknownLinesAreNotFoundAndAPhoneOnlyRegistersFromItsOwnAddress() throws Exception {
        try (RawSip phone = new RawSip(HERE, at); RawSip intruder = new RawSip(THERE, at)) {
            assertEquals(404, RawSip.status(phone.exchange(phone.register("nobody", null, 3600))));
            assertEquals(403, RawSip.status(intruder.exchange(intruder.register("office", null, 3600))), "office's phone is at 127.0.0.1");
            assertEquals(403, RawSip.status(phone.exchange(phone.register("unseen", null, 3600))), "a phone the box has not seen");
            assertTrue(registered().isEmpty());
        }
    }

    @Test
    void theBoxPlaceholderLineOfAnUnlistedPhoneRegistersWithItsEmptyPassword() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            String nonce = RawSip.nonce(phone.exchange(phone.register("001E7A2B3C4F", null, 3600)));
            String ok = phone.exchange(phone.register("001E7A2B3C4F", phone.authorization("001E7A2B3C4F", "", nonce, "00000001", "c"), 3600));
            assertEquals(200, RawSip.status(ok), ok);
            assertEquals(new Mac("001E7A2B3C4F"), registered(1).get(0).mac());
        }
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            for (String method : List.of("INVITE", "OPTIONS", "SUBSCRIBE", "MESSAGE")) {
                String request = phone.register("office", null, 3600).replace("REGISTER", method);
                String answer = phone.exchange(request);
                assertEquals(405, RawSip.status(answer), answer);
                assertTrue(RawSip.header(answer, "Allow").orElseThrow().contains("REGISTER"), answer);
            }
            assertTrue(registered().isEmpty());
        }
    }

    @Test
    void anExpiresOfZeroUnregisters() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            register(phone, 3600);
            registered(1);
            assertTrue(registrar.binding(PHONE).isPresent());
            register(phone, 0);
            assertEquals(0, registered(2).get(1).expires());
            assertTrue(registrar.binding(PHONE).isEmpty());
        }
    }

    @Test
    void aPhoneWaitingForItsHomeConfigIsToldToCheckSync() throws Exception {
        awaitingHome.add(PHONE);
        try (RawSip phone = new RawSip(HERE, at)) {
            register(phone, 3600);
            String notify = phone.receive().orElseThrow(() -> new AssertionError("no NOTIFY came"));
            assertTrue(notify.startsWith("NOTIFY sip:office@127.0.0.1:" + phone.port()), notify);
            assertEquals("check-sync", RawSip.header(notify, "Event").orElseThrow());
            phone.send(okTo(notify));
            Await.until("the NOTIFY's answer as an event", Duration.ofSeconds(5),
                    () -> seen.stream().anyMatch(e -> e instanceof Event.SipNotified n && n.answer().startsWith("200")), seen::toString);
            // Told once: a REGISTER soon after does not send it again.
            register(phone, 3600);
            assertTrue(phone.receive().isEmpty(), "no second NOTIFY within " + BenchRegistrar.NOTIFY_EVERY);
        }
    }

    @Test
    void aPhoneNotWaitingIsNotNotified() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            register(phone, 3600);
            registrar.drain();
            assertTrue(phone.receive().isEmpty());
        }
    }

    @Test
    void jainSipsOwnClientRegistersAndTakesTheCheckSync() throws Exception {
        awaitingHome.add(PHONE);
        int port = freePort();
        try (SimSip sip = new SimSip(HERE, port, "udp")) {
            Response answer = sip.register(HERE, at.getPort(), new SimSip.Account("office", "office-auth", "s3cret"), 3600, Duration.ofSeconds(10));
            assertNotNull(answer, "an answer");
            assertEquals(200, answer.getStatusCode(), answer.toString());
            assertTrue(sip.awaitCheckSync(Duration.ofSeconds(10)), "the NOTIFY came");
        }
        try (SimSip sip = new SimSip(HERE, freePort(), "tcp")) {
            Response answer = sip.register(HERE, at.getPort(), new SimSip.Account("office", "office-auth", "nope"), 3600, Duration.ofSeconds(10));
            assertEquals(403, answer.getStatusCode(), "over TCP, and a wrong password: " + answer);
        }
    }

    @Test
    void closedRightAfterItStartsItLetsGoOfBothPorts() throws Exception {
        // JAIN-SIP's UDP processor fills its channel list on a thread of its own after start(): a stop in between
        // meets a list that is null or changing. Closing must still free the UDP and the TCP port, every time.
        for (int i = 0; i < 100; i++) {
            InetSocketAddress bind = new InetSocketAddress(HERE, freePort());
            BenchRegistrar quick = new BenchRegistrar(bind, subnet(8), (user, from) -> Optional.empty(), mac -> false, events, clock);
            quick.start();
            quick.close();
            try (ServerSocket tcp = new ServerSocket(bind.getPort(), 1, HERE); DatagramSocket udp = new DatagramSocket(bind)) {
                assertTrue(tcp.isBound() && udp.isBound(), "round " + i);
            }
        }
    }

    @Test
    void requestsFromOffTheSubnetAreDroppedUnanswered() throws Exception {
        registrar.close();
        registrar = new BenchRegistrar(at, subnet(32), (user, from) -> Optional.ofNullable(lines.get(user)), awaitingHome::contains, events, clock);
        registrar.start();
        try (RawSip stranger = new RawSip(THERE, at); RawSip phone = new RawSip(HERE, at)) {
            stranger.send(stranger.register("lab", null, 3600));
            assertTrue(stranger.response().isEmpty(), "127.0.0.2 is not on 127.0.0.1/32");
            assertEquals(401, RawSip.status(phone.exchange(phone.register("office", null, 3600))), "the box's own address is");
        }
    }

    @Test
    void malformedAndFuzzedMessagesGetAClientErrorOrNothingAndChangeNothing() throws Exception {
        Random random = new Random(16);
        try (RawSip phone = new RawSip(HERE, at)) {
            String nonce = RawSip.nonce(phone.exchange(phone.register("office", null, 3600)));
            String valid = phone.register("office", phone.authorization("office-auth", "s3cret", nonce, "00000001", "c"), 3600);
            List<String> cases = new ArrayList<>(List.of("", "\r\n\r\n", "garbage", "REGISTER\r\n\r\n", "SIP/2.0 200 OK\r\n\r\n",
                    valid.replaceFirst("(?m)^Call-ID:.*\\r\\n", ""), valid.replaceFirst("(?m)^To:.*\\r\\n", ""),
                    valid.replaceFirst("(?m)^CSeq:.*\\r\\n", "CSeq: x REGISTER\r\n"), valid.replace("SIP/2.0\r\n", "SIP/9.9\r\n"),
                    valid.replace("Content-Length: 0", "Content-Length: 99999"), valid.replace("To: <sip:office@", "To: <tel:office@"),
                    valid.replace("Authorization: Digest", "Authorization: Basic"), valid.replace("nc=00000001", "nc=zz")));
            for (int i = 0; i < 400; i++) {
                char[] chars = valid.toCharArray();
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    chars[random.nextInt(chars.length)] = (char) (random.nextInt(2) == 0 ? random.nextInt(128) : ":;<>\"\r\n@ ".charAt(random.nextInt(9)));
                }
                cases.add(random.nextInt(4) == 0 ? new String(chars, 0, random.nextInt(chars.length)) : new String(chars));
            }
            Set<Integer> statuses = new HashSet<>();
            // Most mutations go unanswered (the parser drops what it cannot read): a short wait each, then a long one at
            // the end for the stragglers; every answer counts, whichever case it belongs to.
            phone.socket.setSoTimeout(100);
            for (String bad : cases) {
                phone.send(bad);
                Optional<String> answer = phone.response();
                while (answer.isPresent() && !answer.get().startsWith("SIP/2.0 ")) {
                    answer = phone.response();
                }
                answer.ifPresent(a -> statuses.add(RawSip.status(a)));
            }
            phone.socket.setSoTimeout(2000);
            for (Optional<String> late = phone.response(); late.isPresent(); late = phone.response()) {
                if (late.get().startsWith("SIP/2.0 ")) {
                    statuses.add(RawSip.status(late.get()));
                }
            }
            statuses.remove(Response.OK); // the few mutations that leave the valid REGISTER intact (a flipped letter in Call-ID)
            assertTrue(statuses.stream().allMatch(s -> s >= 400 && s < 500), "client errors only: " + statuses);
            assertTrue(statuses.contains(400), "the parser's 400 for a malformed request: " + statuses);
            assertTrue(registered().stream().allMatch(e -> e.mac().equals(PHONE)), "nothing but office registered: " + seen);
            // Still answering.
            assertEquals(401, RawSip.status(phone.exchange(phone.register("office", null, 3600))));
        }
    }

    @Test
    void aHugeMessageIsRefusedOrIgnoredAndTheRegistrarGoesOn() throws Exception {
        try (RawSip phone = new RawSip(HERE, at)) {
            String huge = phone.register("office", null, 3600).replace("Content-Length: 0\r\n", "X-Pad: " + "a".repeat(60_000) + "\r\nContent-Length: 0\r\n");
            phone.send(huge);
            Optional<String> answer = phone.response();
            answer.ifPresent(a -> assertTrue(RawSip.status(a) == 513 || RawSip.status(a) == 400, a));
            assertEquals(401, RawSip.status(phone.exchange(phone.register("office", null, 3600))), "still answering");
        }
        try (Socket tcp = new Socket(HERE, at.getPort())) {
            tcp.setSoTimeout(10_000);
            OutputStream out = tcp.getOutputStream();
            InputStream in = tcp.getInputStream();
            byte[] line = ("X-Pad: " + "b".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(("REGISTER sip:127.0.0.1 SIP/2.0\r\n").getBytes(StandardCharsets.US_ASCII));
            boolean cut = false;
            try {
                for (int i = 0; i < 1000; i++) {
                    out.write(line);
                }
                out.flush();
                cut = in.read() < 0;
            } catch (IOException e) {
                cut = true;
            }
            assertTrue(cut, "a TCP stream past " + SipStacks.MAX_MESSAGE_SIZE + " bytes without a message's end is cut off");
        }
        try (RawSip phone = new RawSip(HERE, at)) {
            assertEquals(401, RawSip.status(phone.exchange(phone.register("office", null, 3600))), "still answering");
        }
        assertTrue(registered().isEmpty());
    }

    // --- helpers

    private void register(RawSip phone, int expires) throws IOException {
        String nonce = RawSip.nonce(phone.exchange(phone.register("office", null, expires)));
        String ok = phone.exchange(phone.register("office", phone.authorization("office-auth", "s3cret", nonce, "00000001", "c"), expires));
        assertEquals(200, RawSip.status(ok), ok);
    }

    /** The registrations published so far, once {@code count} of them are (the event follows the 200 it answers). */
    private List<Event.SipRegistered> registered(int count) {
        Await.until(count + " registration event(s)", Duration.ofSeconds(5), () -> registered().size() >= count, seen::toString);
        return registered();
    }

    private List<Event.SipRegistered> registered() {
        synchronized (seen) {
            return seen.stream().filter(e -> e instanceof Event.SipRegistered).map(e -> (Event.SipRegistered) e).toList();
        }
    }

    private List<Event.SipRefused> refusals() {
        synchronized (seen) {
            return seen.stream().filter(e -> e instanceof Event.SipRefused).map(e -> (Event.SipRefused) e).toList();
        }
    }

    /** A 200 to a request, its Via, From, To, Call-ID and CSeq copied. */
    private static String okTo(String request) {
        StringBuilder out = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String name : List.of("Via", "From", "To", "Call-ID", "CSeq")) {
            out.append(name).append(": ").append(RawSip.header(request, name).orElseThrow()).append("\r\n");
        }
        return out.append("Content-Length: 0\r\n\r\n").toString();
    }

    /** A port free for UDP and TCP on loopback now. */
    static int freePort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, HERE); DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), HERE)) {
                return tcp.getLocalPort();
            } catch (IOException e) {
                // taken for UDP: try another
            }
        }
        throw new IOException("no free port");
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
