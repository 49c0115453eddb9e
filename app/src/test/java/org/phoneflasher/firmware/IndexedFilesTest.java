package org.phoneflasher.firmware;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.files.Content;
import org.phoneflasher.files.Resolution;
import org.phoneflasher.files.Resolver;
import org.phoneflasher.sim.LookAlike;

/** The stick through the one resolver: what phones can fetch, what they cannot, and a stick pulled mid-read. */
class IndexedFilesTest {
    /** The phone that asks. */
    static final InetAddress FROM = InetAddress.getLoopbackAddress();

    @TempDir
    Path tmp;
    Path stick;
    StickIndexer indexer;
    AtomicReference<StickIndex> current = new AtomicReference<>();
    Resolver resolver;

    @BeforeEach
    void stick() throws IOException {
        stick = Files.createDirectories(tmp.resolve("stick"));
        new LookAlike(2).writeLoad(stick, StickIndexerTest.SIP65, "9-4-2SR3-1S", StickIndexerTest.SET65, "\r\n");
        Files.createDirectories(stick.resolve("English_United_States"));
        Files.writeString(stick.resolve("English_United_States/7960-font.xml"), "<fonts/>");
        Files.writeString(stick.resolve("mk-sip.jar"), "locale");
        Files.writeString(tmp.resolve("secret.txt"), "box secret");
        indexer = new StickIndexer(new ArchiveUnpacker(tmp.resolve("cache"), ArchiveLimits.defaults()));
        current.set(indexer.index(stick));
        resolver = new Resolver(List.of(new IndexedFiles(current::get)));
    }

    static byte[] read(Content content) throws IOException {
        try (ReadableByteChannel ch = content.open()) {
            ByteBuffer buf = ByteBuffer.allocate((int) content.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // keep reading
            }
            return buf.array();
        }
    }

    @Test
    void namesAreMatchedCaseInsensitivelyAndServedUnderTheirOwnSpelling() throws IOException {
        Content content = assertInstanceOf(Resolution.Found.class, resolver.resolve("JAR45SIP.9-4-2es26.SBN", FROM)).content();
        assertEquals("jar45sip.9-4-2ES26.sbn", content.name());
        assertArrayEquals(Files.readAllBytes(stick.resolve("jar45sip.9-4-2ES26.sbn")), read(content));
        Content font = assertInstanceOf(Resolution.Found.class, resolver.resolve("english_united_states/7960-FONT.xml", FROM)).content();
        assertEquals("English_United_States/7960-font.xml", font.name());
    }

    @Test
    void oneLeadingSlashMeansTheStickRoot() throws IOException {
        // Phones with no locale set ask for "/mk-sip.jar".
        assertEquals("locale", new String(read(((Resolution.Found) resolver.resolve("/mk-sip.jar", FROM)).content())));
    }

    @Test
    void theLoadsFileOfAnIncompleteLoadIsRefusedWithTheMissingFile() throws IOException {
        Files.delete(stick.resolve("cnu45.9-4-2ES26.sbn"));
        current.set(indexer.index(stick));
        Resolution r = resolver.resolve(StickIndexerTest.SIP65 + ".loads", FROM);
        assertTrue(assertInstanceOf(Resolution.Refused.class, r).reason().contains("missing cnu45.9-4-2ES26.sbn"), r.toString());
        assertInstanceOf(Resolution.Found.class, resolver.resolve("jar45sip.9-4-2ES26.sbn", FROM), "its present parts still served");
    }

