package org.phoneflasher.dhcp;

import static org.dhcp4java.DHCPConstants.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dhcp4java.DHCPPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.net.BoxInterface;
import org.phoneflasher.net.BoxInterface.Ipv4;
import org.phoneflasher.store.Database;

class LeaseServletTest {
    static final byte[] BOX_MAC = HexFormat.of().parseHex("020000000001");
    static final BoxInterface PORT = new BoxInterface("vbox", Ipv4.parse("10.99.0.1"), 24, BOX_MAC);
    static final String PHONE = "001E7A2B3C4D";

    EventBus events = new EventBus(100);
    List<String> foreign = new ArrayList<>();



    LeaseServlet servlet(Inet4Router router) {
        DhcpSettings settings = new DhcpSettings(PORT, PoolRange.wholeSubnet(PORT), 3600, router.address(), false,
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ZERO);
        LeasePool pool = new LeasePool(new MemoryLeases(), settings.pool(), PORT.address(), Clock.systemUTC());
        return new LeaseServlet(settings, pool, events, foreign::add);
    }

    record Inet4Router(java.net.Inet4Address address) {}

    static DHCPPacket packet(String mac, byte type) {
        DHCPPacket p = new DHCPPacket();
        p.setOp(BOOTREQUEST);
        p.setHtype(HTYPE_ETHER);
        p.setHlen((byte) 6);
        p.setXid(0x1234);
        p.setChaddr(HexFormat.of().parseHex(mac));
        p.setDHCPMessageType(type);
        p.setOptionRaw(DHO_VENDOR_CLASS_IDENTIFIER, "Cisco Systems, Inc. IP Phone CP-7965G\0".getBytes(StandardCharsets.US_ASCII));
        return p;
    }

    static DHCPPacket send(LeaseServlet servlet, DHCPPacket request) {
        byte[] bytes = request.serialize();
        DatagramPacket reply = servlet.serviceDatagram(
                new DatagramPacket(bytes, bytes.length, new InetSocketAddress(Ipv4.parse("0.0.0.0"), 68)));
        if (reply == null) {
            return null;
        }
        DHCPPacket parsed = DHCPPacket.getPacket(reply);
        parsed.setAddrPort((InetSocketAddress) reply.getSocketAddress());
        return parsed;
    }

