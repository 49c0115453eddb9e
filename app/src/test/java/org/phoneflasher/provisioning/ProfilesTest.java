package org.phoneflasher.provisioning;

import org.phoneflasher.net.Mac;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.config.FlasherConf;

/** flasher.conf's profile keys: each checked, named by file, line and key, never echoing a password. */
class ProfilesTest {
    @TempDir
    Path tmp;

    static Profiles parse(String conf, String csv) {
        return Profiles.parse(FlasherConf.parse(conf), "flasher.conf", csv, "phones.csv");
    }

    @Test
    void badValuesAreNamedByLineAndKeyAndTheInheritedValueStays() {
        Profiles profiles = parse("""
                timezone = Mars Standard Time
                sip.server = pbx<1>&co
                sip.port = 99999
                sip.transport = sctp
                codec = opus
                date.format = dd.mm.yyyy
                idle.timeout = soon
                nat.enabled = maybe
                speeddial.1 = 911
                speeddial.3 = call mom
                dialplan.1 = 9[0-8] 0
                timzone = W. Europe Standard/Daylight Time
                profile.lab = x
                profile.default.sip.port = 5070
                profile.Bad!.sip.port = 5070
                profile.lab.timezone = Venus Time
                target.7965 = SIP45.9-4-2SR3-1S
                """, "");
        assertEquals(List.of(
                "flasher.conf line 1: timezone: 'Mars Standard Time' is not a time zone the phones know (e.g. \"W. Europe Standard/Daylight Time\","
                        + " \"Pacific Standard/Daylight Time\"; the README lists them); Pacific Standard/Daylight Time is kept",
                "flasher.conf line 2: sip.server: 'pbx<1>&co' is not an IPv4 address or host name; ignored",
                "flasher.conf line 3: sip.port: '99999' is not a port (1-65535); ignored",
                "flasher.conf line 4: sip.transport: 'sctp' is neither udp nor tcp; ignored",
                "flasher.conf line 5: codec: 'opus' is not one of none, g711ulaw, g711alaw, g729a, g722; none is kept",
                "flasher.conf line 6: date.format: 'dd.mm.yyyy' is not a date template like M/D/Y, D.M.YY or Y-M-D; M/D/Y is kept",
                "flasher.conf line 7: idle.timeout: 'soon' is not a number of seconds (0 turns the idle page off); ignored",
                "flasher.conf line 8: nat.enabled: 'maybe' is not true or false; ignored",
                "flasher.conf line 9: speeddial.1: the button must be a number from 2 to 48 (button 1 is the line); ignored",
                "flasher.conf line 10: speeddial.3: expected 'number, label' with a number of digits, *, #, +; ignored",
                "flasher.conf line 11: dialplan.1: expected 'MATCH TIMEOUT [REWRITE]' (e.g. '9.......... 0'); ignored",
                "flasher.conf line 12: timzone: unknown key; ignored (the README lists the keys)",
                "flasher.conf line 13: profile.lab: expected profile.<name>.<key>; ignored",
                "flasher.conf line 14: profile.default.sip.port: 'default' is the profile of the plain keys; write sip.port = … instead; ignored",
                "flasher.conf line 15: profile.bad!.sip.port: a profile name is 1 to 32 letters, digits, '-' or '_'; ignored",
                "flasher.conf line 16: profile.lab.timezone: 'Venus Time' is not a time zone the phones know (e.g. \"W. Europe Standard/Daylight Time\","
                        + " \"Pacific Standard/Daylight Time\"; the README lists them); Pacific Standard/Daylight Time is kept"),
                profiles.problems());
        Profile p = profiles.defaultProfile();
        assertEquals("", p.sipServer());
        assertEquals(5060, p.sipPort());
        assertEquals(Transport.UDP, p.transport());
        assertEquals(List.of(DialRule.PERMISSIVE), p.dialPlan());
        assertEquals(List.of(), p.speedDials());
        assertTrue(profiles.named().containsKey("lab"), "a profile with only bad keys still exists");
    }

    @Test
    void timeZonesMatchInAnyCaseAndSpacingAndAreWrittenInCiscosSpelling() {
        Profiles profiles = parse("timezone =   w. europe   STANDARD/daylight time \n", "");
        assertEquals(List.of(), profiles.problems());
        assertEquals("W. Europe Standard/Daylight Time", profiles.defaultProfile().timeZone().name());
    }

    @Test
    void namedProfilesInheritAndOverrideSpeedDialsByButtonAndDialPlansWhole() {
        Profiles profiles = parse("""
                speeddial.2 = 100, Reception
                speeddial.3 = 200
                dialplan.1 = 0.. 0
                dialplan.2 = * 5
                profile.lab.speeddial.3 =
                profile.lab.speeddial.4 = 300, Lab
                profile.lab.dialplan.5 = 9.. 1 0..
                """, "");
        assertEquals(List.of(), profiles.problems());
        assertEquals(List.of(new SpeedDial(2, "100", "Reception"), new SpeedDial(3, "200", "200")),
                profiles.defaultProfile().speedDials());
        Profile lab = profiles.profile("LAB");
        assertEquals(List.of(new SpeedDial(2, "100", "Reception"), new SpeedDial(4, "300", "Lab")), lab.speedDials());
        assertEquals(List.of(new DialRule("0..", 0, ""), new DialRule("*", 5, "")), profiles.defaultProfile().dialPlan());
        assertEquals(List.of(new DialRule("9..", 1, "0..")), lab.dialPlan());
        assertEquals(profiles.defaultProfile(), profiles.profile("nosuch"));
    }

