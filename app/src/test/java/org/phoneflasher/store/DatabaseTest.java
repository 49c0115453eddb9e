package org.phoneflasher.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.dhcp.Lease;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.net.Mac;

class DatabaseTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T15:30:00Z"), ZoneOffset.UTC);
    static final Lease LEASE = new Lease(new Mac("001E7A2B3C4D"), Ipv4.parse("10.99.0.100"), 1_900_000_000_000L, "Cisco Systems, Inc. IP Phone CP-7965G", null);

    @TempDir
    Path data;

    @Test
    void garbageIsSetAsideUnderATimestampedNameAndAFreshDatabaseServes() throws Exception {
        byte[] garbage = new byte[8192];
        new Random(7).nextBytes(garbage);
        Files.write(data.resolve("phoneflasher.db"), garbage);
        try (Database db = Database.open(data, CLOCK)) {
            Path aside = data.resolve("phoneflasher.db.unusable-20261202T153000Z");
            assertEquals(aside, db.setAside().orElseThrow());
            assertArrayEquals(garbage, Files.readAllBytes(aside), "the old file is kept as it was");
            assertTrue(db.notKept().isEmpty(), "the fresh database is the file");
            LeaseStore leases = new LeaseStore(db);
            leases.save(LEASE);
            assertEquals(List.of(LEASE.mac()), leases.all().stream().map(Lease::mac).toList());
        }
        try (Database again = Database.open(data, CLOCK)) {
            assertTrue(again.setAside().isEmpty(), "the fresh file is kept at the next start");
            assertEquals(1, new LeaseStore(again).all().size());
        }
    }

    @Test
    void aValidFileFailingItsQuickCheckIsSetAsideWithItsWal() throws Exception {
        Path file = data.resolve("phoneflasher.db");
        CorruptFiles.failingItsCheck(file);
        byte[] before = Files.readAllBytes(file);
        try (Database db = Database.open(data, CLOCK)) {
            Path aside = db.setAside().orElseThrow();
            assertArrayEquals(before, Files.readAllBytes(aside));
            new LeaseStore(db).save(LEASE);
            assertEquals(1, new LeaseStore(db).all().size());
        }
    }

    @Test
    void aHealthyFileIsKept() throws Exception {
        try (Database db = Database.open(data, CLOCK)) {
            new LeaseStore(db).save(LEASE);
        }
        try (Database db = Database.open(data, CLOCK)) {
            assertTrue(db.setAside().isEmpty());
            assertEquals(1, new LeaseStore(db).all().size());
        }
        try (var files = Files.list(data)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("unusable")));
        }
    }

    @Test
    void aDataFolderThatCannotBeMadeLeavesTheBoxOnADatabaseInMemory() throws Exception {
        Path notAFolder = Files.writeString(data.resolve("file"), "x");
        try (Database db = Database.open(notAFolder.resolve("data"), CLOCK)) {
            assertTrue(db.notKept().orElseThrow().contains("cannot open"), db.notKept().toString());
            new LeaseStore(db).save(LEASE);
            assertEquals(1, new LeaseStore(db).all().size(), "it still works, from memory");
        }
    }

    @Test
    void aFileFromBeforeTheInventoryColumnsIsUpgradedInPlaceKeepingItsRows() throws Exception {
        Path file = data.resolve(Database.FILE);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement st = c.createStatement()) {
            // The schema a box in the field has: the migrations before the inventory columns, nothing else.
            for (String migration : Database.MIGRATIONS.subList(0, 2)) {
                for (String statement : migration.split(";\\s*\n")) {
                    st.execute(statement);
                }
            }
            st.execute("PRAGMA user_version = 2");
            st.execute("INSERT INTO flash (mac, model, from_load, to_load, started, finished, result) "
                    + "VALUES ('001E7A2B3C4D', '7965', 'SCCP45.9-2-1S', 'SIP45.9-4-2SR3-1S', 1, 2, 'done')");
            st.execute("INSERT INTO phone (mac, model, first_seen, last_seen, state) VALUES ('001E7A2B3C4D', '7965', 1, 2, 'ON_TARGET')");
        }
        try (Database db = Database.open(data, CLOCK); WriteBehind writes = new WriteBehind(db, 50)) {
            assertTrue(db.setAside().isEmpty(), "an older file is upgraded, not set aside");
            assertEquals(Database.MIGRATIONS.size(), (int) db.with(c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA user_version")) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            }));
            PhoneStore store = new PhoneStore(db, writes);
            PhoneStore.Flash old = store.flashes().get(0);
            assertEquals("SIP45.9-4-2SR3-1S", old.toLoad());
            assertNull(old.serialNumber(), "the old row has no serial number, and says so");
            assertNull(store.phones().get(0).hardwareRevision());
            store.identified(new Mac("001E7A2B3C4D"), "7965", "FCH1234ABCD", "2"); // written at once
            assertEquals("FCH1234ABCD", store.flashes().get(0).serialNumber(), "and takes it once the phone's page answers");
        }
    }
}
