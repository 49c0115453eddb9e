package org.phoneflasher.firmware;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.sim.LookAlike;
import org.phoneflasher.sim.LookAlike.Component;

/** Targets chosen on the status page: only real, complete loads for the model; kept across a restart; undone by an empty load. */
class TargetChoicesTest {
    static final String NEW = "SIP45.9-4-2SR3-1S";
    static final String OLD = "SIP45.9-3-1SR4-1S";
    static final String BROKEN = "SIP45.9-2-1SR1-1S";

    @TempDir
    Path tmp;
    StickIndex index;
    Path file;

    @BeforeEach
    void stick() throws Exception {
        Path stick = Files.createDirectories(tmp.resolve("stick"));
        LookAlike firmware = new LookAlike(3);
        firmware.writeLoad(stick, NEW, "9-4-2SR3-1S", List.of(new Component("jar45sip.9-4-2ES26.sbn", 3000)), "\r\n");
        firmware.writeLoad(stick, OLD, "9-3-1SR4-1S", List.of(new Component("jar45sip.9-3-1ES27.sbn", 3000)), "\r\n");
        firmware.writeLoad(stick, BROKEN, "9-2-1SR1-1S", List.of(new Component("jar45sip.9-2-1TH1-13.sbn", 3000)), "\r\n");
        Files.delete(stick.resolve("jar45sip.9-2-1TH1-13.sbn"));
        firmware.writeLoad(stick, "P0S3-8-12-00", "8-12-00", List.of(new Component("P0S3-8-12-00.sb2", 2000)), "\n");
        index = new StickIndexer(new ArchiveUnpacker(tmp.resolve("cache"), ArchiveLimits.defaults())).index(stick);
        file = tmp.resolve("data/targets.properties");
    }

    @Test
    void aChosenLoadOverridesTheSticksChoiceAndOutlivesARestart() throws Exception {
        assertEquals(NEW, index.targets().get("7965").load());
        TargetChoices choices = new TargetChoices(file);
        assertSame(index, choices.apply(index), "nothing chosen: the stick's own index");
        assertEquals("target of the 7965 is " + OLD, choices.choose("7965", OLD.toLowerCase(), index));
        assertEquals(new Target("7965", OLD, true, TargetChoices.WHY), choices.apply(index).targets().get("7965"));
        assertEquals(NEW, choices.apply(index).targets().get("7945").load(), "other models keep the stick's choice");
        assertSame(choices.apply(index), choices.apply(index), "the tracker asks often: one copy per index");

        TargetChoices restarted = new TargetChoices(file);
        assertEquals(OLD, restarted.apply(index).targets().get("7965").load());
        restarted.choose("7965", "", index);
        assertEquals(NEW, restarted.apply(index).targets().get("7965").load());
        assertEquals(NEW, new TargetChoices(file).apply(index).targets().get("7965").load());
    }

    @Test
    void onlyACompleteLoadForThatModelCanBeChosen() throws Exception {
        TargetChoices choices = new TargetChoices(file);
        assertEquals("SIP45.9-9-9 is not on the stick",
                assertThrows(TargetChoices.Refused.class, () -> choices.choose("7965", "SIP45.9-9-9", index)).getMessage());
        assertTrue(assertThrows(TargetChoices.Refused.class, () -> choices.choose("7965", BROKEN, index)).getMessage()
                .startsWith(BROKEN + " is incomplete"));
        assertEquals("P0S3-8-12-00 is not a load for the 7965",
                assertThrows(TargetChoices.Refused.class, () -> choices.choose("7965", "P0S3-8-12-00", index)).getMessage());
        assertThrows(TargetChoices.Refused.class, () -> choices.choose("../x", NEW, index));
        assertTrue(choices.chosen().isEmpty());
        assertFalse(Files.exists(file));
    }

    @Test
    void aChosenLoadThatLeavesTheStickShowsAsNotReady() throws Exception {
        TargetChoices choices = new TargetChoices(file);
        choices.choose("7965", OLD, index);
        StickIndex without = new StickIndex(index.root(), true, index.bundles(),
                index.loads().stream().filter(l -> !l.name().equals(OLD)).toList(), index.files(), index.refused(),
                index.conflicts(), index.settings(), index.targets());
        Target target = choices.apply(without).targets().get("7965");
        assertFalse(target.complete());
        assertEquals(TargetChoices.WHY + ", but " + OLD + " is not on the stick", target.why());
    }

    @Test
    void flasherConfWithItsAdminPasswordIsNeverServed() throws Exception {
        Path stick = tmp.resolve("stick");
        Files.writeString(stick.resolve("FLASHER.CONF"), "admin.password = secret\n");
        StickIndex withConf = new StickIndexer(new ArchiveUnpacker(tmp.resolve("cache"), ArchiveLimits.defaults())).index(stick);
        assertTrue(withConf.file("flasher.conf").isEmpty());
        assertTrue(withConf.file("FLASHER.CONF").isEmpty());
        assertEquals(index.problems(), withConf.problems(), "the box's own file is no problem of the stick");
    }
}
