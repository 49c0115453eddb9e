package org.phoneflasher.sim;

import static org.dhcp4java.DHCPConstants.*;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.dhcp4java.DHCPPacket;
import org.phoneflasher.net.DeviceSocket;

/** The phone's side of DHCP: DISCOVER with the phone's option 60, REQUEST the offer, read what the ACK points at. */
final class SimDhcpClient {
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
        try (DatagramChannel channel = DeviceSocket.open(iface, 68); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            int xid = random.nextInt();
            DHCPPacket offer = exchange(channel, selector, request(xid, DHCPDISCOVER, null, null), xid, DHCPOFFER);
            DHCPPacket ack = exchange(channel, selector,
                    request(xid, DHCPREQUEST, offer.getYiaddr(), offer.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER)), xid,
                    DHCPACK);
            byte[] tftp150 = ack.getOptionRaw((byte) 150);
            return new SimLease((Inet4Address) ack.getYiaddr(), ack.getOptionAsInetAddr(DHO_SUBNET_MASK),
                    ack.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER), ack.getSiaddr(),
                    tftp150 == null || tftp150.length < 4 ? null : InetAddress.getByAddress(Arrays.copyOf(tftp150, 4)),
                    ack.getOptionAsString(DHO_TFTP_SERVER));
        }
    }

    private DHCPPacket request(int xid, byte type, InetAddress requested, InetAddress serverId) {
        DHCPPacket packet = new DHCPPacket();
        packet.setOp(BOOTREQUEST);
        packet.setHtype(HTYPE_ETHER);
        packet.setHlen((byte) 6);
        packet.setXid(xid);
        packet.setFlags((short) 0x8000);
        packet.setChaddr(mac);
        packet.setDHCPMessageType(type);
        // Cisco phones NUL-terminate option 60.
        packet.setOptionRaw(DHO_VENDOR_CLASS_IDENTIFIER, (vendorClass + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
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

    private DHCPPacket exchange(DatagramChannel channel, Selector selector, DHCPPacket request, int xid, byte expected)
            throws IOException {
        InetSocketAddress servers = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 67);
        byte[] bytes = request.serialize();
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buffer = ByteBuffer.allocate(1500);
        while (System.nanoTime() < deadline) {
            channel.send(ByteBuffer.wrap(bytes), servers);
            long resend = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < Math.min(resend, deadline)) {
                selector.select(200);
                selector.selectedKeys().clear();
                buffer.clear();
                while (channel.receive(buffer) != null) {
                    Optional<DHCPPacket> reply = parse(buffer, xid);
                    if (reply.isPresent()) {
                        Byte type = reply.get().getDHCPMessageType();
                        if (type != null && type == DHCPNAK) {
                            throw new IOException("server answered NAK: " + reply.get().getOptionAsString(DHO_DHCP_MESSAGE));
                        }
                        if (type != null && type == expected) {
                            return reply.get();
                        }
                    }
                    buffer.clear();
                }
            }
        }
        throw new IOException("no DHCP " + (expected == DHCPOFFER ? "OFFER" : "ACK") + " within " + timeout.toSeconds() + " s");
    }

    private Optional<DHCPPacket> parse(ByteBuffer buffer, int xid) {
        buffer.flip();
        try {
            DHCPPacket packet = DHCPPacket.getPacket(buffer.array(), 0, buffer.limit(), false);
            return packet.getOp() == BOOTREPLY && packet.getXid() == xid && Arrays.equals(Arrays.copyOf(packet.getChaddr(), 6), mac)
                    ? Optional.of(packet) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
