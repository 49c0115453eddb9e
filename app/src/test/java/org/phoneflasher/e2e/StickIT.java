package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.phoneflasher.firmware.StickIndexerTest;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

/**
 * The stick as a user handles it, while the box runs: inserted (a bind mount on the mount point, in the box's
 * mount namespace), pulled mid-transfer, another one inserted.
 */
class StickIT {
    static final Duration T = Duration.ofSeconds(60);

    static void waitFor(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(20), condition::getAsBoolean, () -> "not yet");
    }

    @Test
    void aStickInsertedPulledMidTransferAndSwappedIsFollowedLive() throws Exception {
        Path work = Rig.tempDir("stick");
        Path mount = Files.createDirectories(work.resolve("media/usb"));
        Path first = Files.createDirectories(work.resolve("first"));
        Path build = Files.createDirectories(work.resolve("build"));
        new LookAlike(5).writeLoad(build, "SIP75.9-4-2SR3-1S", "9-4-2SR3-1S",
                List.of(new Component("jar75sip.9-4-2ES26.sbn", 300_000), new Component("cvm75sip.9-4-2ES26.sbn", 200_000)), "\r\n");
        StickIndexerTest.zip(first.resolve("cmterm-7975-sip.9-4-2SR3-1.zip"), build);
        Rig.sparseFile(first.resolve("big.bin"), 64L * 1024 * 1024);
        Path second = Files.createDirectories(work.resolve("second"));
        Files.writeString(second.resolve("RINGLIST.DAT"), "ring list of the second stick");

        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host box = rig.boxOn(link);
            Rig.Host phone = rig.phoneOn(link, "10.99.0.2/24");
            BoxProcess server = new BoxProcess(rig, box, mount, work.resolve("data"), "--watch-ms", "200").start();
            assertTrue(server.api("/api/bundles").contains("\"present\":false"), "an empty mount point is no stick");

            // Inserted: a file inside a zip is served like a loose one.
            server.inMounts("mount", "--bind", first.toString(), mount.toString()).ok();
            waitFor("the zip indexed", () -> server.api("/api/bundles").contains("SIP75.9-4-2SR3-1S"));
            Path got = work.resolve("cvm.sbn");
            rig.run(phone, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "CVM75SIP.9-4-2ES26.SBN", got.toString()).ok();
            assertEquals(-1, Files.mismatch(got, build.resolve("cvm75sip.9-4-2ES26.sbn")));
            assertTrue(server.api("/api/bundles").contains("\"ok\":true"), server.api("/api/bundles"));

            // Pulled mid-transfer: the phone gets an error, not a hang and not a file from a stick that is gone.
            Path partial = work.resolve("partial.bin");
            Process download = rig.start(phone, work.resolve("tftp.log"), "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get",
                    "big.bin", partial.toString());
            waitFor("the download to start", () -> log(server).contains("request big.bin"));
            server.inMounts("umount", "-l", mount.toString()).ok();
            assertTrue(download.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the client was told, not left to time out");
            String told = Files.readString(work.resolve("tftp.log"));
            assertTrue(told.contains("Error code 0: read error on server (storage removed?)"), told);
            server.awaitLog("big.bin withdrawn: the stick was removed or changed");
            assertTrue(Files.size(partial) < 64L * 1024 * 1024);
            waitFor("the pulled stick noticed", () -> server.api("/api/bundles").contains("\"present\":false"));
            server.awaitLog("stick: none");

            // Another stick: indexed again, served at once.
            server.inMounts("mount", "--bind", second.toString(), mount.toString()).ok();
            waitFor("the second stick indexed", () -> {
                Path xml = work.resolve("xml-" + System.nanoTime());
                return rig.run(phone, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "RINGLIST.DAT",
                        xml.toString()).all().isEmpty() && read(xml).equals("ring list of the second stick");
            });
            server.awaitLog("TFTP sent RINGLIST.DAT");
            server.inMounts("umount", "-l", mount.toString());
        }
    }

    @Test
    void aFileWrittenOverMidTransferEndsItWithAnErrorAndIsLoggedAsFailed() throws Exception {
        Path work = Rig.tempDir("overwrite");
        Path stick = Files.createDirectories(work.resolve("stick"));
        Rig.sparseFile(stick.resolve("big.bin"), 64L * 1024 * 1024);
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host box = rig.boxOn(link);
            Rig.Host phone = rig.phoneOn(link, "10.99.0.2/24");
            BoxProcess server = new BoxProcess(rig, box, stick, work.resolve("data")).start();
            Path partial = work.resolve("partial.bin");
            Process download = rig.start(phone, work.resolve("tftp.log"), "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get",
                    "big.bin", partial.toString());
            waitFor("the download under way", () -> partial.toFile().length() > 0);
            // Someone copies a new version over it in place, as a file manager does on a mounted stick.
            Exec.run(T, List.of("dd", "if=/dev/urandom", "of=" + stick.resolve("big.bin"), "bs=64k", "count=4", "conv=notrunc",
                    "status=none")).ok();
            Files.setLastModifiedTime(stick.resolve("big.bin"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            assertTrue(download.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the client was told, not left to time out");
            String told = Files.readString(work.resolve("tftp.log"));
            assertTrue(told.contains("Error code"), "the client got a TFTP error: " + told);
            server.awaitLog("big.bin changed on the stick during the transfer");
            String events = server.api("/api/events");
            assertTrue(events.contains("\"file.failed\"") && !events.contains("\"file.sent\""), "logged as failed, not sent: " + events);
            assertTrue(Files.size(partial) < 64L * 1024 * 1024);
        }
    }

    private static String log(BoxProcess server) {
        try {
            return server.log();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
