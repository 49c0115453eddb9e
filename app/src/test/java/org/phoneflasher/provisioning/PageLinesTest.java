package org.phoneflasher.provisioning;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.net.Mac;

/**
 * The lines assigned on the page: the data folder's phones.csv beside the stick's, its rows winning for the MACs it
 * names; a change checked by the one parser, written whole or not at all, a password never shown back.
 */
class PageLinesTest {
    static final Mac TWO_LINES = Mac.parse("001E7A000001").orElseThrow();
    static final Mac STICK_ONLY = Mac.parse("001E7A000002").orElseThrow();
    static final Mac NEW = Mac.parse("001E7A000003").orElseThrow();

    @TempDir
    Path tmp;
    Path stick;
    Path data;
    PageLines lines;

    @BeforeEach
    void files() throws Exception {
        stick = Files.createDirectories(tmp.resolve("stick"));
        data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(stick.resolve("flasher.conf"), "profile.lab.sip.port = 5070\n");
        Files.writeString(stick.resolve("phones.csv"), """
                MAC,Label,Extension,Auth name,Password,Display name,Profile,Contact,Line
                00:1E:7A:00:00:01,Desk,601,,stick-pw1,,lab,,1
                00:1E:7A:00:00:01,Fax,602,,stick-pw2,,,,2
                001E7A000002,Hall,603,,stick-pw3
                """);
        lines = new PageLines(data, this::profiles);
    }

    Profiles profiles() {
        return Profiles.read(stick, data);
    }

    static PageLines.Assignment line(String button, String extension, String password) {
        return new PageLines.Assignment(button, extension, "", password, "", "", "");
    }

    @Test
    void theDataFoldersRowsWinForEveryMacTheyNameAndTheStickGivesTheRest() throws Exception {
        Files.writeString(data.resolve("phones.csv"), "001e.7a00.0001,Page,700,,page-pw\n001E7A000003,New,701,,pw\n001E7A00000Z,x,1,,pw\n");
        Files.writeString(stick.resolve("phones.csv"), Files.readString(stick.resolve("phones.csv")) + "001E7A000009,,,,pw\n");
        Profiles p = profiles();
        assertEquals(List.of("700"), p.phones().rows(TWO_LINES).stream().map(PhoneEntry::extension).toList(),
                "all of the MAC's lines come from the data folder's file: the stick's two are left out");
        assertEquals("", p.phones().entry(TWO_LINES).orElseThrow().profile(), "the profile too");
        assertEquals("603", p.phones().entry(STICK_ONLY).orElseThrow().extension());
        assertEquals("701", p.phones().entry(NEW).orElseThrow().extension());
        assertEquals(new Profiles.LineSource(data.resolve("phones.csv").toString(), true, true), p.source(TWO_LINES).orElseThrow());
        assertEquals(new Profiles.LineSource("phones.csv", false, false), p.source(STICK_ONLY).orElseThrow());
        assertFalse(p.source(NEW).orElseThrow().stickAlsoNames());
        assertEquals(List.of(TWO_LINES, STICK_ONLY, NEW), List.copyOf(p.phones().entries().keySet()), "the stick's order, then the page's");
        assertEquals(List.of("phones.csv row 5, extension: missing; row ignored, 001E7A000009 gets the default profile",
                data.resolve("phones.csv") + " row 3, MAC: '001E7A00000Z' is not 12 hex digits (00:1E:7A:2B:3C:4D, 001E.7A2B.3C4D and"
                        + " 001E7A2B3C4D are fine); row ignored"), p.problems(), "each problem names its file");
        assertEquals(List.of(), Profiles.read(stick, null).problems().stream().filter(s -> s.contains(data.toString())).toList(),
                "check reads the stick alone");
        assertEquals(2, Profiles.read(stick, null).phones().rows(TWO_LINES).size());
    }

