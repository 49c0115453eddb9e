package org.phoneflasher.dhcp;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet4Address;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.phoneflasher.TestClock;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.net.Mac;

class LeasePoolTest {
    static final Inet4Address BOX = Ipv4.parse("10.99.0.1");
    static final String CISCO = "Cisco Systems, Inc. IP Phone CP-7965G";
    static final PoolRange RANGE = new PoolRange(Ipv4.parse("10.99.0.1"), Ipv4.parse("10.99.0.4"));

    /** What the store keeps: a pool made again on the same bindings is the box after a restart. */
    MemoryLeases stored = new MemoryLeases();
    TestClock clock = new TestClock();

    LeasePool pool() {
        return new LeasePool(stored, RANGE, BOX, clock);
    }

    @Test
    void theBoxNeverOffersItsOwnAddress() {
        assertEquals("10.99.0.2", pool().offer(m("AA0000000001"), null, CISCO, null, 3600).address().getHostAddress());
    }

    @Test
    void aPhoneKeepsItsAddressAcrossOffersAndRequests() {
        LeasePool pool = pool();
        Inet4Address first = pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address();
        assertTrue(pool.confirm(m("AA0000000001"), first, 3600, CISCO, null).given());
        assertEquals(first, pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address());
    }

    @Test
    void leasesSurviveARestartOfTheBox() throws Exception {
        LeasePool pool = pool();
        Inet4Address a = pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address();
        pool.confirm(m("AA0000000001"), a, 3600, CISCO, null);
        Inet4Address b = pool.offer(m("AA0000000002"), null, CISCO, null, 3600).address();
        pool.confirm(m("AA0000000002"), b, 3600, "vendor", null);
        LeasePool restarted = pool();
        // B asks first after the restart: a pool without memory would give it A's address.
        assertEquals(b, restarted.offer(m("AA0000000002"), null, null, null, 3600).address());
        assertEquals(a, restarted.offer(m("AA0000000001"), null, CISCO, null, 3600).address());
        assertEquals("vendor", restarted.leaseOf(m("AA0000000002")).orElseThrow().vendorClass());
    }

    @Test
    void anActiveLeaseIsNotGivenToAnotherPhone() {
        LeasePool pool = pool();
        Inet4Address a = pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address();
        pool.confirm(m("AA0000000001"), a, 3600, CISCO, null);
        assertFalse(pool.confirm(m("AA0000000002"), a, 3600, CISCO, null).given());
        assertNotEquals(a, pool.offer(m("AA0000000002"), a, CISCO, null, 3600).address());
    }

    @Test
    void aRequestedFreeAddressIsHonoured() {
        assertEquals("10.99.0.4", pool().offer(m("AA0000000001"), Ipv4.parse("10.99.0.4"), CISCO, null, 3600).address().getHostAddress());
    }

    @Test
    void anAddressOutsideThePoolIsNeverOffered() {
        assertEquals("10.99.0.2", pool().offer(m("AA0000000001"), Ipv4.parse("10.99.0.9"), CISCO, null, 3600).address().getHostAddress());
        assertFalse(pool().confirm(m("AA0000000001"), Ipv4.parse("10.99.0.9"), 60, CISCO, null).given());
    }

    @Test
    void aFullPoolOffersNothingUntilALeaseExpires() {
        LeasePool pool = pool();
        for (int i = 1; i <= 3; i++) {
            Mac mac = m("AA000000000" + i);
            assertTrue(pool.confirm(mac, pool.offer(mac, null, CISCO, null, 3600).address(), 60, CISCO, null).given());
        }
        assertFalse(pool.offer(m("BB0000000000"), null, CISCO, null, 3600).given());
        clock.advance(Duration.ofSeconds(61));
        assertTrue(pool.offer(m("BB0000000000"), null, CISCO, null, 3600).given());
    }

    @Test
    void newPhonesGetNeverUsedAddressesBeforeExpiredOnes() {
        LeasePool pool = pool();
        pool.confirm(m("AA0000000001"), pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address(), 60, CISCO, null);
        pool.release(m("AA0000000001"), Ipv4.parse("10.99.0.2"));
        assertEquals("10.99.0.3", pool.offer(m("AA0000000002"), null, CISCO, null, 3600).address().getHostAddress());
        // And the released phone still gets its own address back.
        assertEquals("10.99.0.2", pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address().getHostAddress());
    }

