package org.phoneflasher.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoneStoreTest {
    @TempDir
    Path tmp;

    @Test
    void clearingTheHistoryAlsoClearsFlashesStillQueuedBeforeIt() throws Exception {
        try (Database db = Database.open(tmp); WriteBehind writes = new WriteBehind(db, 50)) {
            PhoneStore store = new PhoneStore(db, writes);
            Instant t = Instant.parse("2026-11-24T08:00:00Z");
            store.flash("001E7A2B3C4D", "7965", "SCCP45.9-2-1S", "SIP45.9-4-2SR3-1S", t, t.plusSeconds(300), "done", null);
            store.flash("001E7A2B3C4E", "7965", null, "SIP45.9-4-2SR3-1S", t, t.plusSeconds(400), "failed", "trust list");
            assertEquals(2, store.clearFlashes().get(5, TimeUnit.SECONDS));
            assertTrue(store.flashes().isEmpty());
            store.flash("001E7A2B3C4F", "7965", null, "SIP45.9-4-2SR3-1S", t, t.plusSeconds(200), "done", null);
            assertEquals(1, store.clearFlashes().get(5, TimeUnit.SECONDS), "a flash after a clear counts again");
        }
    }
}
