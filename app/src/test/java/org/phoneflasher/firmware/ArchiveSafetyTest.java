package org.phoneflasher.firmware;

import static org.junit.jupiter.api.Assertions.*;
import static org.phoneflasher.firmware.Fixtures.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad archive is refused whole, names its problem, and leaves nothing behind in or outside the cache. */
class ArchiveSafetyTest {
    @TempDir
    Path dir;
    Path stick;
    Path cache;
    Random random = new Random(7975);
    Map<String, byte[]> bundle;

    @BeforeEach
    void setUp() throws IOException {
        stick = Files.createDirectories(dir.resolve("stick"));
        cache = dir.resolve("cache");
        bundle = bundle("45", "term65", random);
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(stick.resolve(name), data);
    }

    private BadArchive refused(Path archive, String... parts) throws IOException {
        return refused(archive, ArchiveLimits.defaults(), parts);
    }

    private BadArchive refused(Path archive, ArchiveLimits limits, String... parts) throws IOException {
        Set<Path> before = outsideCache();
        BadArchive e = assertThrows(BadArchive.class, () -> new ArchiveUnpacker(cache, limits).unpack(archive));
        String message = e.getMessage();
        assertTrue(message.startsWith(archive.getFileName() + ": "), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "\"" + part + "\" not in: " + message);
        }
        assertEquals(before, outsideCache(), "something was written outside the cache");
        try (Stream<Path> left = Files.exists(cache) ? Files.list(cache) : Stream.empty()) {
            assertEquals(List.of(), left.toList(), "a partial unpack was left");
        }
        return e;
    }

    private Set<Path> outsideCache() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.startsWith(cache)).collect(Collectors.toSet());
        }
    }

    /** The bundle first, so the refusal comes after files were already staged. */
    private Map<String, byte[]> bundleThen(String name, byte[] data) {
        return with(bundle, name, data);
    }

    @Test
    void dotDotSegments() throws IOException {
        refused(write("up.zip", zip(bundleThen("../outside.sbn", new byte[10]))),
                "\"../outside.sbn\"", "unsafe name", "'..' segment");
        refused(write("up.tar", tar(bundleThen("./usr/local/cm/tftp/../../../../../../evil.sbn", new byte[10]))),
                "'..' segment");
        // Inside a nested tar: the message shows the way in.
        byte[] nested = zip(Map.of("inner.tar", tar(bundleThen("a/../../x.sbn", new byte[1]))));
        refused(write("nested.zip", nested), "\"inner.tar!/a/../../x.sbn\"");
    }

    @Test
    void absolutePaths() throws IOException {
        String outside = dir.resolve("outside/evil.sbn").toString();
        refused(write("abs.zip", zip(bundleThen(outside, new byte[10]))), "absolute path");
        refused(write("abs.tar", tar(bundleThen(outside, new byte[10]))), "absolute path");
        assertFalse(Files.exists(dir.resolve("outside")));
    }

    @Test
    void backslashesDriveLettersAndNul() throws IOException {
        refused(write("bs.tar", tar(bundleThen("..\\evil.sbn", new byte[1]))), "backslash");
        refused(write("drive.zip", zip(bundleThen("C:/evil.sbn", new byte[1]))), "drive letter");
        refused(write("nul.zip", zip(bundleThen("evil\0.sbn", new byte[1]))), "NUL");
    }

    @Test
    void tooManyBytes() throws IOException {
        Map<String, byte[]> big = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            byte[] data = new byte[50_000];
            random.nextBytes(data);
            big.put("part" + i + ".sbn", data);
        }
        refused(write("big.zip", zip(big)), new ArchiveLimits(100_000, 100, 200, 3), "more than 100000 bytes");
    }

    @Test
    void tooManyEntries() throws IOException {
        refused(write("many.zip", zip(bundle)), new ArchiveLimits(1 << 20, 5, 200, 3), "more than 5 entries");
        // Directories and links count too: they cost the reader as much.
        Fixtures.Tar tar = new Fixtures.Tar();
        for (int i = 0; i < 6; i++) {
            tar.dir("d" + i + "/");
        }
        refused(write("dirs.tar", tar.bytes()), new ArchiveLimits(1 << 20, 5, 200, 3), "more than 5 entries");
    }

    @Test
    void zipBomb() throws IOException {
        byte[] zeros = new byte[8 << 20]; // deflates about a thousandfold
        refused(write("bomb.zip", zip(bundleThen("bomb.sbn", zeros))), "\"bomb.sbn\" expands more than 200 times");
    }

    @Test
    void gzipBomb() throws IOException {
        byte[] bomb = gzip(tar(bundleThen("bomb.sbn", new byte[8 << 20])));
        refused(write("bomb.tgz", bomb), "its compressed stream expands more than 200 times");
        byte[] nested = zip(Map.of("inner.tar.gz", bomb));
        refused(write("nested-bomb.zip", nested), "\"inner.tar.gz\" expands more than 200 times");
    }

    @Test
    void nestingDeeperThanTheLimit() throws Exception {
        byte[] level3 = tar(Map.of("l3.tar", tar(Map.of("l4.tar", tar(bundle)))));
        byte[] zip = zip(Map.of("l1.tar", tar(Map.of("l2.tar", level3))));
        refused(write("deep.zip", zip), "\"l1.tar!/l2.tar!/l3.tar!/l4.tar\" is an archive nested deeper than the"
                + " limit of 3");
        // Three levels are fine.
        byte[] fine = zip(Map.of("l1.tar", tar(Map.of("l2.tar", tar(Map.of("l3.tar", tar(bundle)))))));
        Unpacked unpacked = new ArchiveUnpacker(cache, ArchiveLimits.defaults()).unpack(write("fine.zip", fine));
        assertEquals(bundle.keySet().stream().sorted().toList(), unpacked.files());
    }

    @Test
    void truncatedArchives() throws IOException {
        byte[] zip = zip(bundle);
        refused(write("cmterm-7975.zip", Arrays.copyOf(zip, zip.length / 2)), "truncated or corrupt (");
        byte[] tar = tar(bundle);
        refused(write("half.tar", Arrays.copyOf(tar, tar.length / 2)), "truncated or corrupt (");
        byte[] tgz = gzip(tar);
        refused(write("half.tar.gz", Arrays.copyOf(tgz, tgz.length / 2)), "truncated or corrupt (");
        byte[] sgn = concat(header("x.cop.sgn", random), gzip(tar(prefixed("usr/local/cm/tftp/", bundle))));
        refused(write("half.cop.sgn", Arrays.copyOf(sgn, sgn.length / 2)), "truncated or corrupt (");
    }

    @Test
    void tarCutBetweenEntriesOrInsideAHeader() throws IOException {
        byte[] tar = new Fixtures.Tar().file("a.sbn", new byte[1000]).file("b.sbn", new byte[1000]).bytes();
        int afterFirst = 512 + 1024; // header, data padded to whole records
        refused(write("cut.tar", Arrays.copyOf(tar, afterFirst)), "end-of-archive");
        refused(write("cut2.tar", Arrays.copyOf(tar, afterFirst + 100)), "end-of-archive");
        refused(write("empty.tar", new byte[0]), "truncated or corrupt (");
    }

    @Test
    void junkNamedLikeAnArchive() throws IOException {
        byte[] junk = new byte[30_000];
        random.nextBytes(junk);
        refused(write("cmterm-7975.zip", junk), "cmterm-7975.zip: truncated or corrupt (");
        refused(write("junk.tar", junk), "truncated or corrupt (");
        refused(write("junk.cop", concat(new byte[] {0x1f, (byte) 0x8b, 8, 0}, junk)), "truncated or corrupt (");
    }

    @Test
    void signedCopWithoutAGzipStream() throws IOException {
        byte[] sgn = concat(header("x.cop.sgn", random), tar(bundle));
        refused(write("x.cop.sgn", sgn), "truncated or corrupt (no gzip stream in its first 64 KB)");
    }

    @Test
    void corruptedData() throws IOException {
        byte[] tgz = gzip(tar(bundle));
        tgz[tgz.length - 6] ^= 0x55; // the gzip trailer's CRC
        refused(write("crc.tgz", tgz), "truncated or corrupt (");
        byte[] zip = zip(bundle);
        zip[zip.length / 3] ^= 0x55; // inside some entry's compressed data
        refused(write("flipped.zip", zip), "truncated or corrupt (");
    }

    @Test
    void aMissingArchiveIsAnIoErrorNotABadArchive() {
        ArchiveUnpacker unpacker = new ArchiveUnpacker(cache, ArchiveLimits.defaults());
        assertThrows(IOException.class, () -> unpacker.unpack(stick.resolve("gone.zip")));
    }
}
