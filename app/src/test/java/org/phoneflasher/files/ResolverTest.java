package org.phoneflasher.files;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a safe name is, decided once for every protocol and every source. */
class ResolverTest {
    /** The phone that asks. */
    static final InetAddress FROM = InetAddress.getLoopbackAddress();

    record Bytes(String name, byte[] bytes) implements Content {
        public long size() {
            return bytes.length;
        }

        public ReadableByteChannel open() {
            return Channels.newChannel(new ByteArrayInputStream(bytes));
        }
    }

    /** A source that serves any name and remembers what it was asked: a refused name must never reach it. */
    static final class Recording implements ContentSource {
        final List<RequestPath> asked = new ArrayList<>();

        public Resolution find(RequestPath path, InetAddress from) {
            asked.add(path);
            return new Resolution.Found(new Bytes(path.relative(), new byte[1]));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "/../secret.txt", "English_United_States/../../secret.txt", "..", "a/..",
            "..\\secret.txt", "English_United_States\\7960-font.xml", "C:secret.txt", "~root/.profile", "./mk-sip.jar",
            "a//b", "//etc/passwd", "mk-sip.jar\0.sbn", "bad\nname", "\u007fdel", ""})
    void traversalAndOddNamesAreRefusedBeforeAnySourceIsAsked(String name) {
        Recording source = new Recording();
        Resolution r = new Resolver(List.of(source)).resolve(name, FROM);
        assertInstanceOf(Resolution.Refused.class, r, name + " → " + r);
        assertTrue(source.asked.isEmpty());
    }

    @Test
    void aVeryLongNameIsRefused() {
        assertInstanceOf(Resolution.Refused.class, new Resolver(List.of(new Recording())).resolve("a".repeat(600), FROM));
    }

    @Test
    void oneLeadingSlashIsTheRootAndSegmentsAreSplit() {
        Recording source = new Recording();
        new Resolver(List.of(source)).resolve("/English_United_States/7960-font.xml", FROM);
        assertEquals(List.of("English_United_States", "7960-font.xml"), source.asked.get(0).segments());
        assertEquals("English_United_States/7960-font.xml", source.asked.get(0).relative());
    }

    @Test
    void sourcesAreAskedInOrderAndNotFoundFallsThrough() {
        Content generated = new Bytes("SEP001E7A2B3C4D.cnf.xml", new byte[] {1});
        ContentSource configs = (path, from) -> path.fileName().equalsIgnoreCase("SEP001E7A2B3C4D.cnf.xml")
                ? new Resolution.Found(generated) : new Resolution.NotFound(path.requested());
        Recording stick = new Recording();
        Resolver resolver = new Resolver(List.of(configs, stick));
        assertSame(generated, ((Resolution.Found) resolver.resolve("sep001e7a2b3c4d.cnf.xml", FROM)).content());
        assertTrue(stick.asked.isEmpty());
        assertInstanceOf(Resolution.Found.class, resolver.resolve("mk-sip.jar", FROM));
        assertEquals(1, stick.asked.size());
    }

    @Test
    void nothingFoundAnywhereIsNotFound() {
        assertInstanceOf(Resolution.NotFound.class, new Resolver(List.of()).resolve("ITLFile.tlv", FROM));
    }
}
