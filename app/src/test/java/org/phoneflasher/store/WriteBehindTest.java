package org.phoneflasher.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.dhcp.Lease;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.net.Mac;

/** A full disk, made real for SQLite by capping the file's page count: it answers SQLITE_FULL as a full card does. */
class WriteBehindTest {
    @TempDir
    Path data;

    @Test
    void aFullDiskKeepsTheChangesInOrderSaysSoAndWritesThemOnceThereIsRoom() throws Exception {
        try (Database db = Database.open(data); WriteBehind writes = new WriteBehind(db, 20)) {
            LeaseStore leases = new LeaseStore(db, writes);
            PhoneStore phones = new PhoneStore(db, writes);
            assertTrue(writes.status().writable());
            int pages = query(db, "PRAGMA page_count");
            pragma(db, "PRAGMA max_page_count = " + pages);

            // Rows larger than a page: each needs a page the capped file cannot have.
            String big = "x".repeat(5000);
            String mac = "001E7A2B3C4D";
            Instant t = Instant.parse("2026-12-02T15:00:00Z");
            for (int i = 0; i < 200; i++) {
                leases.save(new Lease(new Mac(mac + ""), Ipv4.parse("10.99.0." + (100 + i % 50)), 1_900_000_000_000L + i, "vendor " + i, big));
            }
            phones.flash(new Mac(mac + ""), "7965", null, null, null, "SIP45.9-4-2SR3-1S", t, t.plusSeconds(60), "failed", big);
            WriteBehind.StorageStatus full = writes.status();
            assertFalse(full.writable(), full.toString());
            assertTrue(full.reason().contains("full"), full.reason());
            assertTrue(full.waiting() > 0, full.toString());
            assertEquals(0, query(db, "SELECT count(*) FROM flash"), "nothing could be written");

            pragma(db, "PRAGMA max_page_count = 1073741823");
            await(() -> writes.status().writable(), "writing resumes");
            await(() -> query(db, "SELECT count(*) FROM flash") == 1, "the flash row appears");
            await(() -> query(db, "SELECT count(*) FROM lease") == 1, "the lease row appears");
            assertEquals("vendor 199", leases.all().get(0).vendorClass(), "the newest change is the one kept");
        }
    }

    @Test
    void whileTheDiskIsFullWhatIsKeptIsBounded() throws Exception {
        try (Database db = Database.open(data); WriteBehind writes = new WriteBehind(db, 20)) {
            pragma(db, "PRAGMA max_page_count = " + query(db, "PRAGMA page_count"));
            new LeaseStore(db, writes).save(new Lease(new Mac("001E7A2B3C4D"), Ipv4.parse("10.99.0.100"), 1L, null, "x".repeat(5000)));
            assertFalse(writes.status().writable(), "a write at once finds the disk full at once");
            for (int i = 0; i < WriteBehind.BACKLOG * 3; i++) {
                writes.submit(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("INSERT INTO event (at, kind, text) VALUES (1, 'test', '" + "x".repeat(200) + "')");
                    }
                    return null;
                });
            }
            WriteBehind.StorageStatus status = writes.status();
            assertTrue(status.waiting() <= WriteBehind.BACKLOG + 1, status.toString());
            assertTrue(status.dropped() >= WriteBehind.BACKLOG, status.toString());
        }
    }

    @Test
    void aFinishedFlashIsInTheFileWhenTheCallReturns() throws Exception {
        try (Database db = Database.open(data); WriteBehind writes = new WriteBehind(db, 60_000)) {
            Instant t = Instant.parse("2026-12-02T15:00:00Z");
            new PhoneStore(db, writes).flash(new Mac("001E7A2B3C4D"), "7965", null, null, null, "SIP45.9-4-2SR3-1S", t, t.plusSeconds(60), "done", null);
            // Another connection, as after a kill -9: the write-behind's minute has not passed.
            try (Database other = Database.open(data)) {
                assertEquals(1, query(other, "SELECT count(*) FROM flash"));
            }
        }
    }

    @Test
    void aBatchTakenButNotYetWrittenIsWrittenAtClose() throws Exception {
        try (Database db = Database.open(data)) {
            WriteBehind writes = new WriteBehind(db, 60_000);
            writes.submit(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO event (at, kind, text) VALUES (1, 'test', 'last change before the stop')");
                }
                return null;
            });
            // The writer has taken it and waits out its minute before writing the batch: the box stops then.
            org.phoneflasher.e2e.Await.until("the writer took the change", java.time.Duration.ofSeconds(5),
                    () -> writes.status().waiting() == 0, () -> writes.status().toString());
            writes.close();
            assertEquals(1, query(db, "SELECT count(*) FROM event"), "written at close, not dropped with the batch");
        }
    }

    static int query(Database db, String sql) {
        return db.with(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
    }

    static void pragma(Database db, String sql) {
        db.with(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            return null;
        });
    }

    static void await(BooleanSupplier condition, String what) {
        org.phoneflasher.e2e.Await.until(what, Duration.ofSeconds(10), condition::getAsBoolean, () -> "not yet");
    }
}
