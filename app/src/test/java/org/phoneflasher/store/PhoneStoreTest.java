package org.phoneflasher.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.phoneflasher.net.Mac;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.junit.jupiter.api.io.TempDir;

class PhoneStoreTest {
    @TempDir
    Path tmp;

    @Test
    void clearingTheHistoryAlsoClearsFlashesStillQueuedBeforeIt() throws Exception {
        try (Database db = Database.open(tmp); WriteBehind writes = new WriteBehind(db, 50)) {
            PhoneStore store = new PhoneStore(db, writes);
            Instant t = Instant.parse("2026-11-24T08:00:00Z");
            store.flash(new Mac("001E7A2B3C4D"), "7965", null, null, "SCCP45.9-2-1S", "SIP45.9-4-2SR3-1S", t, t.plusSeconds(300), "done", null);
            store.flash(new Mac("001E7A2B3C4E"), "7965", null, null, null, "SIP45.9-4-2SR3-1S", t, t.plusSeconds(400), "failed", "trust list");
            assertEquals(2, store.clearFlashes().get(5, TimeUnit.SECONDS));
            assertTrue(store.flashes().isEmpty());
            store.flash(new Mac("001E7A2B3C4F"), "7965", null, null, null, "SIP45.9-4-2SR3-1S", t, t.plusSeconds(200), "done", null);
            assertEquals(1, store.clearFlashes().get(5, TimeUnit.SECONDS), "a flash after a clear counts again");
        }
    }

    @Test
    void theEventListSurvivesARestartAndStaysBounded() throws Exception {
        Instant t = Instant.parse("2026-11-24T08:00:00Z");
        int written = PhoneStore.EVENTS_KEPT + 1200;
        try (Database db = Database.open(tmp); WriteBehind writes = new WriteBehind(db, 50)) {
            PhoneStore store = new PhoneStore(db, writes);
            for (int i = 0; i < written; i++) {
                store.event(new org.phoneflasher.events.Event.AdminAction(t.plusMillis(i), "rescan", "number " + i));
            }
        }
        try (Database db = Database.open(tmp); WriteBehind writes = new WriteBehind(db, 50)) {
            PhoneStore store = new PhoneStore(db, writes);
            java.util.List<org.phoneflasher.events.Event> back = store.recentEvents(3);
            assertEquals(3, back.size());
            assertTrue(back.get(2).describe().endsWith("number " + (written - 1)), back.toString());
            assertTrue(back.get(0).describe().endsWith("number " + (written - 3)), "oldest first: " + back);
            assertEquals("admin", back.get(2).kind());
            int kept = db.with(c -> {
                try (var st = c.prepareStatement("SELECT COUNT(*) FROM event"); var rs = st.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            });
            assertTrue(kept <= PhoneStore.EVENTS_KEPT + 500 && kept >= PhoneStore.EVENTS_KEPT, "pruned to the newest: " + kept);
            for (int i = 0; i < PhoneStore.TRANSFERS_KEPT + 600; i++) {
                store.transfer(new Mac("001E7A2B3C4D"), Ipv4.parse("10.99.0.100"), "ringlist.xml", 100, 1, "sent");
            }
            writes.close();
            int transfers = db.with(c -> {
                try (var st = c.prepareStatement("SELECT COUNT(*) FROM transfer"); var rs = st.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            });
            assertTrue(transfers <= PhoneStore.TRANSFERS_KEPT + 500 && transfers >= PhoneStore.TRANSFERS_KEPT,
                    "a device fetching a file again and again grows the transfer log no further: " + transfers);
            org.phoneflasher.events.EventBus bus = new org.phoneflasher.events.EventBus(2);
            bus.restore(store.recentEvents(10));
            assertEquals(2, bus.recent().size(), "the page's list keeps its own bound");
        }
    }

    @Test
    void whatThePagesSayGoesToThePhoneAndToTheRowsWrittenBeforeItAnswered() throws Exception {
        Instant t = Instant.parse("2026-11-24T08:00:00Z");
        Mac mac = new Mac("0003E369A125");
        try (Database db = Database.open(tmp); WriteBehind writes = new WriteBehind(db, 50)) {
            PhoneStore store = new PhoneStore(db, writes);
            store.flash(mac, "7960", null, null, "P00308010200", "P0S3-8-12-00", t, t.plusSeconds(600), "done", null);
            store.flash(new Mac("0003E369A126"), "7960", null, null, null, "P0S3-8-12-00", t, t.plusSeconds(500), "done", null);
            store.flash(mac, "7940", "INM0000OLD1", "1.0", null, "P0S3-8-12-00", t, t.plusSeconds(700), "done", null);
            store.identified(mac, "7940", "INM0726B7PM", "1.0");
            store.save(new org.phoneflasher.phones.Phone(mac, "7940", "INM0726B7PM", "1.0", Ipv4.parse("10.99.0.100"), t, t,
                    org.phoneflasher.phones.PhoneState.ON_TARGET, "P0S3-8-12-00", "phone", "P0S3-8-12-00", "P0S3-8-12-00", null,
                    null, true, null, null, java.util.List.of()));
        }
        try (Database db = Database.open(tmp); WriteBehind writes = new WriteBehind(db, 50)) {
            PhoneStore store = new PhoneStore(db, writes);
            java.util.List<PhoneStore.Flash> rows = store.flashes();
            assertEquals(java.util.List.of("0003E369A126 7960 null null", "0003E369A125 7940 INM0726B7PM 1.0",
                    "0003E369A125 7940 INM0000OLD1 1.0"), rows.stream()
                    .map(f -> f.mac() + " " + f.model() + " " + f.serialNumber() + " " + f.hardwareRevision()).toList(),
                    "the row written before the page answered takes it and its model; another phone's and an identified row "
                            + "keep theirs (rows by finish time)");
            org.phoneflasher.phones.Phone back = store.phones().get(0);
            assertEquals("INM0726B7PM", back.serialNumber());
            assertEquals("1.0", back.hardwareRevision());
        }
    }
}
