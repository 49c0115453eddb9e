package org.phoneflasher.firmware;

import static org.junit.jupiter.api.Assertions.*;
import static org.phoneflasher.firmware.Fixtures.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveUnpackerTest {
    @TempDir
    Path dir;
    Path stick;
    Path cache;
    ArchiveUnpacker unpacker;
    Random random = new Random(7965);
    Map<String, byte[]> bundle45;
    Map<String, byte[]> bundle75;

    @BeforeEach
    void setUp() throws IOException {
        stick = Files.createDirectories(dir.resolve("stick"));
        cache = dir.resolve("cache");
        unpacker = new ArchiveUnpacker(cache, ArchiveLimits.defaults());
        bundle45 = bundle("45", "term65", random);
        bundle75 = bundle("75", "term75", random);
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(stick.resolve(name), data);
    }

    /** The served folder holds exactly {@code expected}, byte for byte, and each .loads' components sit beside it. */
    private static void assertServes(Map<String, byte[]> expected, Unpacked unpacked) throws Exception {
        assertEquals(expected.keySet().stream().sorted().toList(), unpacked.files());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(unpacked.folder().resolve(e.getKey())), e.getKey());
            if (e.getKey().endsWith(".loads")) {
                LoadsFile loads = LoadsFile.parse(ByteBuffer.wrap(e.getValue()));
                String folder = e.getKey().substring(0, e.getKey().lastIndexOf('/') + 1);
                for (String component : loads.components()) {
                    assertTrue(unpacked.files().contains(folder + component), component);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmterm-7975-sip.9-4-2SR3-1.zip", "CMTERM-7975-SIP.9-4-2SR3-1.ZIP"})
    void flatZip(String name) throws Exception {
        Unpacked unpacked = unpacker.unpack(write(name, zip(bundle75)));
        assertServes(bundle75, unpacked);
        assertEquals(List.of(), unpacked.warnings());
        assertTrue(unpacked.folder().startsWith(cache));
    }

    @Test
    void zipWrappingATar() throws Exception {
        byte[] zip = zip(Map.of("cmterm-7945_7965-sip.9-4-2SR3-1.tar", tar(bundle45)));
        assertServes(bundle45, unpacker.unpack(write("cmterm-7945_7965-sip.9-4-2SR3-1.zip", zip)));
    }

    @Test
    void zipWrappingATarGzAndAZip() throws Exception {
        byte[] zip = zip(Map.of("cmterm-7945_7965-sip.9-4-2SR3-1.tar.gz", gzip(tar(bundle45)),
                "more/cmterm-7975.zip", zip(prefixed("", bundle75))));
        Map<String, byte[]> expected = new LinkedHashMap<>(bundle45);
        expected.putAll(prefixed("more/", bundle75)); // a nested archive unpacks where it sits
        assertServes(expected, unpacker.unpack(write("mirror.zip", zip)));
    }

    @Test
    void copKeepsOnlyTheTftpFolder() throws Exception {
        Fixtures.Tar tar = new Fixtures.Tar().dir("./").dir("./usr/").dir("./usr/local/cm/tftp/");
        bundle45.forEach((name, data) -> tar.file("./usr/local/cm/tftp/" + name, data));
        tar.file("./usr/local/cm/bin/install-firmware.sh", "#!/bin/sh\n".getBytes());
        Unpacked unpacked = unpacker.unpack(write("cmterm-7945_7965-sip.9-4-2SR3-1.cop", gzip(tar.bytes())));
        assertServes(bundle45, unpacked);
    }

    @Test
    void signedCopWithATarInsideTheTar() throws Exception {
        Map<String, byte[]> served = with(bundle75, "English_United_States/mk-sip.jar", new byte[] {1, 2, 3});
        byte[] inner = tar(prefixed("usr/local/cm/tftp/", served));
        byte[] outer = new Fixtures.Tar().file("./install.sh", "#!/bin/sh\n".getBytes())
                .file("./cmterm-7975-sip.9-4-2SR3-1.tar", inner).bytes();
        String name = "cmterm-7975-sip.9-4-2SR3-1.k3.cop.sgn";
        byte[] sgn = concat(header(name, random), gzip(outer));
        assertServes(served, unpacker.unpack(write(name, sgn)));
    }

    @Test
    void aCopSignedWithSha512IsReadLikeACopSgn() throws Exception {
        // How Cisco names its current locale and device packages, e.g. cmterm-locale-de_DE-….cop.sha512.
        Map<String, byte[]> served = with(bundle45, "German_Germany/mk-sip.jar", new byte[] {4, 5, 6});
        String name = "cmterm-locale-de_DE-12.5.1.1000-1.cop.sha512";
        byte[] signed = concat(header(name, random), gzip(tar(prefixed("usr/local/cm/tftp/", served))));
        assertServes(served, unpacker.unpack(write(name, signed)));
    }

    @Test
    void signedCopWithAnUnknownHeaderIsFoundByScanning() throws Exception {
        byte[] junkHeader = "NOT A TLV HEADER ".repeat(30).getBytes();
        byte[] gz = gzip(tar(prefixed("./usr/local/cm/tftp/", bundle45)));
        assertServes(bundle45, unpacker.unpack(write("cmterm-7945.cop.sgn", concat(junkHeader, gz))));
    }

    @Test
    void tarWithATopFolderHoldingTheLoads() throws Exception {
        byte[] tar = tar(prefixed("cmterm-7945_7965-sip.9-4-2SR3-1/", bundle45));
        assertServes(bundle45, unpacker.unpack(write("cmterm-7945_7965-sip.9-4-2SR3-1.tar", tar)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cmterm-7975.tar.gz", "cmterm-7975.tgz", "cmterm-7975.TGZ"})
    void gzippedTar(String name) throws Exception {
        assertServes(bundle75, unpacker.unpack(write(name, gzip(tar(bundle75)))));
    }

    @Test
    void zipWithATopFolderHoldingTheLoads() throws Exception {
        byte[] zip = zip(prefixed("cmterm-7945_7965-sip.9-4-2SR3-1/", bundle45));
        assertServes(bundle45, unpacker.unpack(write("cmterm-7945_7965-sip.9-4-2SR3-1.zip", zip)));
    }

    @Test
    void otherwisePathsStayAsTheyAre() throws Exception {
        Map<String, byte[]> locale = with(bundle45, "English_United_States/7960-font.xml", "<fonts/>".getBytes());
        assertServes(locale, unpacker.unpack(write("with-locale.zip", zip(locale))));
        // One top folder, but the .loads is deeper down: not a wrapper folder, kept.
        Map<String, byte[]> deep = prefixed("bundle/firmware/", bundle45);
        assertServes(deep, unpacker.unpack(write("deep.zip", zip(deep))));
    }

    @Test
    void theFirstOfTwoDifferentFilesWithOneNameStays() throws Exception {
        byte[] sbn = signed("dsp45.9-4-2ES26.sbn", 3000, random);
        Map<String, byte[]> inner = new LinkedHashMap<>();
        inner.put("SIP45.9-4-2SR3-1S.loads", "other".getBytes());
        inner.put("DSP45.9-4-2ES26.SBN", sbn); // same content, other case: silently one file
        Map<String, byte[]> outer = new LinkedHashMap<>();
        outer.put("SIP45.9-4-2SR3-1S.loads", "first".getBytes());
        outer.put("dsp45.9-4-2ES26.sbn", sbn);
        outer.put("inner.tar", tar(inner));
        Unpacked unpacked = unpacker.unpack(write("dups.zip", zip(outer)));
        assertEquals(List.of("SIP45.9-4-2SR3-1S.loads", "dsp45.9-4-2ES26.sbn"), unpacked.files());
        assertEquals("first", Files.readString(unpacked.folder().resolve("SIP45.9-4-2SR3-1S.loads")));
        assertEquals(1, unpacked.warnings().size(), unpacked.warnings().toString());
        String warning = unpacked.warnings().get(0);
        assertTrue(warning.contains("SIP45.9-4-2SR3-1S.loads") && warning.contains("inner.tar!/"), warning);
    }

    @Test
    void foldersKeepTheFirstSpellingSeen() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("English_United_States/a.xml", "a".getBytes());
        files.put("english_united_states/b.xml", "b".getBytes());
        Unpacked unpacked = unpacker.unpack(write("locale.zip", zip(files)));
        assertEquals(List.of("English_United_States/a.xml", "English_United_States/b.xml"), unpacked.files());
    }

    @Test
    void linksAreSkippedNeverCreated() throws Exception {
        Fixtures.Tar tar = new Fixtures.Tar();
        bundle45.forEach(tar::file);
        tar.symlink("passwd.sbn", "/etc/passwd").hardlink("hard.sbn", "../../outside");
        Unpacked fromTar = unpacker.unpack(write("links.tar", tar.bytes()));
        assertServes(bundle45, fromTar);
        assertEquals(2, fromTar.warnings().size(), fromTar.warnings().toString());
        Unpacked fromZip = unpacker.unpack(write("links.zip", zipWithSymlink("passwd.sbn", "/etc/passwd", bundle45)));
        assertServes(bundle45, fromZip);
        assertTrue(fromZip.warnings().get(0).contains("symbolic link"), fromZip.warnings().toString());
        try (Stream<Path> all = Files.walk(cache)) {
            assertTrue(all.noneMatch(Files::isSymbolicLink));
        }
    }

    /** Same size and time, other bytes: only a reader of the archive could tell. */
    private static void replaceKeepingSizeAndTime(Path archive) throws IOException {
        FileTime mtime = Files.getLastModifiedTime(archive);
        Files.write(archive, new byte[(int) Files.size(archive)]);
        Files.setLastModifiedTime(archive, mtime);
    }

    @Test
    void anUnchangedArchiveIsNotUnpackedAgain() throws Exception {
        Path archive = write("cmterm-7975.zip", zip(bundle75));
        Unpacked first = unpacker.unpack(archive);
        replaceKeepingSizeAndTime(archive);
        assertEquals(first, unpacker.unpack(archive));
        assertServes(bundle75, first);
    }

    @Test
    void afterARestartTheCacheIsUsedWithoutReadingTheArchive() throws Exception {
        Path archive = write("cmterm-7975.zip", zip(bundle75));
        Unpacked first = unpacker.unpack(archive);
        FileTime mtime = Files.getLastModifiedTime(archive);
        replaceKeepingSizeAndTime(archive);

        Unpacked afterRestart = new ArchiveUnpacker(cache, ArchiveLimits.defaults()).unpack(archive);
        assertEquals(first, afterRestart);
        assertServes(bundle75, afterRestart);

        // Touched: it is read again, now it is junk, and the old unpack is left for prune to judge.
        Files.setLastModifiedTime(archive, FileTime.fromMillis(mtime.toMillis() + 5_000));
        BadArchive bad = assertThrows(BadArchive.class, () -> unpacker.unpack(archive));
        assertTrue(bad.getMessage().startsWith("cmterm-7975.zip: truncated or corrupt ("), bad.getMessage());
        assertTrue(Files.isDirectory(first.folder()));
    }

    @Test
    void warningsSurviveARestart() throws Exception {
        Fixtures.Tar tar = new Fixtures.Tar();
        bundle45.forEach(tar::file);
        Path archive = write("links.tar", tar.symlink("passwd.sbn", "/etc/passwd").bytes());
        Unpacked first = unpacker.unpack(archive);
        assertEquals(1, first.warnings().size());
        assertEquals(first, new ArchiveUnpacker(cache, ArchiveLimits.defaults()).unpack(archive));
    }

    @Test
    void pruneDeletesWhatIsNoLongerOnTheStick() throws Exception {
        Path kept = write("cmterm-7975.zip", zip(bundle75));
        Path gone = write("cmterm-7945.zip", zip(bundle45));
        Path changed = write("cmterm-7945.tar", tar(bundle45));
        Unpacked keptUnpacked = unpacker.unpack(kept);
        Unpacked goneUnpacked = unpacker.unpack(gone);
        Unpacked changedUnpacked = unpacker.unpack(changed);
        Files.delete(gone);
        Files.setLastModifiedTime(changed, FileTime.fromMillis(Files.getLastModifiedTime(changed).toMillis() + 5_000));
        Path leftover = Files.createDirectories(cache.resolve(".unpacking-12345/staging"));
        Path notOurs = Files.createDirectories(cache.resolve("notes"));

        assertEquals(3, unpacker.prune(Set.of(kept, gone, changed)));
        assertTrue(Files.isDirectory(keptUnpacked.folder()));
        assertFalse(Files.exists(goneUnpacked.folder().getParent()));
        assertFalse(Files.exists(changedUnpacked.folder().getParent()));
        assertFalse(Files.exists(leftover.getParent()));
        assertTrue(Files.isDirectory(notOurs));
        List<Path> left = new ArrayList<>();
        try (Stream<Path> children = Files.list(cache)) {
            children.forEach(left::add);
        }
        assertEquals(Set.of(keptUnpacked.folder().getParent(), notOurs), Set.copyOf(left));
    }

    @Test
    void isArchiveGoesByName() {
        for (String yes : List.of("a.zip", "A.ZIP", "x.cop", "x.cop.sgn", "X.COP.SGN", "x.cop.sha512", "X.COP.SHA512", "x.tar", "x.tar.gz", "x.tgz")) {
            assertTrue(ArchiveUnpacker.isArchive(Path.of(yes)), yes);
        }
        for (String no : List.of("SIP45.9-4-2SR3-1S.loads", "jar45sip.sbn", "x.gz", "x.sgn", "mk-sip.jar", "zip")) {
            assertFalse(ArchiveUnpacker.isArchive(Path.of(no)), no);
        }
    }
}