    @Test
    void passwordsNeverShowInProblemsOrToString() {
        Profiles profiles = parse("""
                ssh.user = admin
                ssh.password = hunter2-conf
                ssh.password: hunter2-typo
                = hunter2-nokey
                ssh.pasword = hunter2-misspelt
                profile.lab.ssh.password = hunter2-lab
                """, "001E7A000001,a,1,,hunter2-csv,,lab\n001E7A000001,a,1,,hunter2-dup\n");
        String everything = profiles.problems() + " " + profiles + " " + profiles.forMac(Mac.parse("001E7A000001").orElseThrow())
                + " " + FlasherConf.parse("ssh.password = hunter2-conf\n");
        assertFalse(everything.contains("hunter2"), everything);
        assertEquals("hunter2-conf", profiles.defaultProfile().sshPassword().reveal());
        assertEquals("hunter2-lab", profiles.profile("lab").sshPassword().reveal());
        assertTrue(profiles.problems().contains("flasher.conf line 3: expected 'key = value'; line ignored"), profiles.problems().toString());
        assertTrue(profiles.problems().contains("flasher.conf line 5: ssh.pasword: unknown key; ignored (the README lists the keys)"));
    }

    @Test
    void anUnknownPhoneGetsTheDefaultProfileAndNothingSecret() {
        Profiles profiles = parse("ssh.user = admin\nssh.password = s\nprofile.lab.sip.port = 5070\n",
                "001E7A000001,a,1,,pw,,lab\n");
        PhoneSetup known = profiles.forMac(Mac.parse("001E7A000001").orElseThrow());
        assertEquals("lab", known.profile().name());
        assertEquals("pw", known.line().password().reveal());
        assertEquals("s", known.sshPassword().reveal());
        PhoneSetup stranger = profiles.forMac(Mac.parse("001E7A000002").orElseThrow());
        assertFalse(stranger.known());
        assertEquals("default", stranger.profile().name());
        assertTrue(stranger.line().password().isEmpty());
        assertTrue(stranger.sshPassword().isEmpty());
        assertEquals("", stranger.sshUser());
        assertEquals("001E7A000002", stranger.line().name());
    }

    @Test
    void theStickComesFirstThenTheDataFolder() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("flasher.conf"), "sip.server = 10.0.0.9\nsip.port = nope\n");
        Files.writeString(stick.resolve("Phones.CSV"), "001E7A000001,a,1,,pw\n001E7A00000Z,a,1,,pw\n");
        Profiles fromData = Profiles.read(stick, data);
        assertEquals("10.0.0.9", fromData.defaultProfile().sipServer());
        assertEquals(List.of(data.resolve("flasher.conf") + " line 2: sip.port: 'nope' is not a port (1-65535); ignored",
                "phones.csv row 2, MAC: '001E7A00000Z' is not 12 hex digits (00:1E:7A:2B:3C:4D, 001E.7A2B.3C4D and 001E7A2B3C4D are fine);"
                        + " row ignored"), fromData.problems());
        assertEquals(1, fromData.phones().entries().size());

        Files.writeString(stick.resolve("flasher.conf"), "sip.server = 10.0.0.8\n");
        assertEquals("10.0.0.8", Profiles.read(stick, data).defaultProfile().sipServer());
        assertEquals("10.0.0.8", Profiles.read(stick, null).defaultProfile().sipServer());
        assertEquals("", Profiles.read(tmp.resolve("gone"), null).defaultProfile().sipServer());
        assertEquals(List.of(), Profiles.read(tmp.resolve("gone"), null).problems());
    }

    @Test
    void aCsvThatIsNotUtf8OrTooLargeIsReported() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        Files.write(stick.resolve("phones.csv"), new byte[] {'0', (byte) 0xff, (byte) 0xfe, ',', 'x'});
        assertEquals(List.of("phones.csv: not UTF-8 text (save it as \"CSV UTF-8\"); ignored"), Profiles.read(stick, null).problems());
        Files.writeString(stick.resolve("phones.csv"), "x".repeat((int) Profiles.MAX_CSV_SIZE + 1));
        assertEquals(List.of("phones.csv: larger than 1024 KB; ignored"), Profiles.read(stick, null).problems());
    }

    @Test
    void aPhoneLabelThePhonesWouldNotTakeIsReportedAndNotWritten() {
        Profiles profiles = Profiles.parse(FlasherConf.parse("phone.label = Front Desk\nprofile.lab.phone.label = Laboratory-East-2\n"),
                "flasher.conf", "", "phones.csv");
        assertEquals(List.of(
                "flasher.conf line 1: phone.label: 'Front Desk' is not a label the phones take (at most 13 characters, no spaces); ignored",
                "flasher.conf line 2: profile.lab.phone.label: 'Laboratory-East-2' is not a label the phones take (at most 13"
                        + " characters, no spaces); ignored"), profiles.problems());
        assertEquals("", profiles.defaultProfile().phoneLabel());
        assertEquals("Front-Desk", Profiles.parse(FlasherConf.parse("phone.label = Front-Desk\n"), "flasher.conf", "", "phones.csv")
                .defaultProfile().phoneLabel());
    }
}
