package org.phoneflasher.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.files.Content;
import org.phoneflasher.files.ContentSource;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.files.Resolver;
import org.phoneflasher.firmware.ArchiveLimits;
import org.phoneflasher.firmware.ArchiveUnpacker;
import org.phoneflasher.firmware.IndexedFiles;
import org.phoneflasher.firmware.StickIndexer;

class TftpServerTest {
    private static final int DATA = 3;
    private static final int ERROR = 5;
    /** Long enough that no retransmission happens while a test watches the wire. */
    private static final Duration SLOW = Duration.ofSeconds(5);

    @TempDir
    Path stick;

    private final EventBus bus = new EventBus(1000);
    private final EventLog events = new EventLog(bus);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TftpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = start(new TftpSettings(16, 16, Duration.ofMillis(500), 5, 65464), stickResolver());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private TftpServer start(TftpSettings settings, Resolver resolver) throws IOException {
        TftpServer started = new TftpServer(new InetSocketAddress(RawClient.LOOPBACK, 0), resolver, bus, settings);
        toClose.add(started);
        started.start();
        return started;
    }

    private Resolver stickResolver() {
        // Indexed afresh at each request: the tests write files while the server runs.
        StickIndexer indexer = new StickIndexer(new ArchiveUnpacker(stick.resolveSibling(stick.getFileName() + "-cache"),
                ArchiveLimits.defaults()));
        return new Resolver(List.of(new IndexedFiles(() -> indexer.index(stick))));
    }

    private RawClient client(TftpServer target) throws IOException {
        RawClient client = new RawClient(target.port());
        toClose.add(client);
        return client;
    }

    private byte[] stickFile(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(stick.resolve(name), bytes);
        return bytes;
    }

    private TFTPClient commonsClient() throws IOException {
        return commonsClient(Duration.ofSeconds(5));
    }

    private TFTPClient commonsClient(Duration timeout) throws IOException {
        TFTPClient client = new TFTPClient();
        client.setDefaultTimeout(timeout);
        client.open();
        toClose.add(client::close);
        return client;
    }

    @Test
    void commonsClientDownloadsThreeMegabytesByteExact() throws Exception {
        byte[] file = stickFile("apps41.8-5-4S.sbn", 3 * 1024 * 1024 + 77);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // Asked in another case: served under the file's own name.
        int read = commonsClient().receiveFile("APPS41.8-5-4s.SBN", TFTP.BINARY_MODE, out, RawClient.LOOPBACK, server.port());

        assertEquals(file.length, read);
        assertArrayEquals(file, out.toByteArray());
        Event.FileRequested requested = events.await(Event.FileRequested.class);
        assertEquals("APPS41.8-5-4s.SBN", requested.name());
        assertEquals("", requested.options());
        Event.FileSent sent = events.await(Event.FileSent.class);
        assertEquals("apps41.8-5-4S.sbn", sent.name(), "served under the file's own spelling");
        assertEquals(file.length, sent.bytes());
        assertEquals(512, sent.blockSize());
        assertEquals(RawClient.LOOPBACK, sent.client());
    }

    @Test
    void aClientReusingItsPortGetsEachNextFileAtOnce() throws Exception {
        // A phone's boot is a run of RRQs back to back; Commons Net's client sends them all from one port and never
        // retransmits an RRQ, so one taken for a duplicate while the last transfer winds down hangs the boot.
        TFTPClient client = commonsClient(Duration.ofSeconds(2));
        for (int i = 0; i < 40; i++) {
            byte[] file = stickFile("part" + i + ".sbn", 700 + i);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.receiveFile("part" + i + ".sbn", TFTP.BINARY_MODE, out, RawClient.LOOPBACK, server.port());
            assertArrayEquals(file, out.toByteArray(), "file " + i);
        }
    }

