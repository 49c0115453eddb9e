package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;
import org.phoneflasher.store.CorruptFiles;

/**
 * The box's data folder on a bad day: full, holding a file SQLite cannot use, or the box killed the moment a flash
 * ends. Each time a phone still flashes, and what can be kept is kept.
 */
class StorageIT {
    static final Duration T = Duration.ofSeconds(120);
    static final String MAC = "001E7A2B3C4D";
    static final String TARGET = "SIP45.9-4-2SR3-1S";

    record Link(Rig rig, Rig.Host phone, Rig.Host boxHost, Path work, Path stick) {
        BoxProcess box(Path data) throws Exception {
            return new BoxProcess(rig, boxHost, stick, data).start();
        }

        Exec.Result phone(String mac) {
            return rig.run(phone, T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim", "--interface", "vphone",
                    "--mac", mac, "--model", "7965");
        }
    }

    static Link link(Rig rig, String name) throws Exception {
        Path work = Rig.tempDir(name);
        Path stick = Files.createDirectories(work.resolve("stick"));
        String tag = TARGET.substring(TARGET.indexOf('.') + 1);
        new LookAlike(11).writeLoad(stick, TARGET, tag, List.of(new Component("jar45sip." + tag + ".sbn", 120_000),
                new Component("apps45." + tag + ".sbn", 90_000)), "\r\n");
        Rig.Switch sw = rig.newSwitch("link");
        Rig.Host boxHost = rig.boxOn(sw);
        Rig.Host phone = rig.phoneOn(sw, null);
        return new Link(rig, phone, boxHost, work, stick);
    }

    static String sql(Path db, String query) {
        return Exec.run(Duration.ofSeconds(20), List.of("sqlite3", db.toString(), query)).ok().out().strip();
    }

    static void await(String what, BoxProcess box, String path, String text) {
        Await.until(what + " (" + text + " in " + path + ")", Duration.ofSeconds(30), () -> box.api(path).contains(text),
                () -> box.api(path));
    }

