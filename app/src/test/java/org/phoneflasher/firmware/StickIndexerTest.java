package org.phoneflasher.firmware;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

public class StickIndexerTest {
    static final String SIP65 = "SIP45.9-4-2SR3-1S";
    static final List<Component> SET65 = List.of(new Component("jar45sip.9-4-2ES26.sbn", 3000),
            new Component("cnu45.9-4-2ES26.sbn", 2000), new Component("apps45.9-4-2ES26.sbn", 2500));

    @TempDir
    Path tmp;
    Path stick;
    Path cache;
    LookAlike firmware = new LookAlike(1);

    @BeforeEach
    void dirs() throws IOException {
        stick = Files.createDirectories(tmp.resolve("stick"));
        cache = tmp.resolve("cache");
    }

    StickIndex index() {
        return new StickIndexer(new ArchiveUnpacker(cache, ArchiveLimits.defaults())).index(stick);
    }

    /** Zips the files of a folder, flat, as cmterm-*.zip bundles are. */
    public static void zip(Path zip, Path from) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             var files = Files.list(from)) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
    }

    @Test
    void aCompleteLooseLoadIsTheTargetOfItsModels() throws IOException {
        firmware.writeLoad(stick, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        StickIndex index = index();
        Load load = index.loads().get(0);
        assertEquals(SIP65, load.name());
        assertTrue(load.complete(), load.problems().toString());
        assertEquals(List.of("7945", "7965"), load.models());
        assertEquals(new Target("7965", SIP65, true, "newest complete SIP load"), index.targets().get("7965"));
        assertTrue(index.allGood(), index.problems().toString());
    }

    @Test
    void aMissingComponentIsNamedAndTheLoadIsNeverATarget() throws IOException {
        firmware.writeLoad(stick, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        Files.delete(stick.resolve("apps45.9-4-2ES26.sbn"));
        StickIndex index = index();
        assertEquals(List.of("missing apps45.9-4-2ES26.sbn"), index.loads().get(0).problems());
        Target target = index.targets().get("7965");
        assertFalse(target.complete());
        assertTrue(target.why().contains("missing apps45.9-4-2ES26.sbn"), target.why());
        assertFalse(index.allGood());
        assertTrue(index.problems().contains(SIP65 + ".loads: missing apps45.9-4-2ES26.sbn"), index.problems().toString());
    }

    @Test
    void aComponentWhoseHeaderNamesAnotherFileIsBad() throws IOException {
        firmware.writeLoad(stick, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        firmware.writeSigned(stick.resolve("cnu45.9-4-2ES26.sbn"), "cnu45.9-3-1ES10.sbn", 2000);
        Files.write(stick.resolve("jar45sip.9-4-2ES26.sbn"), new byte[] {1, 2, 3});
        List<String> problems = index().loads().get(0).problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("jar45sip.9-4-2ES26.sbn: bad header"), problems.toString());
        assertEquals("cnu45.9-4-2ES26.sbn: its header names cnu45.9-3-1ES10.sbn, not itself", problems.get(1));
    }

    @Test
    void theNewestCompleteSipLoadWinsUnlessFlasherConfNamesAnother() throws IOException {
        firmware.writeLoad(stick, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        firmware.writeLoad(stick, "SIP45.9-3-1SR4-1S", "9-3-1SR4-1S", List.of(new Component("apps45.9-3-1ES10.sbn", 900)), "\r\n");
        firmware.writeLoad(stick, "SCCP45.9-4-2SR3-1S", "9-4-2SR3-1S", List.of(new Component("apps45sccp.sbn", 900)), "\r\n");
        assertEquals(SIP65, index().targets().get("7965").load());
        Files.writeString(stick.resolve("flasher.conf"), "# chosen by hand\ntarget.7965 = SIP45.9-3-1SR4-1S\n");
        StickIndex index = index();
        assertEquals(new Target("7965", "SIP45.9-3-1SR4-1S", true, "named in flasher.conf"), index.targets().get("7965"));
        assertEquals(SIP65, index.targets().get("7945").load(), "other models keep the newest");
    }

    @Test
    void flasherConfNamingALoadNotOnTheStickSaysSo() throws IOException {
        firmware.writeLoad(stick, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        Files.writeString(stick.resolve("FLASHER.CONF"), "target.7965 = SIP45.9-2-1SR1-1S\nthis line is wrong\n");
        StickIndex index = index();
        Target target = index.targets().get("7965");
        assertFalse(target.complete());
        assertEquals("flasher.conf names SIP45.9-2-1SR1-1S, which is not on the stick", target.why());
        assertTrue(index.problems().contains("flasher.conf line 2: expected 'key = value'; line ignored"),
                index.problems().toString());
    }

    @Test
    void aFlasherConfInTheDataFolderCountsForTargetsAndPasswordWhenTheStickHasNone() throws IOException {
        firmware.writeLoad(stick, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        firmware.writeLoad(stick, "SIP45.9-3-1SR4-1S", "9-3-1SR4-1S", List.of(new Component("apps45.9-3-1ES10.sbn", 900)), "\r\n");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("flasher.conf"), "target.7965 = SIP45.9-3-1SR4-1S\nadmin.password = kept-on-the-box\nbad line\n");
        StickIndexer withData = new StickIndexer(new ArchiveUnpacker(cache, ArchiveLimits.defaults()), data);
        StickIndex index = withData.index(stick);
        assertEquals("SIP45.9-3-1SR4-1S", index.targets().get("7965").load());
        assertEquals(java.util.Optional.of("kept-on-the-box"), index.settings().adminPassword());
        String label = data.resolve("flasher.conf").toString();
        assertTrue(index.problems().contains(label + " line 3: expected 'key = value'; line ignored"), index.problems().toString());
        assertEquals(java.util.Optional.of("kept-on-the-box"), withData.index(tmp.resolve("no-stick")).settings().adminPassword(),
                "no stick: the data folder's password still lets the admin in");

        Files.writeString(stick.resolve("flasher.conf"), "sip.server = 10.0.0.5\n");
        StickIndex stickFirst = withData.index(stick);
        assertEquals(SIP65, stickFirst.targets().get("7965").load(), "the stick's flasher.conf, whole, wins over the data folder's");
        assertTrue(stickFirst.settings().adminPassword().isEmpty());
        assertEquals("flasher.conf", stickFirst.settings().label());
    }

    @Test
    void termDefaultLoadsTellWhichModelsALoadServes() throws IOException {
        // This load's name says no model; term65.default.loads listing the same set says it serves the 7945/7965.
        firmware.writeLoad(stick, "SIPCUSTOM.9-4-2SR3-1S", "9-4-2SR3-1S", SET65, "\r\n");
        Files.copy(stick.resolve("SIPCUSTOM.9-4-2SR3-1S.loads"), stick.resolve("term65.default.loads"));
        StickIndex index = index();
        assertEquals(2, index.loads().size());
        Load custom = index.loads().stream().filter(l -> !l.isDefault()).findFirst().orElseThrow();
        assertEquals(List.of("7945", "7965"), custom.models());
        Load term = index.loads().stream().filter(Load::isDefault).findFirst().orElseThrow();
        assertTrue(term.complete());
    }

    @Test
    void aTermDefaultFileIsNeverATarget() throws IOException {
        firmware.writeLoad(stick, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        Files.copy(stick.resolve(SIP65 + ".loads"), stick.resolve("term65.default.loads"));
        StickIndex index = index();
        assertEquals(SIP65, index.targets().get("7965").load());
        assertEquals(List.of("7945", "7965"), List.copyOf(index.targets().keySet()));
    }

    @Test
    void aFolderOfUnpackedFilesIsServedAsIfAtTheRoot() throws IOException {
        Path folder = Files.createDirectories(stick.resolve("cmterm-7945_7965-sip.9-4-2SR3-1"));
        firmware.writeLoad(folder, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        Files.createDirectories(stick.resolve("English_United_States"));
        Files.writeString(stick.resolve("English_United_States/7960-font.xml"), "<fonts/>");
        StickIndex index = index();
        assertTrue(index.loads().get(0).complete());
        assertEquals("cmterm-7945_7965-sip.9-4-2SR3-1/", index.loads().get(0).bundle());
        assertEquals("jar45sip.9-4-2ES26.sbn", index.file("JAR45SIP.9-4-2ES26.SBN").orElseThrow().name());
        assertEquals("English_United_States/7960-font.xml", index.file("english_united_states/7960-FONT.XML").orElseThrow().name());
    }

    @Test
    void aLoadOneFolderDeeperIsItsOwnBundleServedByItsPlainNames() throws IOException {
        Path folder = Files.createDirectories(stick.resolve("firmware/7965"));
        firmware.writeLoad(folder, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        Files.writeString(stick.resolve("firmware/readme.txt"), "what I downloaded");
        StickIndex index = index();
        Load load = index.loads().get(0);
        assertTrue(load.complete(), load.problems().toString());
        assertEquals("firmware/7965/", load.bundle());
        assertEquals(SIP65 + ".loads", index.file(SIP65 + ".loads").orElseThrow().name());
        assertEquals(new Target("7965", SIP65, true, "newest complete SIP load"), index.targets().get("7965"));
        assertTrue(index.allGood(), index.problems().toString());
    }

    @Test
    void firmwareTooDeepToSearchIsReportedNotDroppedSilently() throws IOException {
        Path deep = Files.createDirectories(stick.resolve("a/b/c/d/e/f/g"));
        firmware.writeLoad(deep, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        StickIndex index = index();
        assertTrue(index.loads().isEmpty());
        assertFalse(index.allGood(), "check must not say all is complete");
        assertTrue(index.problems().toString().contains("a/b/c/d/e/f: more than 6 folders deep: not searched"),
                index.problems().toString());
    }

    @Test
    void twoFoldersOfferingOneNameAreDecidedByNameOrderNotTheWalksOrder() throws IOException {
        // Made in reverse name order: a file system lists them in its own order, the box takes the first by name.
        List<String> names = List.of("set-e", "set-d", "set-c", "set-b", "set-a");
        for (String name : names) {
            Path folder = Files.createDirectories(stick.resolve(name));
            firmware.writeLoad(folder, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
            firmware.writeSigned(folder.resolve("apps45.9-4-2ES26.sbn"), "apps45.9-4-2ES26.sbn", 1000 + name.charAt(4));
        }
        StickIndex index = index();
        assertEquals("set-a/", index.file("apps45.9-4-2ES26.sbn").orElseThrow().bundle());
        assertEquals(List.of("set-b/", "set-c/", "set-d/", "set-e/"), index.conflicts().stream()
                .filter(c -> c.startsWith("apps45")).map(c -> c.replaceAll(".* and (\\S+); .*", "$1")).toList());
    }

    @Test
    void aLoadInsideAZipIsServedLikeALooseOne() throws IOException {
        Path build = Files.createDirectories(tmp.resolve("build"));
        firmware.writeLoad(build, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        zip(stick.resolve("cmterm-7945_7965-sip.9-4-2SR3-1.zip"), build);
        StickIndex index = index();
        Load load = index.loads().get(0);
        assertTrue(load.complete(), load.problems().toString());
        assertEquals("cmterm-7945_7965-sip.9-4-2SR3-1.zip", load.bundle());
        ServedFile apps = index.file("apps45.9-4-2ES26.sbn").orElseThrow();
        assertTrue(apps.path().startsWith(cache), "served from the cache: " + apps.path());
        assertEquals(-1, Files.mismatch(apps.path(), build.resolve("apps45.9-4-2ES26.sbn")));
    }

    @Test
    void twoBundlesWithDifferentCopiesOfAFileAreReported() throws IOException {
        Path build = Files.createDirectories(tmp.resolve("build"));
        firmware.writeLoad(build, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        zip(stick.resolve("bundle.zip"), build);
        firmware.writeSigned(stick.resolve("apps45.9-4-2ES26.sbn"), "apps45.9-4-2ES26.sbn", 1234);
        StickIndex index = index();
        assertEquals(List.of("apps45.9-4-2ES26.sbn differs between stick root and bundle.zip; serving the one from stick root"),
                index.conflicts());
        assertFalse(index.allGood());
    }

    @Test
    void identicalCopiesAreNoConflict() throws IOException {
        Path build = Files.createDirectories(tmp.resolve("build"));
        firmware.writeLoad(build, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        zip(stick.resolve("bundle.zip"), build);
        Files.copy(build.resolve("apps45.9-4-2ES26.sbn"), stick.resolve("apps45.9-4-2ES26.sbn"));
        assertEquals(List.of(), index().conflicts());
    }

    @Test
    void aCorruptArchiveIsRefusedAndTheOthersStillLoad() throws IOException {
        firmware.writeLoad(stick, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        Files.write(stick.resolve("cmterm-7975-sip.zip"), "this is not a zip at all, just junk".repeat(40).getBytes());
        StickIndex index = index();
        Bundle bad = index.bundles().stream().filter(b -> b.source().equals("cmterm-7975-sip.zip")).findFirst().orElseThrow();
        assertNotNull(bad.refused());
        assertTrue(index.loads().get(0).complete());
        assertTrue(index.targets().get("7965").complete());
        assertFalse(index.allGood());
    }

    @Test
    void aStickFullOfJunkRefusesEachPieceByNameAndKeepsTheGoodLoad() throws IOException {
        Path good = Files.createDirectories(stick.resolve("good"));
        firmware.writeLoad(good, SIP65, "9-4-2SR3-1S", SET65, "\r\n");
        java.util.Random random = new java.util.Random(9);
        for (String junk : List.of("SIP75.9-4-2SR3-1S.loads", "cmterm-7975.zip", "locale.cop", "locale.cop.sgn", "firmware.tar",
                "firmware.tar.gz", "notes.tgz")) {
            byte[] bytes = new byte[5000];
            random.nextBytes(bytes);
            Files.write(stick.resolve(junk), bytes);
        }
        StickIndex index = index();
        List<String> problems = index.problems();
        assertTrue(index.loads().stream().filter(l -> l.name().equals(SIP65)).allMatch(Load::complete));
        assertTrue(index.targets().get("7965").complete());
        for (String junk : List.of("cmterm-7975.zip: refused", "locale.cop: refused", "locale.cop.sgn: refused",
                "firmware.tar: refused", "firmware.tar.gz: refused", "notes.tgz: refused",
                "SIP75.9-4-2SR3-1S.loads: not a valid .loads file")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(junk)), junk + " not in " + problems);
        }
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("cache", "stick"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing written beside the stick or the cache");
        }
    }

    @Test
    void aLinkOutOfTheStickIsRefusedByName() throws IOException {
        Files.writeString(tmp.resolve("secret.txt"), "box secret");
        Files.createSymbolicLink(stick.resolve("escape.sbn"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(stick.resolve("outside"), tmp);
        StickIndex index = index();
        assertEquals("link leaves the stick", index.refusal("ESCAPE.SBN").orElseThrow());
        assertEquals("link leaves the stick", index.refusal("outside").orElseThrow());
        assertTrue(index.file("escape.sbn").isEmpty());
    }

    @Test
    void noStickIsAnEmptyIndexNotAnError() {
        StickIndex index = new StickIndexer(new ArchiveUnpacker(cache, ArchiveLimits.defaults())).index(tmp.resolve("none"));
        assertFalse(index.present());
        assertTrue(index.files().isEmpty());
        assertFalse(index.allGood());
    }
}