    @Test
    void optionsAreAcknowledgedThenUsed() throws Exception {
        byte[] file = stickFile("cnu65.default.sbn", 100_000);
        RawClient client = client(server);

        client.rrq("cnu65.default.sbn", "octet", "blksize", "1428", "tsize", "0", "windowsize", "4");
        RawClient.Packet oack = client.receive();
        assertEquals(Map.of("blksize", "1428", "tsize", "100000"), oack.oackOptions());
        assertEquals(List.of("blksize", "tsize"), List.copyOf(oack.oackOptions().keySet()));
        assertNotEquals(server.port(), oack.from().getPort(), "the transfer must come from a new TID");
        client.ack(oack.from(), 0);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int expected = 1;
        while (true) {
            RawClient.Packet data = client.receive();
            assertEquals(DATA, data.opcode(), data.toString());
            assertEquals(expected, data.block());
            assertEquals(oack.from(), data.from());
            out.writeBytes(data.payload());
            client.ack(data.from(), data.block());
            if (data.payload().length < 1428) {
                break;
            }
            assertEquals(1428, data.payload().length);
            expected++;
        }
        assertArrayEquals(file, out.toByteArray());
        assertEquals("blksize=1428 tsize=0 windowsize=4", events.await(Event.FileRequested.class).options());
        Event.FileSent sent = events.await(Event.FileSent.class);
        assertEquals(1428, sent.blockSize());
        assertEquals(file.length, sent.bytes());
    }

    @Test
    void fileOfWholeBlocksEndsWithAnEmptyBlock() throws Exception {
        stickFile("two-blocks.bin", 1024);
        RawClient client = client(server);
        client.rrq("two-blocks.bin", "octet");
        List<Integer> lengths = new ArrayList<>();
        for (int block = 1; block <= 3; block++) {
            RawClient.Packet data = client.receive();
            assertEquals(DATA, data.opcode());
            assertEquals(block, data.block());
            lengths.add(data.payload().length);
            client.ack(data.from(), block);
        }
        assertEquals(List.of(512, 512, 0), lengths);
        assertNull(client.receive(200), "nothing after the empty block");
        assertEquals(1024, events.await(Event.FileSent.class).bytes());
    }

    @Test
    void emptyFileIsOneEmptyBlock() throws Exception {
        stickFile("empty.cfg", 0);
        assertArrayEquals(new byte[0], client(server).download("empty.cfg", "octet"));
        assertEquals(0, events.await(Event.FileSent.class).bytes());
    }

    @Test
    void netasciiIsServedAsRawBytes() throws Exception {
        byte[] file = "line one\nline two\r\n\0binary".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(stick.resolve("SEPDEFAULT.cnf.xml"), file);
        assertArrayEquals(file, client(server).download("SEPDEFAULT.cnf.xml", "NetASCII"));
    }

    @Test
    void missingFileGetsError1() throws Exception {
        RawClient client = client(server);
        client.rrq("nothere.bin", "octet");
        RawClient.Packet reply = client.receive();
        assertEquals(1, reply.errorCode());
        Event.FileNotFound notFound = events.await(Event.FileNotFound.class);
        assertEquals("nothere.bin", notFound.name());
        assertEquals(0, server.activeTransfers());
    }

    @Test
    void commonsClientSeesTheNotFoundError() throws Exception {
        IOException e = assertThrows(IOException.class, () -> commonsClient()
                .receiveFile("nothere.bin", TFTP.BINARY_MODE, OutputStream.nullOutputStream(), RawClient.LOOPBACK, server.port()));
        // Sent from a new TID: a reply from the server port would read "Incorrect source port".
        assertTrue(e.getMessage().contains("Error code 1"), e.getMessage());
    }

    @Test
    void unsafeNamesGetError2() throws Exception {
        Files.createDirectories(stick.resolve("etc"));
        stickFile("x", 10);
        RawClient client = client(server);
        List<String> names = List.of("../etc/passwd", "/../x", "a\\b", "C:x", "//x");
        for (String name : names) {
            client.rrq(name, "octet");
            RawClient.Packet reply = client.receive();
            assertEquals(2, reply.errorCode(), name + ": " + reply);
        }
        List<Event.FileRefused> refused = events.await(Event.FileRefused.class, names.size(), Duration.ofSeconds(2));
        assertEquals(names, refused.stream().map(Event.FileRefused::name).toList());
        assertTrue(refused.get(0).reason().contains(".."), refused.get(0).reason());
        assertTrue(events.all(Event.FileSent.class).isEmpty());
    }