    @Test
    void aLineAssignedOnThePageIsWrittenAndReadBackByTheOneParser() throws Exception {
        long before = lines.generation();
        String message = lines.assign(NEW, new PageLines.Assignment("", "710", "auth;710", " pa,ss ", "Lab, bench 2", "#front", "lab"));
        assertTrue(message.contains("power-cycle the phone"), message);
        assertEquals(before + 1, lines.generation(), "whoever caches the profiles reads them again");
        PhoneEntry e = profiles().phones().entry(NEW).orElseThrow();
        assertEquals(List.of("710", "auth;710", " pa,ss ", "Lab, bench 2", "#front", "lab", 1),
                List.of(e.extension(), e.authName(), e.password().reveal(), e.displayName(), e.label(), e.profile(), e.button()));
        assertEquals(List.of(), profiles().problems());
        String file = Files.readString(data.resolve("phones.csv"));
        assertTrue(file.startsWith("MAC,Label,Extension,Auth name,Password,Display name,Profile,Contact,Line\r\n"), file);
        assertTrue(file.contains("\" pa,ss \"") && file.contains("\"#front\"") && file.contains("\"auth;710\""), file);
        assertFalse(Files.exists(data.resolve("phones.csv.tmp")), "the temp file was renamed");
        assertEquals(List.of(), Files.readAllLines(stick.resolve("phones.csv")).stream().filter(l -> l.contains("710")).toList(),
                "the stick is not written");

        PageLines.View view = lines.view(NEW);
        assertEquals("page", view.source());
        assertEquals(List.of(new PageLines.LineView(1, "710", "auth;710", "Lab, bench 2", "#front", "lab", true)), view.lines());
        assertFalse(view.toString().contains("pa,ss"), "no password in the view: " + view);
    }

    @Test
    void aLineOnAButtonTheProfileGivesASpeedDialIsSavedAndTheMessageSaysTheDialIsLeftOut() throws Exception {
        Files.writeString(stick.resolve("flasher.conf"), "profile.lab.sip.port = 5070\nprofile.lab.speeddial.2 = 4711, Lab desk\n");
        String onDial = lines.assign(NEW, new PageLines.Assignment("2", "780", "", "pw", "", "", "lab"));
        assertTrue(onDial.endsWith("; note: the line is on the button profile lab gives speeddial.2; the line is written, the speed dial"
                + " left out on this phone"), onDial);
        assertEquals(List.of("780"), profiles().phones().rows(NEW).stream().map(PhoneEntry::extension).toList(), "saved all the same");
        assertTrue(profiles().problems().contains(data.resolve("phones.csv") + " row 2, line: " + NEW
                + " line 2 is on the button profile lab gives speeddial.2; the line is written, the speed dial left out on this phone"),
                "check says it in the same words: " + profiles().problems());
        String free = lines.assign(NEW, new PageLines.Assignment("1", "781", "", "pw", "", "", "lab"));
        assertFalse(free.contains("note"), free);
        String otherProfile = lines.assign(NEW, new PageLines.Assignment("2", "780", "", "", "", "", ""));
        assertFalse(otherProfile.contains("note"), "the default profile has no speed dial on 2: " + otherProfile);
    }

    @Test
    void anEmptyPasswordKeepsTheStoredOneAndOtherPhonesRowsStayAsTheyWere() throws Exception {
        Files.writeString(data.resolve("phones.csv"), "001e.7a00.0009,,900,,keep-me\n");
        lines.assign(NEW, line("2", "720", "first-pw"));
        lines.assign(NEW, line("2", "721", ""));
        PhoneEntry e = profiles().phones().entry(NEW).orElseThrow();
        assertEquals("721", e.extension());
        assertEquals("first-pw", e.password().reveal(), "the stored password is kept");
        assertEquals(2, e.button());
        assertTrue(Files.readString(data.resolve("phones.csv")).contains("001e.7a00.0009,,900,,keep-me\r\n"),
                "another phone's row is written back field for field");

        // A phone the stick lists, changed on the page: its other line comes along, each keeps the stick's password.
        lines.assign(TWO_LINES, new PageLines.Assignment("1", "611", "", "", "", "Desk", "lab"));
        List<PhoneEntry> two = profiles().phones().rows(TWO_LINES);
        assertEquals(List.of("611", "602"), two.stream().map(PhoneEntry::extension).toList());
        assertEquals(List.of("stick-pw1", "stick-pw2"), two.stream().map(x -> x.password().reveal()).toList());
        assertEquals(List.of("lab", "lab"), two.stream().map(PhoneEntry::profile).toList(), "the profile is the phone's");
        assertTrue(lines.view(TWO_LINES).stickAlsoNames());
        assertEquals(List.of("Fax", "602"), List.of(two.get(1).label(), two.get(1).contact()));
    }

