package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

/** Phones flashed end to end, across reboots, by the real box and the simulated phone, as the tracker sees them. */
class PhonesIT {
    static final Duration T = Duration.ofSeconds(120);
    static final String MAC = "001E7A2B3C4D";
    static final String TARGET = "SIP45.9-4-2SR3-1S";
    /** The target's first component, a file the flood tests fetch and ask for. */
    static final String TARGET_FILE = "jar45sip.9-4-2SR3-1S.sbn";

    /** A small 7965 target on {@code stick}: two look-alike components, 210 KB in all. */
    static void writeTarget(Path stick) throws java.io.IOException {
        new LookAlike(11).writeLoad(stick, TARGET, "9-4-2SR3-1S", List.of(new Component(TARGET_FILE, 120_000),
                new Component("apps45.9-4-2SR3-1S.sbn", 90_000)), "\r\n");
    }
    /** The serial number the simulated 7965's page gives for {@link #MAC}: FCH and the MAC's last eight digits. */
    static final String SERIAL = "FCH7A2B3C4D";
    static final String STEP = "SIP45.8-5-2S";
    static final String OLDER = "SIP45.9-3-1SR4-1S";

    record Link(Rig rig, Rig.Host phone, BoxProcess box, Path work) {}

    static Link link(Rig rig, String name, String... loads) throws Exception {
        Path work = Rig.tempDir(name);
        Path stick = Files.createDirectories(work.resolve("stick"));
        LookAlike firmware = new LookAlike(11);
        for (String load : loads) {
            String tag = load.substring(load.indexOf('.') + 1);
            firmware.writeLoad(stick, load, tag, List.of(new Component("jar45sip." + tag + ".sbn", 120_000),
                    new Component("apps45." + tag + ".sbn", 90_000)), "\r\n");
        }
        Rig.Switch sw = rig.newSwitch("link");
        Rig.Host boxHost = rig.boxOn(sw);
        Rig.Host phone = rig.phoneOn(sw, null);
        BoxProcess box = new BoxProcess(rig, boxHost, stick, work.resolve("data")).start();
        return new Link(rig, phone, box, work);
    }

