package org.phoneflasher.dhcp;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.store.Database;
import org.phoneflasher.store.LeaseStore;

class LeasePoolTest {
    static final Inet4Address BOX = Ipv4.parse("10.99.0.1");
    static final PoolRange RANGE = new PoolRange(Ipv4.parse("10.99.0.1"), Ipv4.parse("10.99.0.4"));

    @TempDir
    Path data;
    Database db;
    MutableClock clock = new MutableClock();

    @BeforeEach
    void open() throws Exception {
        db = Database.open(data);
    }

    @AfterEach
    void close() {
        db.close();
    }

    LeasePool pool() {
        return new LeasePool(new LeaseStore(db), RANGE, BOX, clock);
    }

    @Test
    void theBoxNeverOffersItsOwnAddress() {
        assertEquals("10.99.0.2", pool().offer("AA0000000001", null, null, null).orElseThrow().getHostAddress());
    }

    @Test
    void aPhoneKeepsItsAddressAcrossOffersAndRequests() {
        LeasePool pool = pool();
        Inet4Address first = pool.offer("AA0000000001", null, null, null).orElseThrow();
        pool.confirm("AA0000000001", first, 3600, "Cisco Systems, Inc. IP Phone CP-7965G", null).orElseThrow();
        assertEquals(first, pool.offer("AA0000000001", null, null, null).orElseThrow());
    }

    @Test
    void leasesSurviveARestartOfTheBox() throws Exception {
        LeasePool pool = pool();
        Inet4Address a = pool.offer("AA0000000001", null, null, null).orElseThrow();
        pool.confirm("AA0000000001", a, 3600, null, null);
        Inet4Address b = pool.offer("AA0000000002", null, null, null).orElseThrow();
        pool.confirm("AA0000000002", b, 3600, "vendor", null);
        db.close();
        db = Database.open(data);
        LeasePool restarted = pool();
        // B asks first after the restart: a pool without memory would give it A's address.
        assertEquals(b, restarted.offer("AA0000000002", null, null, null).orElseThrow());
        assertEquals(a, restarted.offer("AA0000000001", null, null, null).orElseThrow());
        assertEquals("vendor", restarted.leaseOf("AA0000000002").orElseThrow().vendorClass());
    }

    @Test
    void anActiveLeaseIsNotGivenToAnotherPhone() {
        LeasePool pool = pool();
        Inet4Address a = pool.offer("AA0000000001", null, null, null).orElseThrow();
        pool.confirm("AA0000000001", a, 3600, null, null);
        assertTrue(pool.confirm("AA0000000002", a, 3600, null, null).isEmpty());
        assertNotEquals(a, pool.offer("AA0000000002", a, null, null).orElseThrow());
    }

    @Test
    void aRequestedFreeAddressIsHonoured() {
        assertEquals("10.99.0.4", pool().offer("AA0000000001", Ipv4.parse("10.99.0.4"), null, null).orElseThrow().getHostAddress());
    }

    @Test
    void anAddressOutsideThePoolIsNeverOffered() {
        assertEquals("10.99.0.2", pool().offer("AA0000000001", Ipv4.parse("10.99.0.9"), null, null).orElseThrow().getHostAddress());
        assertTrue(pool().confirm("AA0000000001", Ipv4.parse("10.99.0.9"), 60, null, null).isEmpty());
    }

    @Test
    void aFullPoolOffersNothingUntilALeaseExpires() {
        LeasePool pool = pool();
        for (int i = 1; i <= 3; i++) {
            String mac = "AA000000000" + i;
            pool.confirm(mac, pool.offer(mac, null, null, null).orElseThrow(), 60, null, null).orElseThrow();
        }
        assertTrue(pool.offer("BB0000000000", null, null, null).isEmpty());
        clock.advance(Duration.ofSeconds(61));
        assertTrue(pool.offer("BB0000000000", null, null, null).isPresent());
    }

    @Test
    void newPhonesGetNeverUsedAddressesBeforeExpiredOnes() {
        LeasePool pool = pool();
        pool.confirm("AA0000000001", pool.offer("AA0000000001", null, null, null).orElseThrow(), 60, null, null);
        pool.release("AA0000000001");
        assertEquals("10.99.0.3", pool.offer("AA0000000002", null, null, null).orElseThrow().getHostAddress());
        // And the released phone still gets its own address back.
        assertEquals("10.99.0.2", pool.offer("AA0000000001", null, null, null).orElseThrow().getHostAddress());
    }

    @Test
    void aDeclinedAddressIsSkipped() {
        LeasePool pool = pool();
        Inet4Address a = pool.offer("AA0000000001", null, null, null).orElseThrow();
        pool.decline("AA0000000001", a);
        assertNotEquals(a, pool.offer("AA0000000001", null, null, null).orElseThrow());
        assertNotEquals(a, pool.offer("AA0000000002", null, null, null).orElseThrow());
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