    @Test
    void aDeclinedAddressIsSkipped() {
        LeasePool pool = pool();
        Inet4Address a = pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address();
        pool.decline(m("AA0000000001"), a);
        assertNotEquals(a, pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address());
        assertNotEquals(a, pool.offer(m("AA0000000002"), null, CISCO, null, 3600).address());
    }

    static final String LAPTOP = "MSFT 5.0";

    LeasePool pool(String first, String last) {
        return new LeasePool(stored, new PoolRange(Ipv4.parse(first), Ipv4.parse(last)), BOX, clock);
    }

    static Mac mac(int i) {
        return m(String.format("02AA%08X", i));
    }

    static Mac m(String hex) {
        return new Mac(hex);
    }

    @Test
    void aDeclineCountsOnlyFromTheHolderForItsOwnAddress() {
        LeasePool pool = pool();
        Inet4Address a = pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address();
        assertTrue(pool.confirm(m("AA0000000001"), a, 3600, CISCO, null).given());
        assertTrue(pool.decline(m("AA0000000002"), a).isEmpty(), "another MAC declines the phone's address");
        assertTrue(pool.decline(m("AA0000000001"), Ipv4.parse("10.99.0.3")).isEmpty(), "an address it does not hold");
        assertTrue(pool.decline(m("AA0000000003"), Ipv4.parse("10.99.0.4")).isEmpty(), "a MAC with no binding");
        assertTrue(pool.decline(m("AA0000000003"), Ipv4.parse("192.168.7.7")).isEmpty(), "outside the pool");
        assertEquals(a, pool.leaseOf(m("AA0000000001")).orElseThrow().address());
        // The two other addresses are still there for new phones.
        assertTrue(pool.offer(m("AA0000000004"), null, CISCO, null, 3600).given());
        assertTrue(pool.offer(m("AA0000000005"), null, CISCO, null, 3600).given());
    }

    @Test
    void randomDeclinesNeitherBlockThePoolNorGrowAnything() {
        LeasePool pool = pool("10.99.0.100", "10.99.0.199");
        for (int i = 0; i < 100_000; i++) {
            pool.decline(mac(i), Ipv4.address(Ipv4.toInt(Ipv4.parse("10.99.0.0")) + (i % 256)));
        }
        assertEquals(0, pool.declinedCount());
        for (int i = 0; i < 100; i++) {
            assertTrue(pool.offer(m(String.format("00AA%08X", i)), null, CISCO, null, 3600).given(), "phone " + i);
        }
    }

    @Test
    void declinedAddressesAreAtMostAQuarterOfThePoolAndExpire() {
        LeasePool pool = pool("10.99.0.100", "10.99.0.199");
        // Each client takes an offer and declines it at once: the honest-looking way to set addresses aside.
        for (int i = 0; i < 100; i++) {
            LeasePool.Answer offer = pool.offer(mac(i), null, CISCO, null, 3600);
            assertTrue(offer.given(), "offer " + i);
            assertTrue(pool.decline(mac(i), offer.address()).isPresent());
        }
        int phones = 0;
        while (pool.offer(m(String.format("00BB%08X", phones)), null, CISCO, null, 3600).given()) {
            phones++;
        }
        assertEquals(75, phones, "25 addresses set aside as declined, the other 75 for phones");
        assertEquals(25, pool.declinedCount());
        clock.advance(Duration.ofMinutes(11));
        assertTrue(pool.offer(m("00CC00000001"), null, CISCO, null, 3600).given(), "the declined ones come back");
    }

    @Test
    void aReleaseCountsOnlyFromTheHolderForItsAddress() {
        LeasePool pool = pool();
        Inet4Address a = pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address();
        pool.confirm(m("AA0000000001"), a, 3600, CISCO, null);
        assertTrue(pool.release(m("AA0000000001"), Ipv4.parse("10.99.0.3")).isEmpty());
        assertTrue(pool.release(m("AA0000000002"), a).isEmpty());
        assertTrue(pool.leaseOf(m("AA0000000001")).orElseThrow().activeAt(clock.millis()));
        assertTrue(pool.release(m("AA0000000001"), a).isPresent());
        assertFalse(pool.leaseOf(m("AA0000000001")).orElseThrow().activeAt(clock.millis()));
    }