    static Exec.Result phone(Link link, String... extra) {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", System.getProperty("phoneflasher.jar"),
                "phone-sim", "--interface", "vphone", "--mac", MAC, "--model", "7965"));
        command.addAll(List.of(extra));
        return link.rig().run(link.phone(), T, command.toArray(String[]::new));
    }

    static String phoneJson(Link link) {
        return link.box().api("/api/phones/" + MAC);
    }

    /** The history row of {@link #MAC}'s flash, as history.csv has it (one row per flash; this test flashes once). */
    static String historyRow(Link link) {
        return link.box().api("/api/history.csv").lines().filter(l -> l.startsWith(MAC + ",")).findFirst().orElse("");
    }

    static void await(Link link, String what, String json) {
        Await.until(what + " (" + json + ")", Duration.ofSeconds(30), () -> phoneJson(link).contains(json), () -> phoneJson(link));
    }

    @Test
    void aPhoneOnAnOldLoadTakesTheIntermediateStepThenTheTarget() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "step", TARGET, STEP);
            Exec.Result sim = phone(link, "--current-load", "SCCP45.8-3-2S", "--linger", "12");
            sim.ok();
            String out = sim.out();
            int step = out.indexOf("flashed " + STEP);
            int target = out.indexOf("flashed " + TARGET);
            assertTrue(step > 0 && target > step, "the step first, then the target:\n" + out);
            assertTrue(out.contains("running " + TARGET), out);
            await(link, "done: on target as the phone itself reports, registered on the bench, home config taken", "\"state\":\"DONE\"");
            String json = phoneJson(link);
            assertTrue(json.contains("\"verified\":true") && json.contains("\"currentLoad\":\"" + TARGET + "\""), json);
            assertTrue(json.contains("\"steps\":[\"flashed " + STEP + "\",\"flashed " + TARGET + "\"]"), json);
            String log = link.box().log();
            List<String> states = List.of("new phone", "got an address", "fetched its config", "downloading " + STEP,
                    "rebooting into the new load", "downloading " + TARGET, "on target " + TARGET, "registered with the box on " + TARGET,
                    "done: working on " + TARGET);
            int at = 0;
            for (String state : states) {
                int next = log.indexOf(state, at);
                assertTrue(next >= 0, "state \"" + state + "\" in order in:\n" + log);
                at = next;
            }
            String csv = link.box().api("/api/history.csv");
            assertTrue(csv.contains(MAC + ",7965,SCCP45.8-3-2S," + TARGET + ","), csv);

            // What the phone is, from its own page: on the phone and on its history row (the inventory).
            assertTrue(json.contains("\"serialNumber\":\"" + SERIAL + "\"") && json.contains("\"hardwareRevision\":\"2\""), json);
            Await.until("the history row carries the serial number", Duration.ofSeconds(10),
                    () -> historyRow(link).contains(",done,") && historyRow(link).endsWith("," + SERIAL + ",2"),
                    () -> link.box().api("/api/history.csv"));
            String status = link.box().api("/api/status");
            assertTrue(status.contains("\"done\":1,\"working\":0,\"failed\":0"), "today's summary: " + status);
        }
    }

    @Test
    void aMissingIntermediateLoadIsNamedAndTheTargetWithheld() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "missing", TARGET);
            Exec.Result sim = phone(link, "--current-load", "SCCP45.8-3-2S", "--max-boots", "1");
            assertFalse(sim.out().contains("flashed"), "no flash that would loop:\n" + sim.out());
            String json = phoneJson(link);
            assertTrue(json.contains("\"missing\":\"add a load from 8.4(0)"), json);
        }
    }

    @Test
    void aPhoneRejectingItsLoadInALoopIsFailedWithTheCauseAndAnOlderLoadToTry() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "loop", TARGET, OLDER);
            Exec.Result sim = phone(link, "--rejects", TARGET, "--max-boots", "4", "--boot-delay-ms", "200");
            assertNotEquals(0, sim.exit(), sim.all());
            await(link, "failed", "\"state\":\"FAILED\"");
            String json = phoneJson(link);
            assertTrue(json.contains("term65.default.loads"), json);
            assertTrue(json.contains("try " + OLDER), json);
        }
    }

    @Test
    void aBoxKilledMidFlashComesBackAndThePhoneFinishes() throws Exception {
        try (Rig rig = new Rig()) {
            Link link = link(rig, "killed", TARGET);
            // A first phone flashed before the crash: its finished record must survive it.
            Exec.Result first = link.rig().run(link.phone(), T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", "001E7A000001", "--model", "7965", "--linger", "1");
            first.ok();
            Await.until("the first phone's history row", Duration.ofSeconds(20),
                    () -> link.box().api("/api/history.csv").contains("001E7A000001"), () -> link.box().api("/api/history.csv"));
            String before = link.box().api("/api/history.csv");
            assertTrue(before.contains("001E7A000001"), before);

            Process sim = link.rig().start(link.phone(), link.work().resolve("sim.log"), "java", "-jar",
                    System.getProperty("phoneflasher.jar"), "phone-sim", "--interface", "vphone", "--mac", MAC, "--model", "7965",
                    "--max-boots", "8", "--linger", "1");
            link.box().awaitLog("request jar45sip");
            link.box().kill();
            link.box().start();
            assertTrue(sim.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the phone finished");
            String simLog = Files.readString(link.work().resolve("sim.log"));
            assertEquals(0, sim.exitValue(), simLog);
            assertTrue(simLog.contains("flashed " + TARGET), simLog);
            await(link, "done after the restart", "\"state\":\"DONE\"");
            Await.until("the phone's history row", Duration.ofSeconds(10), () -> link.box().api("/api/history.csv").contains(MAC),
                    () -> link.box().api("/api/history.csv"));
            String after = link.box().api("/api/history.csv");
            assertTrue(after.startsWith(before.strip()), "no finished record lost:\n" + before + "\n---\n" + after);
            assertTrue(after.contains(MAC + ",7965,,"), "the interrupted flash has its own row once done:\n" + after);
            Exec.Result check = Exec.run(Duration.ofSeconds(20), List.of("sqlite3",
                    link.work().resolve("data/phoneflasher.db").toString(), "PRAGMA integrity_check;"));
            assertEquals("ok", check.ok().out().strip());
        }
    }
}