    @Test
    void anOfferPointsThePhoneAtTheBoxThreeWays() throws Exception {
        DHCPPacket offer = send(servlet(new Inet4Router(null)), packet(PHONE, DHCPDISCOVER));
        assertEquals(DHCPOFFER, offer.getDHCPMessageType());
        assertEquals("10.99.0.2", offer.getYiaddr().getHostAddress());
        assertEquals(PORT.address(), offer.getSiaddr());
        assertArrayEquals(PORT.address().getAddress(), offer.getOptionRaw((byte) 150));
        assertEquals("10.99.0.1", offer.getOptionAsString(DHO_TFTP_SERVER));
        assertEquals(PORT.address(), offer.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER));
        assertEquals(InetAddress.getByName("255.255.255.0"), offer.getOptionAsInetAddr(DHO_SUBNET_MASK));
        assertEquals(3600, offer.getOptionAsInteger(DHO_DHCP_LEASE_TIME));
        assertNull(offer.getOptionRaw(DHO_ROUTERS), "no router unless configured");
        // The phone has no address yet: the answer is broadcast on the port.
        assertEquals(new InetSocketAddress("255.255.255.255", 68), offer.getAddrPort());
        Event.DhcpOffered event = (Event.DhcpOffered) events.recent().get(0);
        assertEquals(PHONE, event.mac().hex());
        assertEquals("Cisco Systems, Inc. IP Phone CP-7965G", event.vendorClass());
    }

    @Test
    void aRouterIsHandedOutOnlyWhenConfigured() {
        DHCPPacket offer = send(servlet(new Inet4Router(Ipv4.parse("10.99.0.254"))), packet(PHONE, DHCPDISCOVER));
        assertArrayEquals(Ipv4.parse("10.99.0.254").getAddress(), offer.getOptionRaw(DHO_ROUTERS));
    }

    @Test
    void aRequestForTheOfferIsAcknowledgedWithTheSamePointers() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        DHCPPacket offer = send(servlet, packet(PHONE, DHCPDISCOVER));
        DHCPPacket request = packet(PHONE, DHCPREQUEST);
        request.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, offer.getYiaddr());
        request.setOptionAsInetAddress(DHO_DHCP_SERVER_IDENTIFIER, PORT.address());
        DHCPPacket ack = send(servlet, request);
        assertEquals(DHCPACK, ack.getDHCPMessageType());
        assertEquals(offer.getYiaddr(), ack.getYiaddr());
        assertEquals(PORT.address(), ack.getSiaddr());
        assertArrayEquals(PORT.address().getAddress(), ack.getOptionRaw((byte) 150));
        assertInstanceOf(Event.DhcpLeased.class, events.recent().get(1));
    }

    /** DISCOVER then REQUEST for the offer: the ACK. */
    static DHCPPacket lease(LeaseServlet servlet, DHCPPacket discover) {
        DHCPPacket offer = send(servlet, discover);
        assertEquals(DHCPOFFER, offer.getDHCPMessageType());
        DHCPPacket request = discover.clone();
        request.setDHCPMessageType(DHCPREQUEST);
        request.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, offer.getYiaddr());
        request.setOptionAsInetAddress(DHO_DHCP_SERVER_IDENTIFIER, PORT.address());
        return send(servlet, request);
    }

    static String randomMac(int i) {
        return String.format("02%010X", i * 2654435761L & 0xFFFFFFFFFFL);
    }

    @Test
    void aRequestForAnotherPhonesAddressIsRefused() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        InetAddress mine = lease(servlet, packet(PHONE, DHCPDISCOVER)).getYiaddr();
        DHCPPacket other = packet("001E7A000000", DHCPREQUEST);
        other.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, mine);
        assertEquals(DHCPNAK, send(servlet, other).getDHCPMessageType());
        DHCPPacket offLink = packet("001E7A000000", DHCPREQUEST);
        offLink.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, Ipv4.parse("192.168.1.50"));
        assertEquals(DHCPNAK, send(servlet, offLink).getDHCPMessageType());
    }

    @Test
    void aRequestWithoutAnOfferIsRefusedAndTakesNoAddress() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        // INIT-REBOOT from MACs the box never saw, for every address of the pool: NAK, and the pool is untouched.
        for (int i = 0; i < 253; i++) {
            DHCPPacket request = packet(randomMac(i), DHCPREQUEST);
            request.removeOption(DHO_VENDOR_CLASS_IDENTIFIER);
            request.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, Ipv4.address(Ipv4.toInt(PORT.address()) + 1 + i));
            assertEquals(DHCPNAK, send(servlet, request).getDHCPMessageType(), "REQUEST " + i);
        }
        assertEquals(DHCPACK, lease(servlet, packet(PHONE, DHCPDISCOVER)).getDHCPMessageType());
    }

    @Test
    void aPhoneRebootingWithItsOwnAddressGetsItBack() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        InetAddress mine = lease(servlet, packet(PHONE, DHCPDISCOVER)).getYiaddr();
        DHCPPacket reboot = packet(PHONE, DHCPREQUEST);
        reboot.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, mine);
        assertEquals(DHCPACK, send(servlet, reboot).getDHCPMessageType());
        DHCPPacket renew = packet(PHONE, DHCPREQUEST);
        renew.setCiaddr(mine);
        assertEquals(DHCPACK, send(servlet, renew).getDHCPMessageType());
    }

    @Test
    void declinesFromClientsThatDoNotHoldTheAddressChangeNothing() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        for (int i = 0; i < 5000; i++) {
            DHCPPacket decline = packet(randomMac(i), DHCPDECLINE);
            decline.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, Ipv4.address(Ipv4.toInt(PORT.address()) + 1 + i % 253));
            assertNull(send(servlet, decline));
        }
        assertTrue(events.recent().isEmpty(), "no event for a DECLINE that counts for nothing");
        // Every address is still there: 253 phones each get one.
        for (int i = 0; i < 253; i++) {
            assertEquals(DHCPACK, lease(servlet, packet(String.format("001E7A%06X", i), DHCPDISCOVER)).getDHCPMessageType(),
                    "phone " + i);
        }
    }

    @Test
    void theHoldersDeclineSetsItsAddressAside() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        InetAddress mine = lease(servlet, packet(PHONE, DHCPDISCOVER)).getYiaddr();
        DHCPPacket decline = packet(PHONE, DHCPDECLINE);
        decline.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, mine);
        decline.setOptionAsInetAddress(DHO_DHCP_SERVER_IDENTIFIER, PORT.address());
        assertNull(send(servlet, decline));
        assertTrue(events.recent().stream().anyMatch(e -> e.kind().equals("dhcp.decline")), events.recent().toString());
        assertNotEquals(mine, send(servlet, packet(PHONE, DHCPDISCOVER)).getYiaddr());
    }

    @Test
    void aFloodOfClientsThatAreNotPhonesLeavesHalfThePoolToPhones() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        int flood = 0;
        for (int i = 0; i < 400; i++) {
            DHCPPacket discover = packet(randomMac(i), DHCPDISCOVER);
            discover.removeOption(DHO_VENDOR_CLASS_IDENTIFIER);
            DHCPPacket offer = send(servlet, discover);
            if (offer != null) {
                assertEquals(300, offer.getOptionAsInteger(DHO_DHCP_LEASE_TIME));
                flood++;
                DHCPPacket request = discover.clone();
                request.setDHCPMessageType(DHCPREQUEST);
                request.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, offer.getYiaddr());
                DHCPPacket ack = send(servlet, request);
                assertEquals(DHCPACK, ack.getDHCPMessageType());
                assertEquals(300, ack.getOptionAsInteger(DHO_DHCP_LEASE_TIME), "a short lease for a non-phone");
            }
        }
        assertEquals(126, flood, "half of the 253 addresses");
        for (int i = 0; i < 127; i++) {
            DHCPPacket ack = lease(servlet, packet(String.format("001E7A%06X", i), DHCPDISCOVER));
            assertEquals(DHCPACK, ack.getDHCPMessageType(), "phone " + i);
            assertEquals(3600, ack.getOptionAsInteger(DHO_DHCP_LEASE_TIME));
        }
    }

    @Test
    void aReleaseFromAnotherMacLeavesTheLeaseInPlace() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        InetAddress mine = lease(servlet, packet(PHONE, DHCPDISCOVER)).getYiaddr();
        DHCPPacket release = packet("001E7A000000", DHCPRELEASE);
        release.setCiaddr(mine);
        assertNull(send(servlet, release));
        assertFalse(events.recent().stream().anyMatch(e -> e.kind().equals("dhcp.release")));
        DHCPPacket other = packet("001E7A000000", DHCPDISCOVER);
        other.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, mine);
        assertNotEquals(mine, send(servlet, other).getYiaddr());
    }

    @Test
    void aPhoneChoosingAnotherServerIsPassedOnAndNotAnswered() {
        DHCPPacket request = packet(PHONE, DHCPREQUEST);
        request.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, Ipv4.parse("10.99.0.50"));
        request.setOptionAsInetAddress(DHO_DHCP_SERVER_IDENTIFIER, Ipv4.parse("10.99.0.254"));
        assertNull(send(servlet(new Inet4Router(null)), request));
        assertEquals(1, foreign.size());
        assertTrue(foreign.get(0).contains("10.99.0.254"), foreign.get(0));
    }

    @Test
    void theBoxsOwnGuardProbeIsNotAPhone() {
        assertNull(send(servlet(new Inet4Router(null)), packet(HexFormat.of().formatHex(BOX_MAC), DHCPDISCOVER)));
        assertTrue(events.recent().isEmpty());
    }

    @Test
    void informGetsPointersButNoLease() {
        DHCPPacket inform = packet(PHONE, DHCPINFORM);
        inform.setCiaddr(Ipv4.parse("10.99.0.77"));
        DHCPPacket ack = send(servlet(new Inet4Router(null)), inform);
        assertEquals(DHCPACK, ack.getDHCPMessageType());
        assertEquals("0.0.0.0", ack.getYiaddr().getHostAddress());
        assertNull(ack.getOptionRaw(DHO_DHCP_LEASE_TIME));
        assertArrayEquals(PORT.address().getAddress(), ack.getOptionRaw((byte) 150));
        assertEquals(new InetSocketAddress("10.99.0.77", 68), ack.getAddrPort());
    }

    @Test
    void releaseKeepsTheBindingForNextTime() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        DHCPPacket offer = send(servlet, packet(PHONE, DHCPDISCOVER));
        DHCPPacket request = packet(PHONE, DHCPREQUEST);
        request.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, offer.getYiaddr());
        send(servlet, request);
        DHCPPacket release = packet(PHONE, DHCPRELEASE);
        release.setCiaddr(offer.getYiaddr());
        assertNull(send(servlet, release));
        assertTrue(events.recent().stream().anyMatch(e -> e.kind().equals("dhcp.release")));
        assertEquals(offer.getYiaddr(), send(servlet, packet(PHONE, DHCPDISCOVER)).getYiaddr());
    }

    @Test
    void malformedPacketsAreDroppedQuietly() {
        LeaseServlet servlet = servlet(new Inet4Router(null));
        byte[][] junk = {new byte[0], new byte[10], "GET / HTTP/1.0\r\n".getBytes(StandardCharsets.US_ASCII), new byte[400]};
        for (byte[] bytes : junk) {
            assertNull(servlet.serviceDatagram(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("0.0.0.0", 68))));
        }
        DHCPPacket badOption = packet(PHONE, DHCPDISCOVER);
        badOption.setOptionRaw(DHO_DHCP_REQUESTED_ADDRESS, new byte[] {1, 2});
        DHCPPacket offer = send(servlet, badOption);
        assertEquals(DHCPOFFER, offer.getDHCPMessageType(), "a malformed option 50 reads as absent");
    }
}