    @Test
    void aFullDataPartitionStopsNoPhoneTheStatusSaysSoAndWritingResumesOnceThereIsRoom() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "full");
            Path data = Files.createDirectories(link.work().resolve("data"));
            Exec.run(Duration.ofSeconds(10), List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", data.toString())).ok();
            try {
                BoxProcess box = link.box(data);
                Path filler = data.resolve("filler");
                // dd ends with "No space left on device": the partition is full to the last block.
                Exec.Result dd = Exec.run(Duration.ofSeconds(20), List.of("dd", "if=/dev/zero", "of=" + filler, "bs=4096"));
                assertTrue(dd.err().contains("No space left"), dd.all());

                long simStart = System.nanoTime();
                Exec.Result sim = link.phone(MAC);
                sim.ok();
                long simMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - simStart);
                assertTrue(sim.out().contains("flashed " + TARGET), "leased and flashed with the disk full:\n" + sim.all());
                String status = box.api("/api/status");
                assertTrue(status.contains("\"storage\":{\"writable\":false,\"reason\":\"database: [SQLITE_FULL]"), status);
                assertTrue(box.log().contains("the database cannot be written"), box.log());
                Path db = data.resolve("phoneflasher.db");
                assertEquals("0", sql(db, "SELECT count(*) FROM flash"), "nothing written while full");
                assertEquals("0", sql(db, "SELECT count(*) FROM lease"));

                String waiting = status.replaceAll("(?s).*\"waiting\":(\\d+).*", "$1");
                Files.delete(filler);
                long freed = System.nanoTime();
                await("writing resumes", box, "/api/status", "\"storage\":{\"writable\":true");
                long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freed);
                assertEquals("1", sql(db, "SELECT count(*) FROM lease WHERE mac = '" + MAC + "'"), "the lease row appears");
                assertEquals("1", sql(db, "SELECT count(*) FROM flash WHERE mac = '" + MAC + "' AND result = 'done'"),
                        "the flash row appears");
                assertTrue(box.api("/api/history.csv").contains(MAC + ",7965,"));
                assertTrue(box.log().contains("the database is written again"), box.log());
                System.out.println("full disk: phone leased and flashed in " + simMillis + " ms, " + waiting
                        + " change(s) waiting; written " + resumedMillis + " ms after the filler was removed");
                box.kill();
            } finally {
                Exec.run(Duration.ofSeconds(10), List.of("umount", "-l", data.toString()));
            }
        }
    }

    @Test
    void garbageInPlaceOfTheDatabaseIsSetAsideAndTheBoxServes() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "garbage");
            Path data = Files.createDirectories(link.work().resolve("data"));
            byte[] garbage = new byte[65536];
            new Random(15).nextBytes(garbage);
            Files.write(data.resolve("phoneflasher.db"), garbage);
            setAsideAndServe(link, data, garbage, "SQLITE_NOTADB");
        }
    }

    @Test
    void aDatabaseFailingItsIntegrityCheckIsSetAsideAndTheBoxServes() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "corrupt");
            Path data = Files.createDirectories(link.work().resolve("data"));
            Path file = data.resolve("phoneflasher.db");
            CorruptFiles.failingItsCheck(file);
            assertNotEquals("ok", sql(file, "PRAGMA integrity_check;"), "a valid SQLite file that fails its check");
            setAsideAndServe(link, data, Files.readAllBytes(file), "quick_check");
        }
    }

    @Test
    void aReadOnlyDataFolderLeavesTheBoxServingFromMemoryAndSayingSo() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "readonly");
            Path data = Files.createDirectories(link.work().resolve("data"));
            BoxProcess first = link.box(data);
            link.phone("001E7A000001").ok();
            first.kill();
            Path file = data.resolve("phoneflasher.db");
            byte[] before = Files.readAllBytes(file);
            Exec.run(Duration.ofSeconds(10), List.of("mount", "--bind", data.toString(), data.toString())).ok();
            try {
                Exec.run(Duration.ofSeconds(10), List.of("mount", "-o", "remount,bind,ro", data.toString())).ok();
                BoxProcess box = link.box(data);
                Exec.Result sim = link.phone(MAC);
                sim.ok();
                assertTrue(sim.out().contains("flashed " + TARGET), sim.all());
                String status = box.api("/api/status");
                assertTrue(status.contains("\"storage\":{\"writable\":false") && status.contains("nothing is kept across a restart"),
                        status);
                assertTrue(box.log().contains("the box serves from memory"), box.log());
                await("the flash's row, in memory", box, "/api/history.csv", MAC + ",7965,");
                assertTrue(box.api("/api/history.csv").contains("001E7A000001,7965,"), "it started from the file's rows: "
                        + box.api("/api/history.csv"));
                box.kill();
            } finally {
                Exec.run(Duration.ofSeconds(10), List.of("umount", "-l", data.toString()));
            }
            assertArrayEquals(before, Files.readAllBytes(file), "the file is left as it was");
        }
    }

    private static void setAsideAndServe(Link link, Path data, byte[] old, String why) throws Exception {
        BoxProcess box = link.box(data);
        Exec.Result sim = link.phone(MAC);
        sim.ok();
        assertTrue(sim.out().contains("flashed " + TARGET), sim.all());
        Path aside;
        try (Stream<Path> files = Files.list(data)) {
            aside = files.filter(f -> f.getFileName().toString().matches("phoneflasher\\.db\\.unusable-\\d{8}T\\d{6}Z"))
                    .findFirst().orElseThrow(() -> new AssertionError("no file set aside in " + data));
        }
        assertArrayEquals(old, Files.readAllBytes(aside), "the old file is kept as it was");
        assertTrue(box.log().contains(why) && box.log().contains("database set aside as " + aside), box.log());
        String status = box.api("/api/status");
        assertTrue(status.contains("\"writable\":true") && status.contains("\"setAside\":\"" + aside + "\""), status);
        await("the flash's row", box, "/api/history.csv", MAC + ",7965,");
        box.kill();
        assertEquals("ok", sql(data.resolve("phoneflasher.db"), "PRAGMA integrity_check;"));
    }

    @Test
    void aBoxKilledTheMomentAPhoneIsDoneKeepsTheFlashsRow() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "killdone");
            Path data = link.work().resolve("data");
            BoxProcess box = link.box(data);
            Process sim = rig.start(link.phone(), link.work().resolve("sim.log"), "java", "-jar",
                    System.getProperty("phoneflasher.jar"), "phone-sim", "--interface", "vphone", "--mac", MAC, "--model", "7965",
                    "--linger", "30");
            long deadline = System.nanoTime() + T.toNanos();
            // DONE: on its target, registered on the bench and its home config taken; that is when the flash's row is written.
            while (!box.api("/api/phones/" + MAC).contains("\"state\":\"DONE\"")) {
                assertTrue(System.nanoTime() < deadline, "the phone is done: " + box.api("/api/phones/" + MAC));
                assertTrue(sim.isAlive(), Files.readString(link.work().resolve("sim.log")));
                Thread.sleep(20);
            }
            long atTarget = System.nanoTime();
            box.kill();
            long killedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - atTarget);
            Path db = data.resolve("phoneflasher.db");
            assertEquals("1", sql(db, "SELECT count(*) FROM flash WHERE mac = '" + MAC + "' AND result = 'done';"),
                    "the row is in the file, killed " + killedAfterMillis + " ms after DONE was seen");
            box.start();
            assertTrue(box.api("/api/history.csv").contains(MAC + ",7965,"), box.api("/api/history.csv"));
            System.out.println("killed " + killedAfterMillis + " ms after DONE was seen; the row was kept");
        }
    }
}