    @Test
    void aBadLineIsRefusedWithTheParsersWordsAndNothingIsWritten() throws Exception {
        lines.assign(NEW, line("1", "730", "pw"));
        byte[] before = Files.readAllBytes(data.resolve("phones.csv"));
        long generation = lines.generation();
        assertEquals(List.of("the form, extension: missing; row ignored, 001E7A000003 gets the default profile"),
                refused(NEW, line("1", "", "")));
        assertEquals(List.of("the form, password: missing; row ignored, 001E7A000003 gets the default profile"),
                refused(NEW, line("3", "731", "")), "a new line needs a password");
        assertEquals(List.of("the form, line: '99' is not a line button from 1 to 8 (no phone here has more); row ignored"),
                refused(NEW, line("99", "731", "pw")));
        assertEquals(List.of("the form, profile: flasher.conf defines no profile 'office'; the default profile is used"),
                refused(NEW, new PageLines.Assignment("1", "731", "", "", "", "", "office")));
        assertTrue(refused(NEW, new PageLines.Assignment("1", "731", "", "", "Say \"hi\"", "", "")).get(0)
                .startsWith("the form, display name: contains '\"'"));
        assertTrue(refused(NEW, line("1", "7\n31", "pw")).get(0).startsWith("the form, extension: "));
        assertArrayEquals(before, Files.readAllBytes(data.resolve("phones.csv")), "nothing written");
        assertEquals(generation, lines.generation());
        assertEquals("730", profiles().phones().entry(NEW).orElseThrow().extension());
    }

    @Test
    void aFileTheBoxCannotReadWhollyIsNotRewritten() throws Exception {
        Files.writeString(data.resolve("phones.csv"), "001E7A000009,\"open,900,,pw\n");
        PageLines.Refused e = assertThrows(PageLines.Refused.class, () -> lines.assign(NEW, line("1", "740", "pw")));
        assertTrue(e.getMessage().contains("fix the file by hand"), e.getMessage());
        assertEquals("001E7A000009,\"open,900,,pw\n", Files.readString(data.resolve("phones.csv")));
    }

    @Test
    void aFileNotInUtf8OrTooLargeIsRefusedWithItsReasonAndNotRewritten() throws Exception {
        Path file = data.resolve("phones.csv");
        byte[] latin1 = "001E7A000009,B\u00fcro,900,,pw\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        PageLines.Refused e = assertThrows(PageLines.Refused.class, () -> lines.assign(NEW, line("1", "741", "pw")));
        assertEquals(List.of(file + ": not UTF-8 text (save it as \"CSV UTF-8\"); fix it by hand first"), e.problems());
        assertArrayEquals(latin1, Files.readAllBytes(file));

        String large = "001E7A000009,,900,,pw\n".repeat((int) (Profiles.MAX_CSV_SIZE / 20));
        Files.writeString(file, large);
        e = assertThrows(PageLines.Refused.class, () -> lines.delete(NEW, "1"));
        assertEquals(List.of(file + ": larger than 1024 KB; fix it by hand first"), e.problems());
        assertEquals(large, Files.readString(file));
    }

    @Test
    void deletingALine() throws Exception {
        lines.assign(NEW, line("1", "750", "pw1"));
        lines.assign(NEW, line("2", "751", "pw2"));
        lines.delete(NEW, "1");
        assertEquals(List.of("751"), profiles().phones().rows(NEW).stream().map(PhoneEntry::extension).toList());
        assertTrue(lines.delete(NEW, "2").contains("placeholder"));
        assertTrue(profiles().phones().rows(NEW).isEmpty());
        assertThrows(PageLines.Refused.class, () -> lines.delete(NEW, "2"));

        // The stick's only line cannot be deleted from the page: the stick stays read-only.
        assertThrows(PageLines.Refused.class, () -> lines.delete(STICK_ONLY, "1"));
        // A page line over the stick's, deleted: the stick's lines count again.
        lines.assign(STICK_ONLY, line("1", "760", ""));
        assertEquals("760", profiles().phones().entry(STICK_ONLY).orElseThrow().extension());
        assertTrue(lines.delete(STICK_ONLY, "1").contains("stick's phones.csv again"));
        assertEquals("603", profiles().phones().entry(STICK_ONLY).orElseThrow().extension());
    }

    private List<String> refused(Mac mac, PageLines.Assignment a) {
        return assertThrows(PageLines.Refused.class, () -> lines.assign(mac, a)).problems();
    }
}
