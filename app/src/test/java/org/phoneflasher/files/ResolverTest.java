package org.phoneflasher.files;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResolverTest {
    @TempDir
    Path dir;
    Path stick;
    Resolver resolver;

    @BeforeEach
    void stick() throws IOException {
        stick = Files.createDirectories(dir.resolve("stick"));
        Files.writeString(stick.resolve("jar45sip.9-4-2ES26.sbn"), "jar");
        Files.writeString(stick.resolve("SEPAABBCCDDEEFF.cnf.xml"), "<device/>");
        Files.createDirectories(stick.resolve("English_United_States"));
        Files.writeString(stick.resolve("English_United_States/7960-font.xml"), "<fonts/>");
        Files.writeString(stick.resolve("mk-sip.jar"), "locale");
        Files.writeString(dir.resolve("secret.txt"), "box secret");
        resolver = new Resolver(List.of(new StickFiles(stick)));
    }

    private static String read(Content content) throws IOException {
        try (ReadableByteChannel ch = content.open()) {
            ByteBuffer buf = ByteBuffer.allocate((int) content.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // keep reading
            }
            return new String(buf.array(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPhoneAskingInAnotherCaseGetsTheFile() throws IOException {
        // A 7911 asked for Jar11sip….sbn when the file was jar11sip….sbn.
        Resolution r = resolver.resolve("JAR45SIP.9-4-2es26.SBN");
        Content content = assertInstanceOf(Resolution.Found.class, r).content();
        assertEquals("jar", read(content));
        assertEquals(3, content.size());
        assertEquals("jar45sip.9-4-2ES26.sbn", content.name(), "served under its own spelling");
    }

    @Test
    void exactCaseWinsOverAnotherSpelling() throws IOException {
        Files.writeString(stick.resolve("JAR45SIP.9-4-2ES26.SBN"), "upper");
        assertEquals("upper", read(((Resolution.Found) resolver.resolve("JAR45SIP.9-4-2ES26.SBN")).content()));
        assertEquals("jar", read(((Resolution.Found) resolver.resolve("jar45sip.9-4-2ES26.sbn")).content()));
    }

    @Test
    void localeSubfoldersAreServedCaseInsensitively() throws IOException {
        Resolution r = resolver.resolve("english_united_states/7960-FONT.xml");
        Content content = assertInstanceOf(Resolution.Found.class, r).content();
        assertEquals("<fonts/>", read(content));
        assertEquals("English_United_States/7960-font.xml", content.name());
    }

    @Test
    void oneLeadingSlashMeansTheStickRoot() throws IOException {
        // Phones with no locale set ask for "/mk-sip.jar".
        assertEquals("locale", read(assertInstanceOf(Resolution.Found.class, resolver.resolve("/mk-sip.jar")).content()));
    }

    @Test
    void aMissingFileIsNotFound() {
        assertInstanceOf(Resolution.NotFound.class, resolver.resolve("CTLSEPAABBCCDDEEFF.tlv"));
    }

    @Test
    void aDirectoryIsNotAFile() {
        assertInstanceOf(Resolution.NotFound.class, resolver.resolve("English_United_States"));
    }

    @Test
    void anAbsolutePathNeverReachesTheBoxFileSystem() {
        assertFalse(resolver.resolve("/" + dir.resolve("secret.txt")) instanceof Resolution.Found);
        assertInstanceOf(Resolution.Refused.class, resolver.resolve("//etc/passwd"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "/../secret.txt", "English_United_States/../../secret.txt", "..", "a/..",
            "..\\secret.txt", "English_United_States\\7960-font.xml", "C:secret.txt", "~root/.profile", "./mk-sip.jar",
            "a//b", "mk-sip.jar\0.sbn", "bad\nname", ""})
    void traversalAndOddNamesAreRefused(String name) {
        Resolution r = resolver.resolve(name);
        assertInstanceOf(Resolution.Refused.class, r, name + " → " + r);
    }

    @Test
    void aLinkOutOfTheStickIsRefused() throws IOException {
        Files.createSymbolicLink(stick.resolve("escape.sbn"), dir.resolve("secret.txt"));
        Resolution r = resolver.resolve("escape.sbn");
        assertEquals("link leaves the stick", assertInstanceOf(Resolution.Refused.class, r).reason());
    }

    @Test
    void aFolderLinkOutOfTheStickIsRefused() throws IOException {
        Files.createSymbolicLink(stick.resolve("outside"), dir);
        assertInstanceOf(Resolution.Refused.class, resolver.resolve("outside/secret.txt"));
    }

    @Test
    void aLinkInsideTheStickIsFollowed() throws IOException {
        Files.createSymbolicLink(stick.resolve("alias.sbn"), stick.resolve("jar45sip.9-4-2ES26.sbn"));
        assertEquals("jar", read(assertInstanceOf(Resolution.Found.class, resolver.resolve("alias.sbn")).content()));
    }

    @Test
    void aPulledStickMeansNotFoundNotACrash() throws IOException {
        Resolver gone = new Resolver(List.of(new StickFiles(dir.resolve("no-stick-here"))));
        assertInstanceOf(Resolution.NotFound.class, gone.resolve("jar45sip.9-4-2ES26.sbn"));
    }

    @Test
    void sourcesAreAskedInOrder() {
        Content generated = new FileContent("SEPAABBCCDDEEFF.cnf.xml", dir.resolve("secret.txt"), 10);
        Resolver withGenerated = new Resolver(List.of(
                path -> path.fileName().equalsIgnoreCase("SEPAABBCCDDEEFF.cnf.xml") ? new Resolution.Found(generated)
                        : new Resolution.NotFound(path.requested()),
                new StickFiles(stick)));
        assertSame(generated, ((Resolution.Found) withGenerated.resolve("sepaabbccddeeff.cnf.xml")).content());
        assertInstanceOf(Resolution.Found.class, withGenerated.resolve("mk-sip.jar"));
    }
}
