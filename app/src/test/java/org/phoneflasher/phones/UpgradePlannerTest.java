package org.phoneflasher.phones;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.phoneflasher.firmware.ArchiveLimits;
import org.phoneflasher.firmware.ArchiveUnpacker;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.StickIndexer;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

/** (model, current load, loads on the stick) → the next load, or the exact load to add. */
class UpgradePlannerTest {
    @TempDir
    Path tmp;

    StickIndex stickWith(String... loads) throws IOException {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        LookAlike firmware = new LookAlike(6);
        for (String load : loads) {
            firmware.writeLoad(stick, load, load.substring(load.indexOf('.') + 1),
                    List.of(new Component("app-" + load + ".sbn", 500)), "\r\n");
        }
        return new StickIndexer(new ArchiveUnpacker(tmp.resolve("cache"), ArchiveLimits.defaults())).index(stick);
    }

    @ParameterizedTest(name = "{0} on {1}, stick {2} → next {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // an 8.5(2) phone goes straight to 9.4(2)SR3
            "7965 | SIP45.8-5-2S        | SIP45.9-4-2SR3-1S                                  | SIP45.9-4-2SR3-1S | -",
            // older than 8.3(3): through 8.3(3)–8.5(2) first, the newest such load on the stick
            "7941 | SCCP41.8-2-2SR2S    | SIP41.9-4-2SR3-1S SIP41.8-5-2S SIP41.8-3-3S        | SIP41.8-5-2S      | -",
            // …and when the stick has none, the status names what to add
            "7941 | SCCP41.8-2-2SR2S    | SIP41.9-4-2SR3-1S                                  | -                 | 8.3(3)",
            // a 7965 below 8.4 going to 9.x needs 8.4–8.5(2): 8.3(4) does not do
            "7965 | SCCP45.8-3-2S       | SIP45.9-4-2SR3-1S SIP45.8-3-4S                     | -                 | 8.4(0)",
            "7965 | SCCP45.8-3-2S       | SIP45.9-4-2SR3-1S SIP45.8-3-4S SIP45.8-5-2S        | SIP45.8-5-2S      | -",
            // below 8.3(3), any target later than 8.5(2) loops (Wazo's limitations note), 9.0(3) too
            "7941 | SCCP41.8-2-2SR2S    | SIP41.9-0-3S SIP41.8-5-2S                          | SIP41.8-5-2S      | -",
            // 8.4 before 9.0 (Cisco's CME guide): the 7962 as well, and the hint names a load inside the range
            "7962 | SIP42.8-3-5S        | SIP42.9-4-2SR3-1S SIP42.8-5-2S                     | SIP42.8-5-2S      | -",
            "7965 | SIP45.8-3-5S        | SIP45.9-4-2SR3-1S                                  | -                 | e.g. SIP45.8-5-2S.loads",
            // the SIP step is preferred over an SCCP one of the same range
            "7965 | SCCP45.8-2-1S       | SIP45.9-4-2SR3-1S SCCP45.8-5-2S SIP45.8-4-1S       | SIP45.8-4-1S      | -",
            // unknown current load: the target, loop detection catches a rejection
            "7965 | -                   | SIP45.9-4-2SR3-1S SIP45.8-5-2S                     | SIP45.9-4-2SR3-1S | -",
            // on target: the target stays named so the phone does not flash again
            "7965 | SIP45.9-4-2SR3-1S   | SIP45.9-4-2SR3-1S                                  | SIP45.9-4-2SR3-1S | -",
            // 7960 on old SCCP: the universal application loader first
            "7960 | P00303020214        | P0S3-8-12-00 P00308000900                          | P00308000900      | -",
            "7960 | P00308000900        | P0S3-8-12-00 P00308000900                          | P0S3-8-12-00      | -",
            "7960 | P00303020214        | P0S3-8-12-00                                       | -                 | P00308000900",
            // no SIP load for the model at all
            "7975 | -                   | SIP45.9-4-2SR3-1S                                  | -                 | 7975"})
    void nextStep(String model, String current, String stick, String next, String missingMentions) throws IOException {
        Plan plan = UpgradePlanner.plan(model, Optional.ofNullable(current), stickWith(stick.trim().split("\\s+")));
        assertEquals(next, plan.next(), plan.toString());
        if (missingMentions == null) {
            assertNull(plan.missing(), plan.toString());
        } else {
            assertNotNull(plan.missing(), plan.toString());
            assertTrue(plan.missing().contains(missingMentions), plan.missing());
        }
    }

    @org.junit.jupiter.api.Test
    void unknownModelPlansNothing() throws IOException {
        Plan plan = UpgradePlanner.plan(null, Optional.empty(), stickWith("SIP45.9-4-2SR3-1S"));
        assertNull(plan.next());
        assertEquals("model not known yet", plan.why());
    }
}