    @Test
    void writeRequestGetsError2() throws Exception {
        RawClient client = client(server);
        client.wrq("upload.bin");
        RawClient.Packet reply = client.receive();
        assertEquals(2, reply.errorCode());
        assertTrue(reply.errorMessage().contains("read-only"), reply.errorMessage());
        Event.FileRefused refused = events.await(Event.FileRefused.class);
        assertEquals("upload.bin", refused.name());
        assertTrue(Files.notExists(stick.resolve("upload.bin")));
    }

    @Test
    void garbageGetsError4AndTheServerKeepsServing() throws Exception {
        byte[] file = stickFile("after.bin", 700);
        RawClient client = client(server);
        List<byte[]> garbage = List.of(
                new byte[] {(byte) 0x9c, 0x3e, 0x71},                 // three random bytes
                new byte[] {0, 9, 1, 2, 3, 4},                          // unknown opcode 9
                new byte[] {1, 1, 'a', 0, 'o', 'c', 't', 'e', 't', 0},  // opcode 0x0101, not an RRQ
                new byte[] {0, 3, 0, 1, 42},                            // DATA to the request port
                new byte[] {0, 4, 0, 1},                                // ACK to the request port
                new byte[] {0, 6, 'x', 0, '1', 0},                      // OACK to the request port
                new byte[] {0},                                          // one byte
                new byte[0],                                             // empty datagram
                RawClient.request(1, "after.bin", "mail"),             // unknown mode
                RawClient.request(1, "after.bin", "octet", "blksize"), // option without value
                concat(RawClient.request(1, "after.bin", "octet"), new byte[] {'b', 'l', 'k', 0, '1', '4'}), // unterminated
                new byte[] {0, 1, 'n', 'o', '-', 'n', 'u', 'l'});       // name without terminator
        for (byte[] bad : garbage) {
            client.sendRaw(bad);
            RawClient.Packet reply = client.receive();
            assertEquals(4, reply.errorCode(), "reply to " + Arrays.toString(bad));
            assertEquals(server.port(), reply.from().getPort());
        }
        assertArrayEquals(file, client.download("after.bin", "octet"));
    }

    @Test
    void errorPacketsToTheRequestPortAreNotAnswered() throws Exception {
        RawClient client = client(server);
        client.error(client.server(), 0, "hello");
        assertNull(client.receive(300));
    }

    @Test
    void duplicateAckDoesNotResendTheNextBlock() throws Exception {
        TftpServer slow = start(new TftpSettings(4, 4, SLOW, 5, 65464), stickResolver());
        stickFile("dup.bin", 4 * 512);
        RawClient client = client(slow);
        client.rrq("dup.bin", "octet");
        RawClient.Packet first = client.receive();
        assertEquals(1, first.block());
        client.ack(first.from(), 1);
        client.ack(first.from(), 1);

        int block2 = 0;
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        for (RawClient.Packet p; (p = client.receive(Math.max(1, (until - System.nanoTime()) / 1_000_000))) != null; ) {
            if (p.opcode() == DATA) {
                assertEquals(2, p.block(), p.toString());
                block2++;
            }
        }
        assertEquals(1, block2, "DATA 2 must be sent once; only a timeout resends");
    }

    @Test
    void clientSilentAfterItsFirstAckGetsMaxTriesSendsThenTheTransferFails() throws Exception {
        TftpServer impatient = start(new TftpSettings(4, 4, Duration.ofMillis(100), 4, 65464), stickResolver());
        stickFile("lost.bin", 2000);
        RawClient client = client(impatient);
        client.rrq("lost.bin", "octet");
        client.ack(client.receive().from(), 1);

        int sends = 0;
        RawClient.Packet error = null;
        List<Long> at = new ArrayList<>();
        for (RawClient.Packet p; (p = client.receive(1500)) != null; ) {
            if (p.opcode() == DATA) {
                at.add(System.nanoTime() / 1_000_000);
                assertEquals(2, p.block());
                assertNull(error, "DATA after the ERROR");
                sends++;
            } else {
                error = p;
            }
        }
        assertEquals(4, sends);
        // The wait doubles after each silent try: 100, 200, 400 ms between the sends.
        assertTrue(at.get(2) - at.get(1) > at.get(1) - at.get(0) + 50 && at.get(3) - at.get(2) >= 350,
                "backing off: " + at);
        assertNotNull(error, "the client is told the transfer timed out");
        assertEquals(0, error.errorCode());
        Event.FileFailed failed = events.await(Event.FileFailed.class);
        assertEquals("lost.bin", failed.name());
        assertEquals(512, failed.bytes());
        assertTrue(failed.reason().contains("no ACK"), failed.reason());
        assertTrue(events.all(Event.FileSent.class).isEmpty());
        assertEquals(0, impatient.activeTransfers());
    }

