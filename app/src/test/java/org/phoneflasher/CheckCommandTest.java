package org.phoneflasher;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jetty.util.ajax.JSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

/** `check` on a laptop: the user's folder before a phone ever waits on it. */
class CheckCommandTest {
    @TempDir
    Path tmp;

    record Outcome(int exit, String out) {}

    static Outcome check(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = CheckCommand.run(List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Outcome(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    Path stickWithTroubles() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        LookAlike firmware = new LookAlike(3);
        firmware.writeLoad(stick, "SIP45.9-4-2SR3-1S", "9-4-2SR3-1S", List.of(new Component("jar45sip.9-4-2ES26.sbn", 4000),
                new Component("apps45.9-4-2ES26.sbn", 3000)), "\r\n");
        Path s75 = Files.createDirectories(stick.resolve("cmterm-7975-sip.9-4-2SR3-1"));
        firmware.writeLoad(s75, "SIP75.9-4-2SR3-1S", "9-4-2SR3-1S", List.of(new Component("jar75sip.9-4-2ES26.sbn", 4000),
                new Component("cvm75sip.9-4-2ES26.sbn", 3000)), "\r\n");
        Files.delete(s75.resolve("cvm75sip.9-4-2ES26.sbn"));
        try (OutputStream out = Files.newOutputStream(stick.resolve("evil.zip")); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("../../escaped.sbn"));
            zip.write("owned".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return stick;
    }

    @Test
    void aCompleteBundleAMissingFileAndAZipSlipArchive() throws Exception {
        Path stick = stickWithTroubles();
        Outcome outcome = check(stick.toString());
        assertEquals(1, outcome.exit(), outcome.out());
        String out = outcome.out();
        assertTrue(out.matches("(?s).*\\n  7965\\s+SIP45\\.9-4-2SR3-1S\\s+complete.*"), out);
        assertTrue(out.matches("(?s).*\\n  7975\\s+SIP75\\.9-4-2SR3-1S\\s+NOT READY: incomplete: missing cvm75sip\\.9-4-2ES26\\.sbn.*"), out);
        assertTrue(out.matches("(?s).*\\n  evil\\.zip\\s+REFUSED: .*"), out);
        assertTrue(out.contains("evil.zip: refused: "), out);
        assertFalse(Files.exists(tmp.resolve("escaped.sbn")), "nothing written outside the cache");
        assertFalse(Files.exists(stick.getParent().getParent().resolve("escaped.sbn")));
    }

    @Test
    void jsonReportsTheSameForScripts() throws Exception {
        Outcome outcome = check(stickWithTroubles().toString(), "--json");
        assertEquals(1, outcome.exit());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) new JSON().fromJSON(outcome.out());
        assertEquals(Boolean.FALSE, report.get("ok"));
        String problems = String.valueOf(List.of((Object[]) report.get("problems")));
        assertTrue(problems.contains("SIP75.9-4-2SR3-1S.loads: missing cvm75sip.9-4-2ES26.sbn"), problems);
        assertTrue(problems.contains("evil.zip: refused"), problems);
    }

    @Test
    void aGoodFolderExitsZero() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("good"));
        new LookAlike(4).writeLoad(stick, "SIP45.9-4-2SR3-1S", "9-4-2SR3-1S",
                List.of(new Component("jar45sip.9-4-2ES26.sbn", 4000)), "\r\n");
        Outcome outcome = check(stick.toString());
        assertEquals(0, outcome.exit(), outcome.out());
        assertTrue(outcome.out().contains("Result: every bundle is complete; flasher.conf and phones.csv have no problem."), outcome.out());
        assertTrue(outcome.out().contains("0 phone(s) in phones.csv"), outcome.out());
    }

