package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Phones stuck where the box sees them only by what they do not do, told apart by the real box and the simulated
 * phone: one that takes its lease and asks for nothing (Alternate TFTP set on it), one that fetches its config at every
 * boot and nothing after it. The box runs with {@code --no-files-after 3} (60 s by default) to keep the test short.
 */
class StuckPhonesIT {
    static final Duration T = Duration.ofSeconds(60);
    static final String SILENT = "001E7A00C0C1";
    static final String IGNORING = "001E7A00C0C2";

    @Test
    void aPhoneAskingForNothingAndOneIgnoringItsConfigGetTheirStatesAndAdvice() throws Exception {
        Path work = Rig.tempDir("stuck");
        Path stick = Files.createDirectories(work.resolve("stick"));
        PhonesIT.writeTarget(stick);
        try (Rig rig = new Rig()) {
            Rig.Switch sw = rig.newSwitch("link");
            Rig.Host boxHost = rig.boxOn(sw);
            Rig.Host phone = rig.phoneOn(sw, null);
            BoxProcess box = new BoxProcess(rig, boxHost, stick, work.resolve("data"), "--no-files-after", "3").start();

            // Leased, then nothing: the sim exits once it has its address, the box's clock runs on.
            sim(rig, phone, SILENT, "--no-files").ok();
            await(box, SILENT, "\"state\":\"NO_FILES\"");
            String silent = box.api("/api/phones/" + SILENT);
            assertTrue(silent.contains("IPv4 Configuration") && silent.contains("Alternate TFTP: No"), silent);

            // Config, nothing, reboot: the fourth boot follows three that fetched only the config.
            Exec.Result ignoring = sim(rig, phone, IGNORING, "--ignore-config", "--current-load", "SCCP45.9-2-1S",
                    "--max-boots", "4", "--boot-delay-ms", "200");
            assertEquals(1, ignoring.exit(), "the sim gives up after its boots:\n" + ignoring.out());
            assertEquals(4, ignoring.out().split("RRQ SEP" + IGNORING + ".cnf.xml", -1).length - 1, ignoring.out());
            await(box, IGNORING, "\"state\":\"CONFIG_IGNORED\"");
            String json = box.api("/api/phones/" + IGNORING);
            assertTrue(json.contains("Security Configuration") && json.contains("Trust List"), json);
            assertTrue(json.contains(PhonesIT.TARGET), "the failure names the load the config named: " + json);
            assertFalse(List.of(box.log().split("\n")).stream().anyMatch(l -> l.contains("ERROR")), box.log());
        }
    }

    static Exec.Result sim(Rig rig, Rig.Host phone, String mac, String... extra) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("phoneflasher.jar"), "phone-sim",
                "--interface", "vphone", "--mac", mac, "--model", "7965"));
        command.addAll(List.of(extra));
        return rig.run(phone, T, command.toArray(String[]::new));
    }

    static void await(BoxProcess box, String mac, String json) {
        Await.until(mac + " " + json, Duration.ofSeconds(30), () -> box.api("/api/phones/" + mac).contains(json),
                () -> box.api("/api/phones/" + mac));
    }
}