    /** A 1000-byte transfer whose client has ACKed block 1 and just received block 2, the last; returns block 2. */
    private RawClient.Packet lastBlockReceived(RawClient client, String name) throws Exception {
        stickFile(name, 1000);
        client.rrq(name, "octet");
        client.ack(client.receive().from(), 1);
        RawClient.Packet last = client.receive();
        assertEquals(2, last.block());
        return last;
    }

    @Test
    void aClientThatGoesQuietAfterTheLastBlockGotTheFile() throws Exception {
        // RFC 1350: the client may leave after its final ACK; when that ACK is lost, the box hears only silence.
        TftpServer impatient = start(new TftpSettings(4, 4, Duration.ofMillis(100), 4, 65464), stickResolver());
        lastBlockReceived(client(impatient), "last.bin");
        // no final ACK
        Event.FileSent sent = events.await(Event.FileSent.class);
        assertEquals(1000, sent.bytes());
        assertTrue(events.all(Event.FileFailed.class).isEmpty());
        waitUntilIdle(impatient);
    }

    @Test
    void aClientThatRepeatsItsLastAckNeverGotTheLastBlock() throws Exception {
        TftpServer impatient = start(new TftpSettings(4, 4, Duration.ofMillis(100), 4, 65464), stickResolver());
        RawClient client = client(impatient);
        RawClient.Packet last = lastBlockReceived(client, "missed.bin");
        client.ack(last.from(), 1); // as a client whose copy of block 2 was lost does on its own timer
        Event.FileFailed failed = events.await(Event.FileFailed.class);
        assertEquals(512, failed.bytes());
        assertTrue(failed.reason().contains("no ACK for block 2"), failed.reason());
        assertTrue(events.all(Event.FileSent.class).isEmpty());
    }

    /** Datagrams a client that never answers gets, up to and including the ERROR that ends the transfer. */
    private static List<RawClient.Packet> untilError(RawClient client, Duration bound) throws IOException {
        List<RawClient.Packet> got = new ArrayList<>();
        long until = System.nanoTime() + bound.toNanos();
        for (RawClient.Packet p; (p = client.receive(Math.max(1, (until - System.nanoTime()) / 1_000_000))) != null; ) {
            got.add(p);
            if (p.opcode() == ERROR) {
                return got;
            }
        }
        throw new AssertionError("no ERROR within " + bound.toMillis() + " ms, got " + got);
    }

    @Test
    void aClientAskingTimeout255ThatNeverAcksIsGivenUpOnTheBoxesScheduleAfterTwoSends() throws Exception {
        // Waits 100, 200, 400, 800, 800, 800 ms: given up 3.1 s after the first send, as the defaults' 31 s.
        TftpSettings settings = new TftpSettings(8, 8, Duration.ofMillis(100), 6, 65464);
        assertEquals(Duration.ofMillis(3100), settings.giveUpAfter());
        TftpServer box = start(settings, stickResolver());
        stickFile("hold.bin", 5000);
        RawClient client = client(box);
        long asked = System.nanoTime();
        client.rrq("hold.bin", "octet", "timeout", "255"); // 31 bytes

        List<RawClient.Packet> got = untilError(client, Duration.ofSeconds(10));
        long millis = (System.nanoTime() - asked) / 1_000_000;
        // A timeout above 5 s is not acknowledged (RFC 2349: an OACK must echo it), so no OACK: DATA 1 at once.
        assertEquals(3, got.size(), got.toString());
        assertEquals(List.of(DATA, DATA, ERROR), got.stream().map(RawClient.Packet::opcode).toList());
        assertEquals(1032, got.get(0).bytes().length + got.get(1).bytes().length, "two 516-byte DATA 1 unasked, not six");
        assertTrue(millis >= 3000 && millis < 4500, "given up after " + millis + " ms");
        assertTrue(events.await(Event.FileFailed.class).reason().contains("no ACK for block 1"));
        waitUntilIdle(box);
    }

