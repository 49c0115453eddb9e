package org.phoneflasher.tftp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;

import java.util.List;
import java.util.Random;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.dhcp.DhcpFuzzTest;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.files.Resolver;
import org.phoneflasher.firmware.ArchiveLimits;
import org.phoneflasher.firmware.ArchiveUnpacker;
import org.phoneflasher.firmware.IndexedFiles;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.StickIndexer;

/** Hostile and broken peers: a seeded mutator over real TFTP packets, and a crowd of clients that never ACK. */
class TftpFuzzTest {
    static final TftpSettings QUICK = new TftpSettings(64, 64, Duration.ofMillis(100), 3, 65464);

    @TempDir
    Path stick;

    TftpServer server(byte[] file) throws Exception {
        Files.write(stick.resolve("apps45.9-4-2ES26.sbn"), file);
        StickIndex index = new StickIndexer(new ArchiveUnpacker(stick.resolveSibling(stick.getFileName() + "-c"),
                ArchiveLimits.defaults())).index(stick);
        TftpServer server = new TftpServer(new InetSocketAddress(RawClient.LOOPBACK, 0),
                new Resolver(List.of(new IndexedFiles(() -> index))), new EventBus(100), QUICK);
        server.start();
        return server;
    }

    static byte[] request(int opcode, String name, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(opcode);
        for (String part : concat(name, "octet", options)) {
            out.writeBytes(part.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static List<String> concat(String a, String b, String... rest) {
        List<String> all = new ArrayList<>(List.of(a, b));
        all.addAll(List.of(rest));
        return all;
    }

    static void awaitIdle(TftpServer server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.activeTransfers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.activeTransfers(), "transfers to vanished clients are reaped");
    }

    static byte[] download(TftpServer server, String name) throws Exception {
        TFTPClient client = new TFTPClient();
        client.setDefaultTimeout(Duration.ofSeconds(2));
        client.open();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.receiveFile(name, TFTP.BINARY_MODE, out, RawClient.LOOPBACK, server.port());
            return out.toByteArray();
        } finally {
            client.close();
        }
    }

    @Test
    void hundredThousandMutatedPacketsLeaveTheServerServing() throws Exception {
        byte[] file = new byte[20_000];
        new Random(1).nextBytes(file);
        try (TftpServer server = server(file); DatagramSocket fuzzer = new DatagramSocket(new InetSocketAddress(RawClient.LOOPBACK, 0))) {
            List<byte[]> seeds = List.of(request(1, "apps45.9-4-2ES26.sbn"), request(1, "apps45.9-4-2ES26.sbn", "blksize", "1428",
                    "tsize", "0", "timeout", "1"), request(2, "upload.bin"), request(1, "CTLSEP001E7A2B3C4D.tlv"),
                    new byte[] {0, 4, 0, 1}, new byte[] {0, 5, 0, 0, 'x', 0}, new byte[] {0, 3, 0, 1, 1, 2, 3});
            Random random = new Random(0x7f7f);
            InetSocketAddress to = new InetSocketAddress(RawClient.LOOPBACK, server.port());
            for (int i = 0; i < 100_000; i++) {
                byte[] mutant = DhcpFuzzTest.mutate(seeds.get(random.nextInt(seeds.size())), random);
                fuzzer.send(new DatagramPacket(mutant, mutant.length, to));
                if (i % 2000 == 0) {
                    Thread.sleep(5); // let the listener breathe: the point is bad packets, not a flood
                }
            }
            awaitIdle(server);
            assertArrayEquals(file, download(server, "apps45.9-4-2ES26.sbn"), "a real client still gets the file");
        }
    }

    @Test
    void fiveHundredClientsThatNeverAckExhaustNothing() throws Exception {
        byte[] file = new byte[100_000];
        try (TftpServer server = server(file)) {
            download(server, "apps45.9-4-2ES26.sbn"); // warm: threads and sockets the server keeps anyway
            int threadsBefore = Thread.activeCount();
            int fdsBefore = openFiles();
            List<DatagramSocket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 500; i++) {
                    DatagramSocket client = new DatagramSocket(new InetSocketAddress(RawClient.LOOPBACK, 0));
                    clients.add(client);
                    byte[] rrq = request(1, "apps45.9-4-2ES26.sbn");
                    client.send(new DatagramPacket(rrq, rrq.length, RawClient.LOOPBACK, server.port()));
                }
                assertTrue(server.activeTransfers() <= QUICK.maxTransfers(), "bounded: " + server.activeTransfers());
                assertTrue(Thread.activeCount() <= threadsBefore, "one loop drives every transfer: " + Thread.activeCount());
                awaitIdle(server);
            } finally {
                clients.forEach(DatagramSocket::close);
            }
            assertArrayEquals(file, download(server, "apps45.9-4-2ES26.sbn"));
            assertTrue(Thread.activeCount() <= threadsBefore, "threads: " + threadsBefore + " → " + Thread.activeCount());
            assertTrue(openFiles() <= fdsBefore + 8, "file handles leaked: " + fdsBefore + " → " + openFiles());
        }
    }

    private static int openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

}