    @Test
    void aRequestWithoutAnOfferTakesNothing() {
        LeasePool pool = pool("10.99.0.100", "10.99.0.199");
        for (int i = 0; i < 249; i++) {
            Inet4Address wanted = Ipv4.address(Ipv4.toInt(Ipv4.parse("10.99.0.100")) + i % 100);
            LeasePool.Answer answer = pool.confirm(mac(i), wanted, 3600, null, null);
            assertFalse(answer.given(), "REQUEST " + i);
        }
        assertTrue(pool.leases().isEmpty());
        assertEquals("10.99.0.100", pool.offer(m("00AA00000001"), null, CISCO, null, 3600).address().getHostAddress());
    }

    @Test
    void aClientKeepsItsOwnAddressByRequestAfterARestart() throws Exception {
        LeasePool pool = pool();
        Inet4Address a = pool.offer(m("AA0000000001"), null, CISCO, null, 3600).address();
        pool.confirm(m("AA0000000001"), a, 60, CISCO, null);
        clock.advance(Duration.ofMinutes(5));
        // INIT-REBOOT: its old binding, though expired, is still its own.
        assertTrue(pool().confirm(m("AA0000000001"), a, 3600, CISCO, null).given());
        assertFalse(pool().confirm(m("AA0000000001"), Ipv4.parse("10.99.0.4"), 3600, CISCO, null).given(), "not its own");
    }

    @Test
    void clientsThatAreNotPhonesGetHalfThePoolAndShortLeases() {
        LeasePool pool = pool("10.99.0.100", "10.99.0.199");
        int others = 0;
        for (int i = 0; i < 249; i++) {
            LeasePool.Answer offer = pool.offer(mac(i), null, i % 2 == 0 ? null : LAPTOP, null, 3600);
            if (offer.given()) {
                LeasePool.Answer lease = pool.confirm(mac(i), offer.address(), 3600, null, null);
                assertTrue(lease.given());
                assertEquals(LeasePool.OTHER_LEASE_SECONDS, lease.seconds());
                others++;
            } else {
                assertTrue(offer.refusal().contains("not phones"), offer.refusal());
            }
        }
        assertEquals(50, others);
        for (int i = 0; i < 50; i++) {
            LeasePool.Answer offer = pool.offer(m(String.format("00AA%08X", i)), null, CISCO, null, 3600);
            assertEquals(3600, offer.seconds());
            assertTrue(pool.confirm(m(String.format("00AA%08X", i)), offer.address(), 3600, CISCO, null).given(), "phone " + i);
        }
        assertFalse(pool.offer(m("00AAFFFFFFFF"), null, CISCO, null, 3600).given(), "the pool is full now");
        // Five minutes on the flood's leases are over: the next phone gets one of their addresses, not a phone's.
        clock.advance(Duration.ofSeconds(LeasePool.OTHER_LEASE_SECONDS + 1));
        java.util.Set<Inet4Address> flood = new java.util.HashSet<>();
        pool.leases().stream().filter(l -> l.mac().hex().startsWith("02AA")).forEach(l -> flood.add(l.address()));
        assertTrue(flood.contains(pool.offer(m("00AAFFFFFFFF"), null, CISCO, null, 3600).address()));
        assertEquals(51, pool.leases().stream().filter(l -> l.mac().hex().startsWith("00AA")).count());
    }

    @Test
    void aShortLeaseIsRenewedWhenTheClientAsksAgain() {
        LeasePool pool = pool();
        Inet4Address a = pool.offer(m("AA0000000001"), null, LAPTOP, null, 3600).address();
        assertEquals(300, pool.confirm(m("AA0000000001"), a, 3600, LAPTOP, null).seconds());
        clock.advance(Duration.ofSeconds(200));
        assertTrue(pool.confirm(m("AA0000000001"), a, 3600, LAPTOP, null).given());
        clock.advance(Duration.ofSeconds(200));
        assertTrue(pool.leaseOf(m("AA0000000001")).orElseThrow().activeAt(clock.millis()), "renewed for 300 s from the second ask");
    }

    @Test
    void aClientThatAskedForAFileCountsAsAPhone() {
        LeasePool pool = pool();
        Inet4Address a = pool.offer(m("AA0000000001"), null, null, null, 3600).address();
        assertEquals(300, pool.confirm(m("AA0000000001"), a, 3600, null, null).seconds());
        assertFalse(pool.offer(m("AA0000000002"), null, null, null, 3600).given(), "one of three for non-phones");
        pool.fileAskedBy(a);
        assertEquals(3600, pool.confirm(m("AA0000000001"), a, 3600, null, null).seconds());
        assertTrue(pool.offer(m("AA0000000002"), null, null, null, 3600).given(), "its share no longer counts it");
    }
}