    @Test
    void aClientThatAcksOnlyTheOackGetsTheFirstLargeBlockTwice() throws Exception {
        TftpServer box = start(new TftpSettings(8, 8, Duration.ofMillis(100), 6, 65464), stickResolver());
        stickFile("huge.bin", 200_000);
        RawClient client = client(box);
        client.rrq("huge.bin", "octet", "blksize", "65464", "timeout", "255");
        RawClient.Packet oack = client.receive();
        assertEquals(Map.of("blksize", "65464"), oack.oackOptions(), "a 255 s timeout is not granted");
        client.ack(oack.from(), 0);

        List<RawClient.Packet> got = untilError(client, Duration.ofSeconds(10));
        assertEquals(List.of(DATA, DATA, ERROR), got.stream().map(RawClient.Packet::opcode).toList());
        assertEquals(65468, got.get(0).bytes().length);
        waitUntilIdle(box);
    }

    @Test
    void beforeItsFirstAckAClientThatAsksAgainGetsItsFirstPacketAgain() throws Exception {
        TftpServer slow = start(new TftpSettings(4, 4, SLOW, 6, 65464), stickResolver());
        stickFile("again.bin", 2000);
        RawClient client = client(slow);
        client.rrq("again.bin", "octet");
        assertEquals(1, client.receive().block());
        client.rrq("again.bin", "octet"); // its DATA 1 was lost: it repeats the RRQ
        RawClient.Packet again = client.receive(1000);
        assertNotNull(again, "the repeated RRQ is answered at once, not after the 5 s timer");
        assertEquals(1, again.block());
        // Likewise, after an OACK: the client's ACK 0 again asks for DATA 1 again.
        RawClient withOptions = client(slow);
        withOptions.rrq("again.bin", "octet", "blksize", "1024");
        RawClient.Packet oack = withOptions.receive();
        withOptions.ack(oack.from(), 0);
        assertEquals(1, withOptions.receive().block());
        withOptions.ack(oack.from(), 0);
        RawClient.Packet data1 = withOptions.receive(1000);
        assertNotNull(data1, "the repeated ACK 0 is answered at once");
        assertEquals(1, data1.block());
        // Once a DATA block is ACKed, a duplicate ACK resends nothing (Sorcerer's Apprentice).
        client.ack(again.from(), 1);
        client.ack(again.from(), 1);
        assertEquals(2, client.receive().block());
        assertNull(client.receive(500), "DATA 2 once");
    }

    @Test
    void oneAddressGetsAtMostItsShareOfTransfersAndAnotherStillGetsOne() throws Exception {
        TftpServer box = start(new TftpSettings(16, 2, SLOW, 5, 65464), stickResolver());
        byte[] file = stickFile("share.bin", 3000);
        for (int i = 0; i < 2; i++) {
            RawClient greedy = client(box);
            greedy.rrq("share.bin", "octet");
            assertEquals(DATA, greedy.receive().opcode());
        }
        RawClient third = client(box);
        third.rrq("share.bin", "octet");
        RawClient.Packet busy = third.receive();
        assertEquals(0, busy.errorCode());
        assertTrue(busy.errorMessage().contains("busy"), busy.errorMessage());
        assertTrue(events.await(Event.FileFailed.class).reason().contains("2 transfers to this client"));
        assertEquals(2, box.activeTransfers());

        RawClient other = new RawClient(box.port(), java.net.InetAddress.getByName("127.0.0.2"));
        toClose.add(other);
        assertArrayEquals(file, other.download("share.bin", "octet"), "another address still gets its file");
    }

    @Test
    void timeoutOptionSetsTheRetransmitInterval() throws Exception {
        TftpServer fast = start(new TftpSettings(4, 4, Duration.ofMillis(50), 6, 65464), stickResolver());
        stickFile("t.bin", 100);
        RawClient client = client(fast);
        client.rrq("t.bin", "octet", "timeout", "1");
        RawClient.Packet oack = client.receive();
        assertEquals(Map.of("timeout", "1"), oack.oackOptions());
        long sent = System.nanoTime();
        RawClient.Packet again = client.receive();
        assertEquals(6, again.opcode(), "the OACK is resent after the negotiated timeout");
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertTrue(millis >= 900 && millis < 1500, millis + " ms");
    }