    Path goodStickWithProfiles(String conf, String csv) throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("profiles"));
        new LookAlike(5).writeLoad(stick, "SIP45.9-4-2SR3-1S", "9-4-2SR3-1S",
                List.of(new Component("jar45sip.9-4-2ES26.sbn", 4000)), "\r\n");
        Files.writeString(stick.resolve("flasher.conf"), conf);
        Files.writeString(stick.resolve("phones.csv"), csv);
        return stick;
    }

    @Test
    void profileAndPhoneProblemsAreReportedAndFailTheCheck() throws Exception {
        Path stick = goodStickWithProfiles("timezone = Berlin\nssh.password = hunter2\nbroken line\nprofile.lab.sip.port = 5070\n",
                "MAC,label,extension,auth,password\n001E7A000001,Desk,201,,hunter3\n001E7A00000,Desk,202,,hunter4\n"
                        + "001E7A000003,Desk,203,,\n");
        Outcome outcome = check(stick.toString());
        assertEquals(1, outcome.exit(), outcome.out());
        String out = outcome.out();
        assertTrue(out.contains("  - flasher.conf line 1: timezone: 'Berlin' is not a time zone the phones know"), out);
        assertTrue(out.contains("  - phones.csv row 3, MAC: '001E7A00000' is not 12 hex digits"), out);
        assertTrue(out.contains("  - phones.csv row 4, password: missing; row ignored, 001E7A000003 gets the default profile"), out);
        assertEquals(1, out.split("flasher.conf line 3: expected 'key = value'", -1).length - 1, "printed once: " + out);
        assertTrue(out.matches("(?s).*\\n  lab +SIP server \\(the box\\):5070 \\(udp\\).*"), out);
        assertTrue(out.contains("1 phone(s) in phones.csv"), out);
        assertFalse(out.contains("hunter"), out);

        Outcome json = check(stick.toString(), "--json");
        assertEquals(1, json.exit());
        assertFalse(json.out().contains("hunter"), json.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) new JSON().fromJSON(json.out());
        assertEquals(Boolean.FALSE, report.get("ok"));
        @SuppressWarnings("unchecked")
        Map<String, Object> profiles = (Map<String, Object>) report.get("profiles");
        assertEquals(List.of("default", "lab"), List.of((Object[]) profiles.get("profiles")));
        assertEquals(1L, profiles.get("phones"));
        String problems = String.valueOf(List.of((Object[]) report.get("problems")));
        assertTrue(problems.contains("phones.csv row 4, password: missing"), problems);
    }

    @Test
    void noFolderIsAUsageError() {
        assertThrows(Args.UsageError.class, () -> check(tmp.resolve("nope").toString()));
        assertThrows(Args.UsageError.class, () -> check());
    }

    @Test
    void exportWritesThePbxSideOfPhonesCsvOnStdoutAndRefusesAnUnknownFormat() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("pbx-stick"));
        Files.writeString(stick.resolve("flasher.conf"), "sip.server = pbx.example\nsip.transport = tcp\n");
        Files.writeString(stick.resolve("phones.csv"), "001E7A000001,Desk,1001,,pw1001\n");
        Outcome pjsip = check(stick.toString(), "--export", "pjsip");
        assertEquals(0, pjsip.exit(), pjsip.out());
        assertTrue(pjsip.out().startsWith("; pjsip.conf"), "the file alone, no report: " + pjsip.out());
        assertTrue(pjsip.out().contains("\n[1001]\ntype=endpoint\n"), pjsip.out());
        assertTrue(pjsip.out().contains("protocol=tcp\n"), pjsip.out());
        assertTrue(pjsip.out().contains("password=pw1001\n"), pjsip.out());
        Outcome freepbx = check(stick.toString(), "--export", "freepbx");
        assertTrue(freepbx.out().startsWith("extension,name,description,tech,secret"), freepbx.out());
        Args.UsageError bad = assertThrows(Args.UsageError.class, () -> check(stick.toString(), "--export", "asterisk"));
        assertTrue(bad.getMessage().contains("pjsip|sipconf|freepbx|fritzbox"), bad.getMessage());
    }

    @Test
    void aLocaleTheStickLacksIsNamedAndFailsTheCheckUntilItsFolderIsThere() throws Exception {
        Path stick = goodStickWithProfiles("locale.user = German_Germany\nlocale.network = Germany\ncodec = g722\n",
                "001E7A000001,Desk,201,,pw1\n");
        Outcome missing = check(stick.toString());
        assertEquals(1, missing.exit(), missing.out());
        assertTrue(missing.out().contains("  - flasher.conf: locale.user = German_Germany (profile default): the stick has no folder"
                + " German_Germany/"), missing.out());
        assertTrue(missing.out().contains("  - flasher.conf: locale.network = Germany (profile default): the stick has no folder"
                + " Germany/"), missing.out());
        // As a locale package unpacks: the folder in Cisco's spelling, any case on the stick.
        Files.writeString(Files.createDirectories(stick.resolve("german_germany")).resolve("be-sip.jar"), "look-alike");
        Files.writeString(Files.createDirectories(stick.resolve("Germany")).resolve("g3-tones.xml"), "<tones/>");
        Outcome present = check(stick.toString());
        assertEquals(0, present.exit(), present.out());
        assertFalse(present.out().contains("no folder"), present.out());
    }

    @Test
    void linesPerPhoneAreCheckedAndAThirdLineIsNotedForTheTwoButtonModels() throws Exception {
        Path stick = goodStickWithProfiles("", "MAC,label,extension,auth,password,display,profile,contact,line\n"
                + "001E7A000001,Desk,201,,pw1\n001E7A000001,Fax,202,,pw2,,,,3\n001E7A000001,Again,203,,pw3,,,,3\n"
                + "001E7A000001,Far,204,,pw4,,,,12\n");
        Outcome outcome = check(stick.toString());
        assertEquals(1, outcome.exit(), outcome.out());
        String out = outcome.out();
        assertTrue(out.contains("  - phones.csv row 4, MAC: 001E7A000001 line 3 is already on row 3; row 4 ignored, row 3 counts"), out);
        assertTrue(out.contains("  - phones.csv row 5, line: '12' is not a line button from 1 to 8"), out);
        assertTrue(out.contains("  001E7A000001: line 3 shows only on a 7960/7961/7962/7965 or 797x; a 7940/7941/7942/7945 has 2"
                + " buttons and gets lines 1-2"), out);
        assertTrue(out.contains("1 phone(s) in phones.csv"), out);
    }
}
