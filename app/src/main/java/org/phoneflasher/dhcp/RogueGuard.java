package org.phoneflasher.dhcp;

import static org.dhcp4java.DHCPConstants.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.dhcp4java.DHCPPacket;
import org.phoneflasher.net.BoxInterface;
import org.phoneflasher.net.DeviceSocket;

/**
 * Asks the link, as a client would, whether a DHCP server other than the box answers. A box plugged into an office
 * LAN must stay silent rather than hand out addresses there.
 */
public final class RogueGuard {
    private static final int CLIENT_PORT = 68;
    private static final int SERVER_PORT = 67;

    private final BoxInterface port;
    private final Duration wait;
    private final SecureRandom random = new SecureRandom();

    public RogueGuard(BoxInterface port, Duration wait) {
        this.port = port;
        this.wait = wait;
    }

    /** A description of the other server that answered, or empty when none did within the wait. */
    public Optional<String> probe() throws IOException {
        int xid = random.nextInt();
        byte[] discover = discover(xid);
        try (DatagramChannel channel = DeviceSocket.open(port.name(), CLIENT_PORT);
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            InetSocketAddress everyone = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), SERVER_PORT);
            long deadline = System.nanoTime() + wait.toNanos();
            // A second DISCOVER halfway covers a lost first one, as real clients retry.
            long resendAt = System.nanoTime() + wait.toNanos() / 2;
            channel.send(ByteBuffer.wrap(discover), everyone);
            ByteBuffer buffer = ByteBuffer.allocate(1500);
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    return Optional.empty();
                }
                if (resendAt > 0 && now >= resendAt) {
                    channel.send(ByteBuffer.wrap(discover), everyone);
                    resendAt = 0;
                }
                long until = resendAt > 0 ? Math.min(resendAt, deadline) : deadline;
                selector.select(Math.max(1, (until - now) / 1_000_000));
                selector.selectedKeys().clear();
                buffer.clear();
                SocketAddress from;
                while ((from = channel.receive(buffer)) != null) {
                    Optional<String> foreign = foreignOffer(buffer, xid, from);
                    if (foreign.isPresent()) {
                        return foreign;
                    }
                    buffer.clear();
                }
            }
        }
    }

    private Optional<String> foreignOffer(ByteBuffer buffer, int xid, SocketAddress from) {
        buffer.flip();
        byte[] bytes = Arrays.copyOf(buffer.array(), buffer.limit());
        DHCPPacket reply;
        try {
            reply = DHCPPacket.getPacket(bytes, 0, bytes.length, false);
        } catch (IllegalArgumentException e) { // DHCPBadPacketException included
            return Optional.empty();
        }
        if (reply.getOp() != BOOTREPLY || reply.getXid() != xid) {
            return Optional.empty();
        }
        InetAddress server;
        try {
            server = reply.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER);
        } catch (IllegalArgumentException e) {
            server = null;
        }
        if (server == null && from instanceof InetSocketAddress sender) {
            server = sender.getAddress();
        }
        if (port.address().equals(server)) {
            return Optional.empty();
        }
        return Optional.of("another DHCP server (" + (server == null ? "unknown" : server.getHostAddress())
                + ") answered on " + port.name() + ", offering " + reply.getYiaddr().getHostAddress());
    }

    private byte[] discover(int xid) {
        DHCPPacket packet = new DHCPPacket();
        packet.setOp(BOOTREQUEST);
        packet.setHtype(HTYPE_ETHER);
        packet.setHlen((byte) 6);
        packet.setXid(xid);
        // Broadcast flag: the answer must reach us while we have no address to be unicast to.
        packet.setFlags((short) 0x8000);
        packet.setChaddr(port.mac());
        packet.setDHCPMessageType(DHCPDISCOVER);
        packet.setOptionAsString(DHO_VENDOR_CLASS_IDENTIFIER, "phoneflasher-guard");
        packet.setOptionRaw(DHO_DHCP_PARAMETER_REQUEST_LIST, new byte[] {DHO_SUBNET_MASK, DHO_ROUTERS});
        return packet.serialize();
    }
}