    @Test
    void readErrorMidwaySendsError0() throws Exception {
        Content flaky = new Content() {
            @Override
            public String name() {
                return "flaky.loads";
            }

            @Override
            public long size() {
                return 10_000;
            }

            @Override
            public ReadableByteChannel open() {
                return new FailingChannel(1500);
            }
        };
        ContentSource source = (path, from) -> path.relative().equals("flaky.loads")
                ? new Resolution.Found(flaky) : new Resolution.NotFound(path.requested());
        TftpServer flakyServer = start(new TftpSettings(4, 4, Duration.ofMillis(500), 5, 65464), new Resolver(List.of(source)));

        // A short client timeout: without the ERROR the client would wait 25 s before giving up.
        TFTPClient client = commonsClient(Duration.ofSeconds(1));
        client.setMaxTimeouts(2);
        IOException e = assertThrows(IOException.class, () -> client
                .receiveFile("flaky.loads", TFTP.BINARY_MODE, OutputStream.nullOutputStream(), RawClient.LOOPBACK, flakyServer.port()));
        assertTrue(e.getMessage().contains("Error code 0"), e.getMessage());
        Event.FileFailed failed = events.await(Event.FileFailed.class);
        assertEquals(1024, failed.bytes());
        assertTrue(failed.reason().contains("device gone"), failed.reason());
    }

