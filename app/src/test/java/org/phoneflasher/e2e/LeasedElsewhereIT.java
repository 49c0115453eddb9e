package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Another DHCP server on the link (a stock dnsmasq whose option 150 points at the box): the box leases nothing, and a
 * phone phones.csv lists still gets its load and its config from the box, its model read from its own page at the
 * address its request came from.
 */
class LeasedElsewhereIT {
    static final String MAC = PhonesIT.MAC;
    static final String TARGET = PhonesIT.TARGET;

    @Test
    void aListedPhoneLeasedByAnotherServerIsFlashedAndTakesItsOwnConfig() throws Exception {
        Path work = Rig.tempDir("elsewhere");
        Path stick = Files.createDirectories(work.resolve("stick"));
        PhonesIT.writeTarget(stick);
        Files.writeString(stick.resolve("flasher.conf"), "sip.server = pbx.home.example\nphone.label = Home\n");
        Files.writeString(stick.resolve("phones.csv"), BenchIT.CSV);
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host boxHost = rig.boxOn(link);
            Rig.Host office = rig.host("dhcp");
            Rig.Host phone = rig.phoneOn(link, null);
            rig.plug(office, "voffice", link, "10.99.0.2/24");
            DhcpGuardIT.dnsmasq(rig, office, work, "--dhcp-option=150," + BoxProcess.ADDRESS);
            BoxProcess box = new BoxProcess(rig, boxHost, stick, work.resolve("data"), "--guard-wait", "5").start();
            Await.until("the box to stand back", Duration.ofSeconds(20), () -> box.api("/api/status").contains("\"serving\":false"),
                    () -> box.api("/api/status") + "\n" + box.logOrError());

            Path saved = work.resolve("phone");
            Exec.Result sim = rig.run(phone, PhonesIT.T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", MAC, "--model", "7965", "--current-load", "SCCP45.9-2-1S",
                    "--save", saved.toString(), "--linger", "1");
            sim.ok();
            String out = sim.out();
            assertTrue(out.contains("flashed " + TARGET), "the config it got named the target:\n" + out);
            assertFalse(box.log().contains("DHCP offer"), "the box offered nothing:\n" + box.log());

            Await.until("the phone done", Duration.ofSeconds(30), () -> box.api("/api/phones/" + MAC).contains("\"state\":\"DONE\""),
                    () -> box.api("/api/phones/" + MAC) + "\n" + box.logOrError());
            String json = box.api("/api/phones/" + MAC);
            assertTrue(json.contains("\"model\":\"7965\""), "its model, from its page: " + json);
            java.util.regex.Matcher ack = BenchIT.ACK.matcher(out);
            assertTrue(ack.find() && out.contains(" from 10.99.0.2"), "leased by dnsmasq: " + out);
            assertTrue(json.contains("\"ip\":\"" + ack.group(1) + "\""), "at the address dnsmasq gave it: " + json);
            String home = Files.readString(saved.resolve("SEP" + MAC + ".cnf.xml"));
            assertEquals("201", BenchIT.text(BenchIT.xml(home), "name"), "its own line from phones.csv: " + home);
            assertEquals("Home", BenchIT.text(BenchIT.xml(home), "phoneLabel"));
        }
    }
}
