package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A device on the phone link opens hundreds of idle TCP connections to both HTTP ports (more than the box has file
 * descriptors: it runs with 256, as a tight appliance limit would) and opens again each one the box closes. Meanwhile
 * a phone gets its address, flashes over TFTP, fetches its files over HTTP, the DHCP guard keeps probing the link,
 * and a laptop's status page answers.
 */
class HttpFloodIT {
    static final int FD_LIMIT = 256;
    static final int FLOOD_SECONDS = 40;
    static final int GUARD_EVERY = 5;
    static final String FILE = PhonesIT.TARGET_FILE;
    static final String LAPTOP = "10.99.0.3";
    static final String PAGE = "http://" + BoxProcess.ADDRESS + ":" + BoxProcess.STATUS_PORT;

    @Test
    void aPhoneFlashesWhileOneAddressHoldsHundredsOfIdleConnections() throws Exception {
        flood("one", 1, 300);
    }

    @Test
    void aPhoneFlashesWhileEightAddressesHoldHundredsOfIdleConnections() throws Exception {
        flood("eight", 8, 40);
    }

    private void flood(String name, int addresses, int each) throws Exception {
        try (Rig rig = new Rig()) {
            Path work = Rig.tempDir("httpflood-" + name);
            Path stick = Files.createDirectories(work.resolve("stick"));
            PhonesIT.writeTarget(stick);
            Rig.Switch sw = rig.newSwitch("link");
            Rig.Host boxHost = rig.join(sw, "box", BoxProcess.ADDRESS + "/24");
            Rig.Host phone = rig.join(sw, "phone", null);
            Rig.Host laptop = rig.join(sw, "laptop", LAPTOP + "/24");
            List<String> sources = new ArrayList<>();
            for (int i = 0; i < addresses; i++) {
                sources.add("10.99.0." + (50 + i));
            }
            Rig.Host rogue = rig.join(sw, "rogue", sources.get(0) + "/24");
            for (String source : sources.subList(1, sources.size())) {
                rig.run(rogue, Duration.ofSeconds(10), "ip", "addr", "add", source + "/24", "dev", "vrogue").ok();
            }
            // The DHCP guard probes the link every 5 s: each probe opens a socket, during the flood as well.
            BoxProcess box = new BoxProcess(rig, boxHost, stick, work.resolve("data"), "--guard-every", String.valueOf(GUARD_EVERY))
                    .fdLimit(FD_LIMIT).start();

            String classpath = System.getProperty("java.class.path");
            List<Path> reports = new ArrayList<>();
            for (int port : new int[] {6970, BoxProcess.STATUS_PORT}) {
                List<String> command = new ArrayList<>(List.of("java", "-cp", classpath, ConnectionFlood.class.getName(),
                        BoxProcess.ADDRESS, String.valueOf(port), String.valueOf(each), String.valueOf(FLOOD_SECONDS)));
                command.addAll(sources);
                Path report = work.resolve("flood-" + port + ".txt");
                reports.add(report);
                rig.start(rogue, report, command.toArray(String[]::new));
            }
            // From one address: that address at its limit on both ports; from eight: both ports full.
            String full = addresses == 1 ? ": " + sources.get(0) + " holds " : " full: ";
            // (A box without limits takes every connection instead, until its descriptors run out.)
            Await.until("the box to turn the flood away on both ports", Duration.ofSeconds(20),
                    () -> read(box).contains("HTTP files" + full) && read(box).contains("HTTP status" + full)
                            || openFiles(box) >= FD_LIMIT - 2, () -> tail(box));
            AtomicInteger most = new AtomicInteger(box.openFiles());

            long started = System.nanoTime();
            Exec.Result sim = rig.run(phone, PhonesIT.T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", PhonesIT.MAC, "--model", "7965", "--linger", "1");
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            most.accumulateAndGet(box.openFiles(), Math::max);
            sim.ok();
            assertTrue(sim.out().contains("flashed " + PhonesIT.TARGET), sim.out());
            assertTrue(sim.out().contains("running " + PhonesIT.TARGET), sim.out());

            // The same phone, at the address it leased, over HTTP on 6970: byte for byte the stick's file.
            Path got = work.resolve("http-" + FILE);
            Exec.Result http = rig.run(phone, Duration.ofSeconds(30), "curl", "-sS", "--fail", "--max-time", "20", "--retry", "3",
                    "-w", "%{time_total}", "-o", got.toString(), "http://" + BoxProcess.ADDRESS + ":6970/" + FILE);
            http.ok();
            assertArrayEquals(Files.readAllBytes(stick.resolve(FILE)), Files.readAllBytes(got), "the file over HTTP");
            most.accumulateAndGet(box.openFiles(), Math::max);

            // The laptop's status page and API answer. From one flooding address at once; from many, the status port can
            // be full and the page waits its turn in the kernel's queue (README: what a device cannot do, and can), so it
            // is given until the flood has run its course.
            Duration turn = addresses == 1 ? Duration.ofSeconds(30) : Duration.ofSeconds(90);
            Exec.Result[] page = new Exec.Result[1];
            Await.until("the laptop's status page", turn, () -> (page[0] = rig.run(laptop, Duration.ofSeconds(30), "curl", "-sS",
                    "--fail", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", PAGE + "/")).exit() == 0,
                    () -> String.valueOf(page[0]));
            Exec.Result[] statusCall = new Exec.Result[1];
            Await.until("the laptop's /api/status", turn, () -> (statusCall[0] = rig.run(laptop, Duration.ofSeconds(30), "curl",
                    "-sS", "--fail", "--max-time", "20", PAGE + "/api/status")).exit() == 0, () -> String.valueOf(statusCall[0]));
            Exec.Result status = statusCall[0];
            assertTrue(status.out().contains("\"leases\"") && status.out().contains("\"serving\":true"), status.out());
            String csv = rig.run(laptop, Duration.ofSeconds(30), "curl", "-sS", "--max-time", "20", PAGE + "/api/history.csv").out();
            Await.until("the phone's history row", Duration.ofSeconds(10),
                    () -> rig.run(laptop, Duration.ofSeconds(30), "curl", "-sS", "--max-time", "20", PAGE + "/api/history.csv").out()
                            .contains(PhonesIT.MAC + ",7965,"), () -> csv);
            most.accumulateAndGet(box.openFiles(), Math::max);

            String log = box.log();
            assertTrue(log.contains("file descriptors: limit " + FD_LIMIT), "the box says how it sized its limits:\n" + tail(box));
            assertFalse(log.contains("could not probe"), "the DHCP guard always got its probe socket:\n" + tail(box));
            assertFalse(log.contains("Too many open files"), "the box never ran out of descriptors:\n" + tail(box));
            assertTrue(most.get() < FD_LIMIT, "descriptors held: " + most.get());
            Await.until("the flood to end and report", Duration.ofSeconds(FLOOD_SECONDS + 20),
                    () -> reports.stream().allMatch(r -> read(r).contains(" not accepted")), () -> reports.toString());
            System.out.printf("HttpFloodIT (%s): the phone flashed in %d s and fetched %s over HTTP in %s s while the box held at"
                    + " most %d of %d descriptors; page %s s; %s%s%n", name, seconds, FILE, http.out().strip(), most.get(), FD_LIMIT, page[0].out(),
                    read(reports.get(0)).strip(), "; " + read(reports.get(1)).strip());
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static int openFiles(BoxProcess box) {
        try {
            return box.openFiles();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static String read(BoxProcess box) {
        try {
            return box.log();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String tail(BoxProcess box) {
        try {
            String log = box.log();
            return log.substring(Math.max(0, log.length() - 4000));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