    @Test
    void eightConcurrentDownloadsAreByteExact() throws Exception {
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            files.add(stickFile("f" + i + ".bin", 200_000 + i * 1111));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> downloads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "f" + i + ".bin";
                TFTPClient client = commonsClient();
                downloads.add(pool.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    client.receiveFile(name, TFTP.BINARY_MODE, out, RawClient.LOOPBACK, server.port());
                    return out.toByteArray();
                }));
            }
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(files.get(i), downloads.get(i).get(), "f" + i + ".bin");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(8, events.await(Event.FileSent.class, 8, Duration.ofSeconds(5)).size());
    }

    @Test
    void repeatedRequestDoesNotStartASecondTransfer() throws Exception {
        TftpServer slow = start(new TftpSettings(4, 4, SLOW, 5, 65464), stickResolver());
        stickFile("once.bin", 3000);
        RawClient client = client(slow);
        client.rrq("once.bin", "octet");
        client.rrq("once.bin", "octet");
        List<Integer> ports = new ArrayList<>();
        for (RawClient.Packet p; (p = client.receive(500)) != null; ) {
            assertEquals(DATA, p.opcode());
            assertEquals(1, p.block());
            ports.add(p.from().getPort());
        }
        // The repeat is answered with DATA 1 again, from the same transfer.
        assertEquals(2, ports.size());
        assertEquals(ports.get(0), ports.get(1));
        assertEquals(1, slow.activeTransfers());
        assertEquals(1, events.all(Event.FileRequested.class).size());
    }

    @Test
    void packetFromAnotherPortGetsError5AndTheTransferGoesOn() throws Exception {
        TftpServer slow = start(new TftpSettings(4, 4, SLOW, 5, 65464), stickResolver());
        stickFile("tid.bin", 1000);
        RawClient client = client(slow);
        RawClient intruder = client(slow);
        client.rrq("tid.bin", "octet");
        RawClient.Packet first = client.receive();

        intruder.ack(first.from(), 1);
        assertEquals(5, intruder.receive().errorCode());

        client.ack(first.from(), 1);
        RawClient.Packet second = client.receive();
        assertEquals(DATA, second.opcode());
        assertEquals(2, second.block());
        client.ack(second.from(), 2);
        assertEquals(1000, events.await(Event.FileSent.class).bytes());
    }

    @Test
    void clientDecliningTheOptionsEndsTheTransferQuietly() throws Exception {
        stickFile("opt.bin", 1000);
        RawClient client = client(server);
        client.rrq("opt.bin", "octet", "blksize", "1024");
        RawClient.Packet oack = client.receive();
        client.error(oack.from(), 8, "options refused");
        assertNull(client.receive(300), "no reply to the client's ERROR");
        waitUntilIdle(server);
        assertTrue(events.all(Event.FileFailed.class).isEmpty());
        assertTrue(events.all(Event.FileSent.class).isEmpty());
        // The client then asks again without options.
        assertEquals(1000, client.download("opt.bin", "octet").length);
    }

    @Test
    void fullServerAnswersBusy() throws Exception {
        TftpServer single = start(new TftpSettings(1, 1, SLOW, 5, 65464), stickResolver());
        stickFile("busy.bin", 2000);
        RawClient first = client(single);
        RawClient second = client(single);
        first.rrq("busy.bin", "octet");
        assertEquals(DATA, first.receive().opcode());
        second.rrq("busy.bin", "octet");
        RawClient.Packet reply = second.receive();
        assertEquals(0, reply.errorCode());
        assertTrue(reply.errorMessage().contains("busy"), reply.errorMessage());
        assertEquals("server busy", events.await(Event.FileFailed.class).reason());
    }

    @Test
    void closeStopsRunningTransfersPromptly() throws Exception {
        TftpServer slow = start(new TftpSettings(4, 4, SLOW, 5, 65464), stickResolver());
        stickFile("stop.bin", 5000);
        RawClient client = client(slow);
        client.rrq("stop.bin", "octet");
        RawClient.Packet first = client.receive();
        client.ack(first.from(), 1);
        assertEquals(2, client.receive().block());

        long started = System.nanoTime();
        slow.close();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 1000, "close took " + millis + " ms");
        assertEquals(0, client.receive().errorCode());
        Event.FileFailed failed = events.await(Event.FileFailed.class);
        assertEquals("server stopped", failed.reason());
        assertEquals(512, failed.bytes());
        // The request port is gone too.
        client.rrq("stop.bin", "octet");
        assertNull(client.receive(200));
        slow.close(); // idempotent
    }

    @Test
    void blockNumbersWrapPast65535() throws Exception {
        assertEquals(0, Transfer.nextBlock(65535));
        assertEquals(1, Transfer.nextBlock(0));
        assertEquals(65535, Transfer.nextBlock(65534));

        // 65536 + 100 blocks of 512: after ACK 65535 comes DATA 0, and Commons Net's client accepts nothing else.
        // Generated rather than a 33 MB file: reading that much fresh random data here took 3-7 s, this takes ~1 s.
        long size = (65536L + 100) * 512 + 3;
        Content generated = new GeneratedContent("big.sbn", size);
        ContentSource source = (path, from) -> new Resolution.Found(generated);
        TftpServer wrapping = start(new TftpSettings(4, 4, Duration.ofMillis(500), 5, 65464), new Resolver(List.of(source)));
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (ReadableByteChannel in = generated.open()) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (in.read(buffer) >= 0) {
                expected.update(buffer.flip());
                buffer.clear();
            }
        }

        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        int read = commonsClient().receiveFile("big.sbn", TFTP.BINARY_MODE,
                new DigestOutputStream(OutputStream.nullOutputStream(), actual), RawClient.LOOPBACK, wrapping.port());
        assertEquals(size, read);
        assertArrayEquals(expected.digest(), actual.digest());
        assertEquals(size, events.await(Event.FileSent.class).bytes());
    }

    private static void waitUntilIdle(TftpServer target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (target.activeTransfers() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("transfers still running");
            }
            Thread.sleep(5);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Bytes that depend on their position, so a repeated, skipped or reordered block changes the digest. */
    private record GeneratedContent(String name, long size) implements Content {
        @Override
        public ReadableByteChannel open() {
            return new ReadableByteChannel() {
                private long position;

                @Override
                public int read(ByteBuffer dst) {
                    if (position == size) {
                        return -1;
                    }
                    int n = (int) Math.min(dst.remaining(), size - position);
                    for (int i = 0; i < n; i++, position++) {
                        long block = position >>> 9;
                        dst.put((byte) (position * 31 + block * 0x9E3779B1L + (block >>> 8)));
                    }
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {}
            };
        }
    }

    /** Gives {@code good} bytes, then fails like a stick pulled mid-read. */
    private static final class FailingChannel implements ReadableByteChannel {
        private int left;
        private boolean open = true;

        FailingChannel(int good) {
            this.left = good;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (left == 0) {
                throw new IOException("device gone");
            }
            int n = Math.min(left, dst.remaining());
            dst.put(new byte[n]);
            left -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
