package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.dhcp4java.DHCPConstants;
import org.dhcp4java.DHCPPacket;
import org.junit.jupiter.api.Test;
import org.phoneflasher.dhcp.ClientExchange;
import org.phoneflasher.net.BoxInterface.Ipv4;

/**
 * A device on the phone link floods the box's DHCP server under random MACs (raw packets, no client program): DECLINEs,
 * REQUESTs that no DISCOVER came before, DISCOVERs. Afterwards a phone (busybox udhcpc with a Cisco option 60) still gets
 * an OFFER and a lease, and the box still says truthfully that it serves.
 */
class DhcpFloodIT {
    static final Duration T = Duration.ofSeconds(60);
    static final String CISCO = "Cisco Systems, Inc. IP Phone CP-7965G";
    static final int FLOOD = 249;
    /** The box's pool, 10.99.0.100-199 (BoxProcess.POOL). */
    static final int POOL_FIRST = Ipv4.toInt(Ipv4.parse("10.99.0.100"));
    static final int POOL_SIZE = 100;

    /** The packets a flooding device sends. */
    interface Flood {
        List<DHCPPacket> packets(Random random);
    }

    static byte[] randomMac(Random random) {
        byte[] mac = new byte[6];
        random.nextBytes(mac);
        mac[0] = (byte) ((mac[0] & 0xfc) | 0x02); // unicast, locally administered: what a script makes up
        return mac;
    }

    /** Every address of the pool in turn, two and a half times over. */
    static Inet4Address poolAddress(int i) {
        return Ipv4.address(POOL_FIRST + i % POOL_SIZE);
    }

    /** What the box answered the phone, and what it said about itself, after the flood. */
    record After(String lease, String status, String log) {}

    /** A box, a flooding device at 10.99.0.66 and a phone on one link: the flood once the box serves, then the phone. */
    After floodThenPhone(String name, Flood flood) throws Exception {
        Path work = Rig.tempDir(name);
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host box = rig.join(link, "box", BoxProcess.ADDRESS + "/24");
            Rig.Host device = rig.join(link, "flood", "10.99.0.66/24");
            Rig.Host phone = rig.join(link, "phone", null);
            BoxProcess server = new BoxProcess(rig, box, Files.createDirectories(work.resolve("stick")), work.resolve("data")).start();
            server.awaitLog("DHCP serving");

            List<DHCPPacket> packets = new ArrayList<>(flood.packets(new Random(name.hashCode())));
            // A last packet both the old and the new box answer the same way, so the log shows the flood was taken in.
            DHCPPacket marker = ClientExchange.request(0x7e57, HexFormat.of().parseHex("02000000e0f1"), DHCPConstants.DHCPREQUEST);
            marker.setOptionAsInetAddress(DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS, Ipv4.parse("10.99.0.5"));
            packets.add(marker);
            long started = System.nanoTime();
            RawUdp.dhcp(rig, device, work, packets);
            server.awaitLog("DHCP NAK to 02000000E0F1");
            System.out.printf("%s: %d packets sent and taken in within %d ms%n", name, packets.size(),
                    (System.nanoTime() - started) / 1_000_000);

            Path dir = Files.createDirectories(work.resolve("phone"));
            long asked = System.nanoTime();
            Exec.Result phoneRun = rig.run(phone, T, "busybox", "udhcpc", "-i", "vphone", "-f", "-q", "-n", "-t", "3", "-T", "1",
                    "-s", DhcpGuardIT.script(dir).toString(), "-O", "150", "-V", CISCO);
            assertEquals(0, phoneRun.exit(), "the phone got no lease after the flood:\n" + phoneRun.all() + "\n" + server.log());
            String lease = Files.readString(dir.resolve("lease.env"));
            System.out.printf("%s: the phone had its lease %d ms after it asked%n", name, (System.nanoTime() - asked) / 1_000_000);
            assertTrue(lease.contains("serverid=" + BoxProcess.ADDRESS) && lease.contains("siaddr=" + BoxProcess.ADDRESS), lease);
            String status = server.api("/api/status");
            assertTrue(status.contains("\"serving\":true"), status);
            return new After(lease, status, server.log());
        }
    }

    @Test
    void declinesUnderRandomMacsBlockNoAddress() throws Exception {
        After after = floodThenPhone("decline", random -> {
            List<DHCPPacket> packets = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                DHCPPacket decline = ClientExchange.request(random.nextInt(), randomMac(random), DHCPConstants.DHCPDECLINE);
                decline.setOptionAsInetAddress(DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS, poolAddress(i));
                decline.setOptionAsInetAddress(DHCPConstants.DHO_DHCP_SERVER_IDENTIFIER, Ipv4.parse(BoxProcess.ADDRESS));
                packets.add(decline);
            }
            return packets;
        });
        assertFalse(after.log().contains("DHCP decline of"), "no DECLINE from a client that held nothing counted:\n" + after.log());
        assertFalse(after.log().contains("address pool exhausted"), after.log());
    }

    @Test
    void requestsWithoutADiscoverTakeNoAddress() throws Exception {
        After after = floodThenPhone("request", random -> {
            List<DHCPPacket> packets = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                // INIT-REBOOT: "my address is", as if it had one here before; every address of the pool in turn.
                DHCPPacket request = ClientExchange.request(random.nextInt(), randomMac(random), DHCPConstants.DHCPREQUEST);
                request.setOptionAsInetAddress(DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS, poolAddress(i));
                packets.add(request);
            }
            return packets;
        });
        assertEquals(1, after.log().lines().filter(l -> l.contains("DHCP lease")).count(),
                "only the phone was leased an address:\n" + after.log());
        assertEquals(1, after.status().split("\"mac\"", -1).length - 1, "the flood holds no binding: " + after.status());
    }

    @Test
    void discoversFromClientsThatAreNotPhonesLeaveRoomForPhones() throws Exception {
        After after = floodThenPhone("discover", random -> {
            List<DHCPPacket> packets = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                packets.add(ClientExchange.request(random.nextInt(), randomMac(random), DHCPConstants.DHCPDISCOVER));
            }
            return packets;
        });
        long offers = after.log().lines().filter(l -> l.contains("DHCP offer") && !l.contains("Cisco")).count();
        assertEquals(POOL_SIZE / 2, offers, "the flood is offered half the pool:\n" + after.log());
        assertTrue(after.log().contains("addresses for clients that are not phones are taken"), after.log());
    }
}
