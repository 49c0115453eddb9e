package org.phoneflasher.dhcp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.net.DeviceSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server on the phone port: a socket bound to that interface only, the {@link DhcpGate} deciding whether the
 * box may answer at all, and {@link LeaseServlet} deciding what to answer.
 */
public final class DhcpService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpService.class);
    private static final int SERVER_PORT = 67;

    private final DhcpSettings settings;
    private final DhcpGate gate;
    private final LeaseServlet servlet;
    private DatagramChannel channel;
    private Thread listener;

    public DhcpService(DhcpSettings settings, LeasePool pool, EventBus events, DhcpGate gate) {
        this.settings = settings;
        this.gate = gate;
        this.servlet = new LeaseServlet(settings, pool, events, gate::otherServerNamed);
    }

    public void start() throws IOException {
        channel = DeviceSocket.open(settings.port().name(), SERVER_PORT);
        listener = new Thread(this::listen, "dhcp");
        listener.setDaemon(true);
        listener.start();
    }

    private void listen() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (!gate.open() || !(from instanceof InetSocketAddress sender)) {
                    continue;
                }
                buffer.flip();
                byte[] bytes = Arrays.copyOf(buffer.array(), buffer.limit());
                DatagramPacket reply = servlet.serviceDatagram(new DatagramPacket(bytes, bytes.length, sender));
                if (reply != null && gate.open()) {
                    channel.send(ByteBuffer.wrap(reply.getData(), reply.getOffset(), reply.getLength()),
                            reply.getSocketAddress());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("DHCP packet not answered: {}", Event.printable(e.toString())); // may quote the packet
            }
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing DHCP socket", e);
            }
        }
    }
}
