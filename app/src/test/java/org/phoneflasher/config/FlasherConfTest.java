package org.phoneflasher.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlasherConfTest {
    @TempDir
    Path stick;

    @Test
    void keysAreCaseInsensitiveAndCommentsIgnored() {
        FlasherConf conf = FlasherConf.parse("# targets\r\nTarget.7965 = SIP45.9-3-1SR4-1S\n\n  target.7975=SIP75.9-4-2SR3-1S  \n");
        assertEquals(Map.of("7965", "SIP45.9-3-1SR4-1S", "7975", "SIP75.9-4-2SR3-1S"), conf.under("target."));
        assertEquals("SIP45.9-3-1SR4-1S", conf.get("TARGET.7965").orElseThrow());
        assertEquals(List.of(), conf.problems());
    }

    @Test
    void aBadLineIsNamedAndTheRestStillCounts() {
        FlasherConf conf = FlasherConf.parse("target.7965 = A\nno equals sign here\n= no key\ntarget.7965 = B\n");
        assertEquals("B", conf.get("target.7965").orElseThrow());
        assertEquals(List.of("flasher.conf line 2: expected 'key = value'; line ignored",
                "flasher.conf line 3: no key before '='; line ignored",
                "flasher.conf line 4: target.7965 set again; the last value counts"), conf.problems());
        assertEquals(4, conf.lineOf("TARGET.7965"));
        assertEquals(0, conf.lineOf("target.7975"));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstKey() {
        assertEquals("x", FlasherConf.parse("\uFEFFsip.server = x\r\n").get("sip.server").orElseThrow());
    }

    @Test
    void passwordsAreNeitherEchoedNorPrinted() {
        FlasherConf conf = FlasherConf.parse("ssh.password = hunter2\nssh.password: hunter3\n= hunter4\nprofile.lab.ssh.password = hunter5\n");
        String shown = conf + " " + conf.problems();
        assertFalse(shown.contains("hunter"), shown);
        assertEquals("hunter2", conf.get("ssh.password").orElseThrow());
    }

    @Test
    void noFileIsAnEmptyConfig() {
        assertEquals(FlasherConf.empty(), FlasherConf.read(stick));
        assertEquals(FlasherConf.empty(), FlasherConf.read(stick.resolve("gone")));
    }

    @Test
    void theFileIsFoundInAnyCase() throws Exception {
        Files.writeString(stick.resolve("Flasher.CONF"), "target.7941 = SIP41.9-4-2SR3-1S\n");
        assertEquals("SIP41.9-4-2SR3-1S", FlasherConf.read(stick).get("target.7941").orElseThrow());
    }

    @Test
    void aHugeFileIsIgnoredWithAReason() throws Exception {
        Files.writeString(stick.resolve("flasher.conf"), "x = y\n".repeat(60_000));
        FlasherConf conf = FlasherConf.read(stick);
        assertTrue(conf.values().isEmpty());
        assertTrue(conf.problems().get(0).contains("larger than"), conf.problems().toString());
    }

    @Test
    void theBenchStepIsOnUnlessFlasherConfTurnsItOffAndABadValueIsNamed() {
        assertTrue(BoxSettings.none().benchRegister());
        assertFalse(new BoxSettings(FlasherConf.parse("bench.register = false\n"), FlasherConf.FILE_NAME).benchRegister());
        assertFalse(new BoxSettings(FlasherConf.parse("Bench.Register = Off\n"), FlasherConf.FILE_NAME).benchRegister());
        assertTrue(new BoxSettings(FlasherConf.parse("bench.register = yes\n"), FlasherConf.FILE_NAME).benchRegister());
        BoxSettings bad = new BoxSettings(FlasherConf.parse("# x\nbench.register = maybe\n"), FlasherConf.FILE_NAME);
        assertTrue(bad.benchRegister(), "a bad value leaves it on");
        assertEquals(java.util.List.of("flasher.conf line 2: bench.register: 'maybe' is not true or false; the bench step stays on"),
                bad.problems());
        assertEquals(java.util.List.of(), new BoxSettings(FlasherConf.parse("bench.register = false\n"), FlasherConf.FILE_NAME).problems());
        assertTrue(org.phoneflasher.provisioning.Profiles.parse(FlasherConf.parse("bench.register = false\n"), "flasher.conf", "", "phones.csv")
                .problems().isEmpty(), "not an unknown profile key");
    }
}
