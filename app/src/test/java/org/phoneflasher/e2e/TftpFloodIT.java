package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A device on the phone link floods the box with read requests that ask for a 255 s timeout and never ACK (each from
 * a fresh port, as many as the box takes); a phone on the same link still flashes end to end meanwhile.
 */
class TftpFloodIT {
    static final String ROGUE = "10.99.0.50";
    static final String FILE = PhonesIT.TARGET_FILE;

    @Test
    void aPhoneFlashesWhileADeviceHoldsEveryTransferItCanGet() throws Exception {
        try (Rig rig = new Rig()) {
            Path work = Rig.tempDir("flood");
            Path stick = Files.createDirectories(work.resolve("stick"));
            PhonesIT.writeTarget(stick);
            Rig.Switch sw = rig.newSwitch("link");
            Rig.Host boxHost = rig.join(sw, "box", BoxProcess.ADDRESS + "/24");
            Rig.Host phone = rig.join(sw, "phone", null);
            Rig.Host rogue = rig.join(sw, "rogue", ROGUE + "/24");
            BoxProcess box = new BoxProcess(rig, boxHost, stick, work.resolve("data")).start();

            // 64 RRQs (as many as the box has slots) every half second, each from a new socket: a 31-byte request
            // asking timeout=255, whose answers go to a closed port. Paced, so the box's log stays readable.
            String rrq = "printf '\\0\\1%s\\0octet\\0timeout\\0%s\\0' " + FILE + " 255 >/dev/udp/" + BoxProcess.ADDRESS + "/69";
            rig.start(rogue, work.resolve("rogue.log"), "bash", "-c",
                    "while :; do for i in $(seq 64); do " + rrq + "; done; sleep 0.5; done");
            box.awaitLog("to " + ROGUE + " failed after 0 bytes: server busy");

            long started = System.nanoTime();
            Exec.Result sim = rig.run(phone, PhonesIT.T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", PhonesIT.MAC, "--model", "7965", "--linger", "1");
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            sim.ok();
            assertTrue(sim.out().contains("flashed " + PhonesIT.TARGET), sim.out());
            assertTrue(sim.out().contains("running " + PhonesIT.TARGET), sim.out());

            Await.until("the phone's history row", Duration.ofSeconds(10), () -> box.api("/api/history.csv").contains(PhonesIT.MAC),
                    () -> box.api("/api/history.csv"));
            String csv = box.api("/api/history.csv");
            assertTrue(csv.contains(PhonesIT.MAC + ",7965,"), "the phone's history row:\n" + csv);

            String log = box.log();
            long rogueRequests = log.lines().filter(l -> l.contains("TFTP request " + FILE + " from " + ROGUE)).count();
            long refused = log.lines().filter(l -> l.contains("to " + ROGUE + " failed after 0 bytes: server busy: 4 transfers")).count();
            assertTrue(log.lines().noneMatch(l -> l.contains("server busy") && !l.contains(" to " + ROGUE + " ")),
                    "only the flooding device was ever told the box is busy:\n" + log);
            assertTrue(refused > 0 && refused < rogueRequests, rogueRequests + " requests, " + refused + " refused");
            System.out.printf("TftpFloodIT: the phone flashed in %d s while the flooding device sent %d RRQs (timeout=255),"
                    + " %d of them refused as busy%n", seconds, rogueRequests, refused);
        }
    }
}
