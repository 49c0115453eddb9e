package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A box that loses power mid-flash comes back knowing every phone's address. */
class RestartIT {
    static final Duration T = Duration.ofSeconds(60);
    static final Pattern ACK = Pattern.compile("DHCP ACK (\\S+)");

    static String lease(Rig rig, Rig.Host phone, String mac) {
        Exec.Result r = rig.run(phone, T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim", "--interface",
                "vphone", "--mac", mac, "--dhcp-only").ok();
        Matcher m = ACK.matcher(r.out());
        assertTrue(m.find(), r.all());
        return m.group(1);
    }

    @Test
    void killedMidTransferAndRestartedTheBoxGivesEachMacItsAddressAgain() throws Exception {
        Path work = Rig.tempDir("restart");
        Path stick = Files.createDirectories(work.resolve("stick"));
        // 64 MB at 512-byte lockstep takes seconds, so the kill surely lands mid-transfer.
        Rig.sparseFile(stick.resolve("big.bin"), 64L * 1024 * 1024);
        Path data = work.resolve("data");
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host box = rig.boxOn(link);
            Rig.Host phone = rig.phoneOn(link, "10.99.0.2/24");
            BoxProcess server = new BoxProcess(rig, box, stick, data).start();

            String first = lease(rig, phone, "001E7A000001");
            String second = lease(rig, phone, "001E7A000002");
            assertNotEquals(first, second);

            Process download = rig.start(phone, work.resolve("atftp.log"), "atftp", "-g", "-r", "big.bin", "-l",
                    work.resolve("partial.bin").toString(), BoxProcess.ADDRESS, "69");
            Path partial = work.resolve("partial.bin");
            Await.until("the download under way", Duration.ofSeconds(20), () -> partial.toFile().length() > 0, server::logOrError);
            // The event list is written behind (batched, up to a second late), so a kill may take its last second: what
            // the restart must keep is what was committed before the kill, as another reader of the file sees it.
            Path db = data.resolve("phoneflasher.db");
            Await.until("the leases' events committed", Duration.ofSeconds(10),
                    () -> StorageIT.sql(db, "SELECT count(DISTINCT mac) FROM event WHERE mac IN ('001E7A000001', '001E7A000002')").equals("2"),
                    () -> StorageIT.sql(db, "SELECT kind, mac FROM event"));
            assertTrue(download.isAlive(), "the transfer was still running when the box died");
            server.kill();
            server.start();
            // The event list survives the restart: the leases from before it are still listed.
            Await.until("the events from before the restart", Duration.ofSeconds(10),
                    () -> server.api("/api/events").contains("\"mac\":\"001E7A000001\""), () -> server.api("/api/events"));

            // The second phone asks first: a box that forgot would hand it the first phone's address.
            assertEquals(second, lease(rig, phone, "001E7A000002"));
            assertEquals(first, lease(rig, phone, "001E7A000001"));
        }
    }
}
