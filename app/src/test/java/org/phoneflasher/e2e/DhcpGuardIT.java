package org.phoneflasher.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.dhcp4java.DHCPConstants;
import org.dhcp4java.DHCPPacket;
import org.junit.jupiter.api.Test;
import org.phoneflasher.dhcp.ClientExchange;
import org.phoneflasher.net.BoxInterface.Ipv4;

/** The box must never become a rogue DHCP server: not beside another server, not on an office uplink. */
class DhcpGuardIT {
    static final Duration T = Duration.ofSeconds(60);

    static Path script(Path dir) throws Exception {
        Path env = dir.resolve("lease.env");
        Path script = dir.resolve("udhcpc.sh");
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = bound ] && env > " + env + "\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    static Exec.Result udhcpc(Rig rig, Rig.Host host, String iface, Path script, int pauseSeconds) {
        return rig.run(host, T, "busybox", "udhcpc", "-i", iface, "-f", "-q", "-n", "-t", "3", "-T",
                String.valueOf(pauseSeconds), "-s", script.toString(), "-O", "150");
    }

    @Test
    void withDnsmasqOnTheLinkTheBoxDeclinesDhcpButKeepsServingFiles() throws Exception {
        Path work = Rig.tempDir("rogue");
        Path stick = Files.createDirectories(work.resolve("stick"));
        Files.writeString(stick.resolve("RINGLIST.DAT"), "ring list");
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host box = rig.boxOn(link);
            Rig.Host office = rig.host("dhcp");
            Rig.Host phone = rig.phoneOn(link, null);
            rig.plug(office, "voffice", link, "10.99.0.2/24");
            Path dnsmasqLog = dnsmasq(rig, office, work);
            // dnsmasq pings an address before offering it, so its OFFER comes seconds late; it answers the INFORM at once.
            BoxProcess server = new BoxProcess(rig, box, stick, work.resolve("data"), "--guard-wait", "5").start();

            String log = server.log();
            assertTrue(log.contains("DHCP not served: another DHCP server (10.99.0.2) answered on vbox"),
                    log + "\ndnsmasq:\n" + Files.readString(dnsmasqLog));
            assertFalse(log.contains("DHCP serving"), "the gate never opened:\n" + log);
            String status = server.api("/api/status");
            assertTrue(status.contains("\"serving\":false"), status);

            Path script = script(work);
            udhcpc(rig, phone, "vphone", script, 4).ok();
            String lease = Files.readString(work.resolve("lease.env"));
            assertTrue(lease.contains("serverid=10.99.0.2"), "the phone got its lease from dnsmasq: " + lease);
            assertFalse(server.log().contains("DHCP offer"), "the box offered nothing:\n" + server.log());

            // Files are still served to a phone that got its address elsewhere.
            rig.run(phone, T, "ip", "addr", "add", "10.99.0.51/24", "dev", "vphone").ok();
            Path got = work.resolve("got.xml");
            rig.run(phone, T, "tftp", "-m", "binary", BoxProcess.ADDRESS, "-c", "get", "RINGLIST.DAT", got.toString()).ok();
            assertEquals("ring list", Files.readString(got));
        }
    }

    @Test
    void aClientOnASecondInterfaceGetsNoReplyWhileThePhonePortServes() throws Exception {
        Path work = Rig.tempDir("uplink");
        Path stick = Files.createDirectories(work.resolve("stick"));
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Switch lan = rig.newSwitch("lan");
            Rig.Host box = rig.boxOn(link);
            Rig.Host phone = rig.phoneOn(link, null);
            Rig.Host desk = rig.host("desk");
            rig.plug(box, "vup", lan, "10.98.0.1/24");
            rig.plug(desk, "vdesk", lan, null);
            BoxProcess server = new BoxProcess(rig, box, stick, work.resolve("data")).start();
            assertTrue(server.log().contains("DHCP serving"), server.log());

            Path deskDir = Files.createDirectories(work.resolve("desk"));
            Exec.Result office = udhcpc(rig, desk, "vdesk", script(deskDir), 1);
            assertNotEquals(0, office.exit(), "a host on the uplink must get no lease: " + office.all());
            assertFalse(Files.exists(deskDir.resolve("lease.env")));

            Path phoneDir = Files.createDirectories(work.resolve("phone"));
            udhcpc(rig, phone, "vphone", script(phoneDir), 1).ok();
            assertTrue(Files.readString(phoneDir.resolve("lease.env")).contains("siaddr=" + BoxProcess.ADDRESS));
            assertEquals(1, server.log().split("DHCP offer", -1).length - 1, "exactly one offer, to the phone:\n" + server.log());
        }
    }

    /** A stock dnsmasq (it pings before it offers) serving DHCP on the host's voffice; returns its log. */
    static Path dnsmasq(Rig rig, Rig.Host host, Path work, String... options) throws IOException {
        Path log = work.resolve("dnsmasq.log");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("dnsmasq", "--keep-in-foreground",
                "--log-facility=-", "--conf-file=/dev/null", "--port=0", "--interface=voffice", "--bind-interfaces",
                "--dhcp-range=10.99.0.50,10.99.0.60,1h", "--dhcp-leasefile=" + work.resolve("dnsmasq.leases"),
                "--pid-file=" + work.resolve("dnsmasq.pid"), "--log-dhcp"));
        command.addAll(java.util.List.of(options));
        rig.start(host, log, command.toArray(String[]::new));
        Await.until("dnsmasq to listen", Duration.ofSeconds(10), () -> read(log).contains("DHCP, IP range"), () -> read(log));
        return log;
    }

    /** A box on the link whose guard opens the gate after a quiet 300 ms and listens on to 8 s. */
    static BoxProcess quickGuardBox(Rig rig, Rig.Switch link, Path work) throws Exception {
        Rig.Host box = rig.boxOn(link);
        return new BoxProcess(rig, box, Files.createDirectories(work.resolve("stick")), work.resolve("data"),
                "--guard-wait", "8", "--guard-quick-ms", "300").start();
    }

    @Test
    void onAQuietLinkThePhoneGetsItsLeaseBeforeTheGuardHasFinishedListening() throws Exception {
        Path work = Rig.tempDir("quick");
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host phone = rig.phoneOn(link, null);
            BoxProcess server = quickGuardBox(rig, link, work);
            assertTrue(server.log().contains("DHCP serving: no other DHCP server answered within 300 ms on vbox; still listening"),
                    server.log());

            Path dir = Files.createDirectories(work.resolve("phone"));
            udhcpc(rig, phone, "vphone", script(dir), 1).ok();
            assertTrue(Files.readString(dir.resolve("lease.env")).contains("siaddr=" + BoxProcess.ADDRESS));
            String log = server.log();
            assertTrue(log.contains("DHCP lease"), log);
            assertFalse(log.contains("DHCP serving: no other DHCP server answered on vbox"),
                    "the lease came while the guard still listened:\n" + log);
            server.awaitLog("DHCP serving: no other DHCP server answered on vbox");
        }
    }

    @Test
    void aServerThatAppearsWhileTheGuardStillListensClosesTheGate() throws Exception {
        Path work = Rig.tempDir("late");
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host office = rig.host("dhcp");
            rig.plug(office, "voffice", link, "10.99.0.2/24");
            BoxProcess server = quickGuardBox(rig, link, work);
            assertTrue(server.log().contains("still listening"), server.log());
            dnsmasq(rig, office, work);
            // The guard sends its DISCOVER and INFORM again halfway through the rest of its wait (about 4 s in).
            server.awaitLog("DHCP not served: another DHCP server (10.99.0.2) answered on vbox");
            assertTrue(server.api("/api/status").contains("\"serving\":false"));
        }
    }

    /** A client's REQUEST (SELECTING) for an offer from the server {@code serverId}, as any device can send one. */
    static DHCPPacket requestNaming(String serverId) {
        DHCPPacket request = ClientExchange.request(0x5eed, new byte[] {0x02, 0, 0, 0, 0, 0x66}, DHCPConstants.DHCPREQUEST);
        request.setOptionAsInetAddress(DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS, Ipv4.parse("10.99.0.150"));
        request.setOptionAsInetAddress(DHCPConstants.DHO_DHCP_SERVER_IDENTIFIER, Ipv4.parse(serverId));
        return request;
    }

    @Test
    void aClientNamingAnotherServerDoesNotStopTheBoxOfferingTheNextPhone() throws Exception {
        Path work = Rig.tempDir("named");
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host liar = rig.host("liar");
            Rig.Host phone = rig.phoneOn(link, null);
            rig.plug(liar, "vliar", link, "10.99.0.66/24");
            BoxProcess server = quickGuardBox(rig, link, work);
            server.awaitLog("DHCP serving: no other DHCP server answered on vbox");

            RawUdp.dhcp(rig, liar, work, requestNaming("10.99.0.77"));
            // The box has taken the REQUEST in: it either probes the link or (the old way) closed the gate on it.
            Await.until("the REQUEST to reach the box", Duration.ofSeconds(15), () -> server.logOrError().contains(
                    "a client asked DHCP server 10.99.0.77") || server.logOrError().contains("DHCP not served: a client"), server::logOrError);
            Path dir = Files.createDirectories(work.resolve("phone"));
            udhcpc(rig, phone, "vphone", script(dir), 1).ok();
            assertTrue(Files.readString(dir.resolve("lease.env")).contains("serverid=" + BoxProcess.ADDRESS), server.log());
            assertFalse(server.log().contains("DHCP not served: a client"), "a REQUEST alone closed the gate:\n" + server.log());
            assertTrue(server.api("/api/status").contains("\"serving\":true"));
        }
    }

    @Test
    void aClientNamingAServerThatIsThereHasTheBoxProbeAndCloseAtOnce() throws Exception {
        Path work = Rig.tempDir("named-real");
        try (Rig rig = new Rig()) {
            Rig.Switch link = rig.newSwitch("link");
            Rig.Host office = rig.host("dhcp");
            rig.plug(office, "voffice", link, "10.99.0.2/24");
            BoxProcess server = quickGuardBox(rig, link, work);
            server.awaitLog("DHCP serving: no other DHCP server answered on vbox");
            Path dnsmasqLog = dnsmasq(rig, office, work);
            // The next scheduled probe is 30 s away: a REQUEST naming dnsmasq makes the box look now, and dnsmasq's
            // reply to that probe, not the REQUEST, closes the gate.
            RawUdp.dhcp(rig, office, work, requestNaming("10.99.0.2"));
            server.awaitLog("DHCP not served: another DHCP server (10.99.0.2) answered on vbox");
            assertFalse(server.log().contains("DHCP not served: a client"), server.log() + "\ndnsmasq:\n" + Files.readString(dnsmasqLog));
            assertTrue(server.api("/api/status").contains("\"serving\":false"));
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
