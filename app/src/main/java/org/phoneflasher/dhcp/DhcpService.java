package org.phoneflasher.dhcp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.phoneflasher.Timers;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.net.DeviceSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server on the phone port: a socket bound to that interface only, the guard deciding whether the box may
 * answer at all, and {@link LeaseServlet} deciding what to answer.
 */
public final class DhcpService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpService.class);
    private static final int SERVER_PORT = 67;

    private final DhcpSettings settings;
    private final EventBus events;
    private final LeaseServlet servlet;
    private final RogueGuard guard;
    private final ScheduledExecutorService guardTimer = Timers.daemon("dhcp-guard");
    private volatile DhcpStatus status = new DhcpStatus(false, "not started");
    private DatagramChannel channel;
    private Thread listener;

    /** Whether the box answers DHCP on its port, and why. */
    public record DhcpStatus(boolean serving, String reason) {}

    public DhcpService(DhcpSettings settings, LeasePool pool, EventBus events) {
        this.settings = settings;
        this.events = events;
        this.servlet = new LeaseServlet(settings, pool, events, this::foreignServerSeen);
        this.guard = new RogueGuard(settings.port(), settings.guardWait());
    }

    public void start() throws IOException {
        if (settings.force()) {
            setStatus(true, "forced with --force-dhcp; the link is not checked for other servers");
        } else {
            checkLink();
        }
        channel = DeviceSocket.open(settings.port().name(), SERVER_PORT);
        listener = new Thread(this::listen, "dhcp");
        listener.setDaemon(true);
        listener.start();
        if (!settings.force() && !settings.guardEvery().isZero()) {
            long every = settings.guardEvery().toMillis();
            guardTimer.scheduleWithFixedDelay(this::checkLink, every, every, TimeUnit.MILLISECONDS);
        }
    }

    public DhcpStatus status() {
        return status;
    }

    private void checkLink() {
        Optional<String> foreign;
        try {
            foreign = guard.probe();
        } catch (IOException e) {
            // Without a probe the box cannot know the link is safe: stay silent.
            setStatus(false, "could not probe " + settings.port().name() + " for other DHCP servers: " + e.getMessage());
            return;
        }
        if (foreign.isPresent()) {
            setStatus(false, foreign.get() + "; not serving DHCP (TFTP and HTTP still served; --force-dhcp overrides)");
        } else {
            setStatus(true, "no other DHCP server answered on " + settings.port().name());
        }
    }

    private void foreignServerSeen(String what) {
        if (!settings.force()) {
            setStatus(false, what + "; not serving DHCP (TFTP and HTTP still served; --force-dhcp overrides)");
        }
    }

    private synchronized void setStatus(boolean serving, String reason) {
        DhcpStatus previous = status;
        status = new DhcpStatus(serving, reason);
        if (previous.serving() != serving || !previous.reason().equals(reason)) {
            events.publish(new Event.DhcpServing(Instant.now(), serving, reason));
        }
    }

    private void listen() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (!status.serving() || !(from instanceof InetSocketAddress sender)) {
                    continue;
                }
                buffer.flip();
                byte[] bytes = Arrays.copyOf(buffer.array(), buffer.limit());
                DatagramPacket reply = servlet.serviceDatagram(new DatagramPacket(bytes, bytes.length, sender));
                if (reply != null && status.serving()) {
                    channel.send(ByteBuffer.wrap(reply.getData(), reply.getOffset(), reply.getLength()),
                            reply.getSocketAddress());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("DHCP packet not answered: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        guardTimer.shutdownNow();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing DHCP socket", e);
            }
        }
    }
}