    @Test
    void linksOutOfTheStickAreRefused() throws IOException {
        Files.createSymbolicLink(stick.resolve("escape.sbn"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(stick.resolve("outside"), tmp);
        current.set(indexer.index(stick));
        assertEquals("link leaves the stick", ((Resolution.Refused) resolver.resolve("escape.sbn", FROM)).reason());
        assertInstanceOf(Resolution.Refused.class, resolver.resolve("outside/secret.txt", FROM));
    }

    @Test
    void aLinkInsideTheStickIsFollowed() throws IOException {
        Files.createSymbolicLink(stick.resolve("alias.jar"), stick.resolve("mk-sip.jar"));
        current.set(indexer.index(stick));
        assertEquals("locale", new String(read(((Resolution.Found) resolver.resolve("alias.jar", FROM)).content())));
    }

    @Test
    void theBoxsOwnSettingsAreNeverServedUnderAnyNameOrLink() throws IOException {
        Files.writeString(stick.resolve("Phones.CSV"), "001E7A2B3C4D,Desk,201,,pw-secret\n");
        Files.writeString(stick.resolve("flasher.conf"), "admin.password = admin-secret\n");
        Files.createSymbolicLink(stick.resolve("ringer.raw"), stick.resolve("Phones.CSV"));
        Files.createDirectories(stick.resolve("English_United_States"));
        Files.createSymbolicLink(stick.resolve("English_United_States/g3-tones.xml"), stick.resolve("flasher.conf"));
        Files.createLink(stick.resolve("hard.sbn"), stick.resolve("Phones.CSV"));
        current.set(indexer.index(stick));
        for (String name : List.of("phones.csv", "/Phones.CSV", "PHONES.CSV", "flasher.conf", "FLASHER.CONF")) {
            assertInstanceOf(Resolution.NotFound.class, resolver.resolve(name, FROM), name);
        }
        for (String name : List.of("ringer.raw", "English_United_States/g3-tones.xml", "hard.sbn")) {
            Resolution.Refused refused = assertInstanceOf(Resolution.Refused.class, resolver.resolve(name, FROM), name);
            assertTrue(refused.reason().contains("never served"), refused.reason());
        }
        assertTrue(current.get().problems().stream().anyMatch(p -> p.contains("hard.sbn")), "the stick's report names the link: "
                + current.get().problems());
        assertInstanceOf(Resolution.Found.class, resolver.resolve("mk-sip.jar", FROM), "the rest is served as before");
    }

    @Test
    void traversalNeverReachesTheBoxFiles() {
        for (String name : List.of("../secret.txt", "/../secret.txt", "//" + tmp.resolve("secret.txt"), "..\\secret.txt")) {
            assertInstanceOf(Resolution.Refused.class, resolver.resolve(name, FROM), name);
        }
        Resolution absolute = resolver.resolve(tmp.resolve("secret.txt").toString(), FROM);
        assertInstanceOf(Resolution.NotFound.class, absolute, absolute.toString());
    }

    @Test
    void aStickPulledMidReadEndsTheReadWithAnError() throws IOException {
        Content content = ((Resolution.Found) resolver.resolve("apps45.9-4-2ES26.sbn", FROM)).content();
        try (ReadableByteChannel ch = content.open()) {
            assertTrue(ch.read(ByteBuffer.allocate(512)) > 0);
            current.set(StickIndex.absent(stick)); // what the watcher installs once the stick is gone
            IOException e = assertThrows(IOException.class, () -> ch.read(ByteBuffer.allocate(512)));
            assertTrue(e.getMessage().contains("withdrawn"), e.getMessage());
        }
        assertInstanceOf(Resolution.NotFound.class, resolver.resolve("apps45.9-4-2ES26.sbn", FROM));
    }

    @Test
    void aFileWrittenOverMidReadEndsTheReadWithAnError() throws IOException {
        Path apps = stick.resolve("apps45.9-4-2ES26.sbn");
        byte[] before = Files.readAllBytes(apps);
        Content content = ((Resolution.Found) resolver.resolve("apps45.9-4-2ES26.sbn", FROM)).content();
        try (ReadableByteChannel ch = content.open()) {
            assertTrue(ch.read(ByteBuffer.allocate(512)) > 0);
            byte[] after = before.clone();
            after[after.length - 1] ^= 1;
            Files.write(apps, after); // same size, new bytes, written now
            Files.setLastModifiedTime(apps, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            IOException e = assertThrows(IOException.class, () -> ch.read(ByteBuffer.allocate(512)));
            assertTrue(e.getMessage().contains("changed on the stick"), e.getMessage());
        }
    }

    @Test
    void aFileCutShortMidReadEndsTheReadWithAnError() throws IOException {
        Path apps = stick.resolve("apps45.9-4-2ES26.sbn");
        Content content = ((Resolution.Found) resolver.resolve("apps45.9-4-2ES26.sbn", FROM)).content();
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(apps);
        try (ReadableByteChannel ch = content.open()) {
            assertTrue(ch.read(ByteBuffer.allocate(512)) > 0);
            try (var out = java.nio.channels.FileChannel.open(apps, java.nio.file.StandardOpenOption.WRITE)) {
                out.truncate(1000);
            }
            Files.setLastModifiedTime(apps, modified); // even with its old time: it is shorter than it was
            IOException e = assertThrows(IOException.class, () -> {
                ByteBuffer buffer = ByteBuffer.allocate(512);
                while (ch.read(buffer.clear()) >= 0) {
                    // read to the end
                }
            });
            assertTrue(e.getMessage().contains("changed on the stick") || e.getMessage().contains("shorter"), e.getMessage());
        }
    }

    @Test
    void aMissingFileIsNotFound() {
        assertInstanceOf(Resolution.NotFound.class, resolver.resolve("CTLSEP001E7A2B3C4D.tlv", FROM));
        assertInstanceOf(Resolution.NotFound.class, resolver.resolve("English_United_States", FROM), "a folder is not a file");
    }
}
