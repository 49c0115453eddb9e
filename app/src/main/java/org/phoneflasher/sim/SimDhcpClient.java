package org.phoneflasher.sim;

import static org.dhcp4java.DHCPConstants.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.dhcp4java.DHCPPacket;
import org.phoneflasher.dhcp.ClientExchange;

/** The phone's side of DHCP: DISCOVER with the phone's option 60, REQUEST the offer, read what the ACK points at. */
final class SimDhcpClient {
    private static final Duration RESEND = Duration.ofSeconds(2);

    private final String iface;
    private final byte[] mac;
    private final String vendorClass;
    private final Duration timeout;
    private final Random random = new Random();

    /** What the phone learnt: its address and the three ways the box names its TFTP server. */
    record SimLease(Inet4Address address, InetAddress mask, InetAddress serverId, InetAddress siaddr, InetAddress option150,
            String option66) {}

    SimDhcpClient(String iface, byte[] mac, String vendorClass, Duration timeout) {
        this.iface = iface;
        this.mac = mac;
        this.vendorClass = vendorClass;
        this.timeout = timeout;
    }

    SimLease lease() throws IOException {
        try (ClientExchange exchange = ClientExchange.open(iface)) {
            int xid = random.nextInt();
            DHCPPacket offer = answer(exchange, request(xid, DHCPDISCOVER, null, null), DHCPOFFER);
            DHCPPacket ack = answer(exchange,
                    request(xid, DHCPREQUEST, offer.getYiaddr(), offer.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER)), DHCPACK);
            byte[] tftp150 = ack.getOptionRaw((byte) 150);
            return new SimLease((Inet4Address) ack.getYiaddr(), ack.getOptionAsInetAddr(DHO_SUBNET_MASK),
                    ack.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER), ack.getSiaddr(),
                    tftp150 == null || tftp150.length < 4 ? null : InetAddress.getByAddress(Arrays.copyOf(tftp150, 4)),
                    ack.getOptionAsString(DHO_TFTP_SERVER));
        }
    }

    private DHCPPacket request(int xid, byte type, InetAddress requested, InetAddress serverId) {
        DHCPPacket packet = ClientExchange.request(xid, mac, type);
        // Cisco phones NUL-terminate option 60.
        packet.setOptionRaw(DHO_VENDOR_CLASS_IDENTIFIER, (vendorClass + "\0").getBytes(StandardCharsets.US_ASCII));
        packet.setOptionRaw(DHO_DHCP_PARAMETER_REQUEST_LIST, new byte[] {DHO_SUBNET_MASK, DHO_ROUTERS, DHO_DOMAIN_NAME_SERVERS,
                DHO_TFTP_SERVER, (byte) 150});
        if (requested != null) {
            packet.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, requested);
        }
        if (serverId != null) {
            packet.setOptionAsInetAddress(DHO_DHCP_SERVER_IDENTIFIER, serverId);
        }
        return packet;
    }

    private DHCPPacket answer(ClientExchange exchange, DHCPPacket request, byte expected) throws IOException {
        DHCPPacket reply = exchange.exchange(request, timeout, RESEND, p -> Arrays.equals(Arrays.copyOf(p.getChaddr(), 6), mac)
                        && p.getDHCPMessageType() != null && (p.getDHCPMessageType() == expected || p.getDHCPMessageType() == DHCPNAK))
                .orElseThrow(() -> new IOException("no DHCP " + (expected == DHCPOFFER ? "OFFER" : "ACK") + " within "
                        + timeout.toSeconds() + " s"))
                .packet();
        if (reply.getDHCPMessageType() == DHCPNAK) {
            throw new IOException("server answered NAK: " + reply.getOptionAsString(DHO_DHCP_MESSAGE));
        }
        return reply;
    }
}
