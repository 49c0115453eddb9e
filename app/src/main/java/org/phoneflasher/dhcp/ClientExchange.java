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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dhcp4java.DHCPPacket;
import org.phoneflasher.net.DeviceSocket;

/**
 * The client side of DHCP on one interface: broadcast a request, resend it now and then as real clients do, and
 * wait for a reply that belongs to it. The box's guard uses it to ask the link, the simulated phone to get a lease.
 */
public final class ClientExchange implements AutoCloseable {
    private static final int CLIENT_PORT = 68;
    private static final int SERVER_PORT = 67;

    private final DatagramChannel channel;
    private final Selector selector;

    /** A reply and where it came from. */
    public record Reply(DHCPPacket packet, SocketAddress from) {}

    private ClientExchange(DatagramChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    public static ClientExchange open(String iface) throws IOException {
        DatagramChannel channel = DeviceSocket.open(iface, CLIENT_PORT);
        try {
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new ClientExchange(channel, selector);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** A BOOTREQUEST of the given DHCP type; the broadcast flag asks for replies we can hear without an address. */
    public static DHCPPacket request(int xid, byte[] mac, byte type) {
        DHCPPacket packet = new DHCPPacket();
        packet.setOp(BOOTREQUEST);
        packet.setHtype(HTYPE_ETHER);
        packet.setHlen((byte) 6);
        packet.setXid(xid);
        packet.setFlags((short) 0x8000);
        packet.setChaddr(mac);
        packet.setDHCPMessageType(type);
        return packet;
    }

    /**
     * Broadcasts {@code request}, again every {@code resendEvery}, until a BOOTREPLY with its xid passes
     * {@code accept} or {@code wait} is over.
     */
    public Optional<Reply> exchange(DHCPPacket request, Duration wait, Duration resendEvery, Predicate<DHCPPacket> accept)
            throws IOException {
        return exchange(List.of(request), wait, resendEvery, accept);
    }

    /** As {@link #exchange(DHCPPacket, Duration, Duration, Predicate)} for several requests sharing one xid. */
    public Optional<Reply> exchange(List<DHCPPacket> requests, Duration wait, Duration resendEvery,
                                    Predicate<DHCPPacket> accept) throws IOException {
        InetSocketAddress servers = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), SERVER_PORT);
        int xid = requests.get(0).getXid();
        List<byte[]> packets = requests.stream().map(DHCPPacket::serialize).toList();
        ByteBuffer buffer = ByteBuffer.allocate(1500);
        long deadline = System.nanoTime() + wait.toNanos();
        long resendAt = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                return Optional.empty();
            }
            if (now >= resendAt) {
                for (byte[] packet : packets) {
                    channel.send(ByteBuffer.wrap(packet), servers);
                }
                resendAt = now + resendEvery.toNanos();
            }
            selector.select(Math.max(1, (Math.min(resendAt, deadline) - now) / 1_000_000));
            selector.selectedKeys().clear();
            buffer.clear();
            SocketAddress from;
            while ((from = channel.receive(buffer)) != null) {
                buffer.flip();
                Optional<DHCPPacket> reply = parse(buffer, xid);
                if (reply.isPresent() && accept.test(reply.get())) {
                    return Optional.of(new Reply(reply.get(), from));
                }
                buffer.clear();
            }
        }
    }

    private static Optional<DHCPPacket> parse(ByteBuffer buffer, int xid) {
        try {
            DHCPPacket packet = DHCPPacket.getPacket(buffer.array(), 0, buffer.limit(), false);
            return packet.getOp() == BOOTREPLY && packet.getXid() == xid ? Optional.of(packet) : Optional.empty();
        } catch (IllegalArgumentException e) { // DHCPBadPacketException included: not a DHCP packet
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
