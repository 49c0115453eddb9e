package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A laptop on the link throws broken HTTP at both ports (malformed request lines, huge headers, bad framing, random
 * bytes, more slowloris connections than one address may hold); every case is answered with an error status or a closed connection, never a 500 or
 * silence, and afterwards a phone still flashes, fetches its files over HTTP, and the status API answers.
 */
class HttpFuzzIT {
    static final long SEED = 15;
    static final int RANDOM_CASES = 200;
    static final int SLOW_SECONDS = 15;
    static final String FILE = PhonesIT.TARGET_FILE;
    static final String PAGE = "http://" + BoxProcess.ADDRESS + ":" + BoxProcess.STATUS_PORT;

    @Test
    void brokenHttpOnBothPortsLeavesFilesAndTheStatusApiServing() throws Exception {
        try (Rig rig = new Rig()) {
            Path work = Rig.tempDir("httpfuzz");
            Path stick = Files.createDirectories(work.resolve("stick"));
            PhonesIT.writeTarget(stick);
            Rig.Switch sw = rig.newSwitch("link");
            Rig.Host boxHost = rig.join(sw, "box", BoxProcess.ADDRESS + "/24");
            Rig.Host phone = rig.join(sw, "phone", null);
            Rig.Host laptop = rig.join(sw, "laptop", "10.99.0.3/24");
            BoxProcess box = new BoxProcess(rig, boxHost, stick, work.resolve("data")).start();

            // The most connections one address may hold on each port, as the box sized them and said at start.
            Matcher sized = Pattern.compile("HTTP files \\d+ connections \\((\\d+) per address\\),"
                    + " status \\d+ \\((\\d+) per address\\)").matcher(box.log());
            assertTrue(sized.find(), "the box says how many connections one address may hold:\n" + box.log());
            Map<Integer, Integer> perAddress = Map.of(6970, Integer.parseInt(sized.group(1)),
                    BoxProcess.STATUS_PORT, Integer.parseInt(sized.group(2)));
            StringBuilder figures = new StringBuilder();
            for (int port : new int[] {6970, BoxProcess.STATUS_PORT}) {
                Exec.Result fuzz = rig.run(laptop, Duration.ofSeconds(240), "java", "-cp", System.getProperty("java.class.path"),
                        HttpFuzz.class.getName(), BoxProcess.ADDRESS, String.valueOf(port), String.valueOf(SEED),
                        String.valueOf(RANDOM_CASES), String.valueOf(SLOW_SECONDS));
                fuzz.ok();
                String out = fuzz.out();
                assertTrue(out.contains("fuzz done: "), out);
                assertFalse(out.contains("case "), "every case answered with an error status or closed, never a 500 or silence:\n" + out);
                assertTrue(out.lines().anyMatch(l -> l.matches("4\\d\\d: \\d+")), "Jetty answers the broken requests:\n" + out);
                // The slowloris connections beyond what one address may hold are closed; the rest drip on, bounded.
                int closed = Integer.parseInt(out.lines().filter(l -> l.startsWith("slowloris closed by the box: ")).findFirst()
                        .orElseThrow().substring("slowloris closed by the box: ".length()));
                assertTrue(closed >= HttpFuzz.SLOW - perAddress.get(port), port + ": " + closed + " of " + HttpFuzz.SLOW
                        + " slowloris connections closed, one address may hold " + perAddress.get(port));
                figures.append("\n  port ").append(port).append(": ").append(String.join(", ", out.strip().lines().toList()));
            }

            Exec.Result sim = rig.run(phone, PhonesIT.T, "java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                    "--interface", "vphone", "--mac", PhonesIT.MAC, "--model", "7965", "--linger", "1");
            sim.ok();
            assertTrue(sim.out().contains("running " + PhonesIT.TARGET), sim.out());
            Path got = work.resolve("http-" + FILE);
            rig.run(phone, Duration.ofSeconds(30), "curl", "-sS", "--fail", "--max-time", "20", "-o", got.toString(),
                    "http://" + BoxProcess.ADDRESS + ":6970/" + FILE).ok();
            assertArrayEquals(Files.readAllBytes(stick.resolve(FILE)), Files.readAllBytes(got), "the file over HTTP");
            for (Rig.Host host : List.of(laptop, phone)) {
                String status = rig.run(host, Duration.ofSeconds(30), "curl", "-sS", "--fail", "--max-time", "20",
                        PAGE + "/api/status").ok().out();
                assertTrue(status.contains("\"leases\""), status);
            }
            String log = box.log();
            assertFalse(log.contains(" ERROR "), "nothing went wrong inside the box:\n" + log);
            assertFalse(log.contains("OutOfMemoryError") || log.contains("StackOverflowError"), log);
            System.out.println("HttpFuzzIT: afterwards the phone flashed and fetched " + FILE + " over HTTP;" + figures);
        }
    }
}
