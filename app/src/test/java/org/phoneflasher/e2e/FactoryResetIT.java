package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phoneflasher.ResetStick;

/**
 * A factory-reset 7965 against a stick holding Cisco's SCCP set (.cop.sgn) and the SIP set (zip): the real box and
 * the simulated phone, which asks for term65.default.loads first and flashes whatever it lists.
 */
class FactoryResetIT {
    static final Duration T = Duration.ofSeconds(120);
    static final String MAC = "001E7A2B3C5E";

    @Test
    void aReset7965IsSentToTheSipLoadNotTheSccpOne() throws Exception {
        try (Rig rig = new Rig()) {
            Path work = Rig.tempDir("reset");
            Path stick = Files.createDirectories(work.resolve("stick"));
            ResetStick.write(stick, work);
            Rig.Switch sw = rig.newSwitch("link");
            Rig.Host boxHost = rig.boxOn(sw);
            Rig.Host phone = rig.phoneOn(sw, null);
            BoxProcess box = new BoxProcess(rig, boxHost, stick, work.resolve("data")).start();

            Exec.Result sim = rig.run(phone, T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", MAC, "--model", "7965", "--factory-reset", "--linger", "12");
            sim.ok();
            String out = sim.out();
            int term = out.indexOf("RRQ term65.default.loads ->");
            int config = out.indexOf("RRQ SEP" + MAC + ".cnf.xml");
            assertTrue(term > 0 && (config < 0 || term < config), "term65.default.loads first:\n" + out);
            int flashed = out.indexOf("flashed ");
            assertTrue(flashed > term && out.startsWith("flashed " + ResetStick.SIP + ":", flashed),
                    "what term65.default.loads lists is the SIP load:\n" + out);
            assertEquals(flashed, out.lastIndexOf("flashed "), "one flash, straight to SIP:\n" + out);
            assertFalse(out.contains("RRQ " + ResetStick.SCCP_COMPONENT), "never a component of the SCCP set:\n" + out);
            assertTrue(out.contains("running " + ResetStick.SIP), out);
            // On its SIP target, registered on the bench, home config taken.
            Await.until("the box sees the reset phone done on its SIP target", Duration.ofSeconds(30),
                    () -> box.api("/api/phones/" + MAC).contains("\"state\":\"DONE\""), () -> box.api("/api/phones/" + MAC));
            String json = box.api("/api/phones/" + MAC);
            assertTrue(json.contains("\"currentLoad\":\"" + ResetStick.SIP + "\""), json);
            assertTrue(box.log().contains("downloading " + ResetStick.SIP), box.log());
        }
    }
}
