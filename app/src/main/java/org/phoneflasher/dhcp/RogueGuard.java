package org.phoneflasher.dhcp;

import static org.dhcp4java.DHCPConstants.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dhcp4java.DHCPPacket;
import org.phoneflasher.net.BoxInterface;

/**
 * Asks the link, as a client would, whether a DHCP server other than the box answers. A box plugged into an office
 * LAN must stay silent rather than hand out addresses there.
 */
public final class RogueGuard {
    private final BoxInterface port;
    private final Duration quick;
    private final Duration wait;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param quick how long the first, quick part of a probe listens (see {@link #probe(Runnable)})
     * @param wait  how long a whole probe listens
     */
    public RogueGuard(BoxInterface port, Duration quick, Duration wait) {
        this.port = port;
        this.quick = quick.compareTo(wait) < 0 ? quick : wait;
        this.wait = wait;
    }

    /**
     * A description of the other server that answered, or empty when none did within the wait. An INFORM and a
     * DISCOVER go out together: servers answer an INFORM at once (dnsmasq in milliseconds), while many ping an address
     * for seconds before they OFFER it. {@code quietSoFar} runs once the quick part passed without an answer; both are
     * then sent again, and once more halfway through the rest, and answers are listened for to the end of the wait.
     */
    public Optional<String> probe(Runnable quietSoFar) throws IOException {
        int xid = random.nextInt();
        DHCPPacket discover = ClientExchange.request(xid, port.mac(), DHCPDISCOVER);
        discover.setOptionAsString(DHO_VENDOR_CLASS_IDENTIFIER, "phoneflasher-guard");
        discover.setOptionRaw(DHO_DHCP_PARAMETER_REQUEST_LIST, new byte[] {DHO_SUBNET_MASK, DHO_ROUTERS});
        DHCPPacket inform = ClientExchange.request(xid, port.mac(), DHCPINFORM);
        inform.setCiaddr(port.address());
        inform.setOptionAsString(DHO_VENDOR_CLASS_IDENTIFIER, "phoneflasher-guard");
        Predicate<DHCPPacket> foreign = reply -> !port.address().equals(serverOf(reply, null));
        // INFORM first: dnsmasq handles one packet at a time and sits out its ping on a DISCOVER before the next.
        List<DHCPPacket> asks = List.of(inform, discover);
        try (ClientExchange exchange = ClientExchange.open(port.name())) {
            // Sent again halfway through the wait if the quick part lasts that long (a lost first pair).
            Optional<ClientExchange.Reply> reply = exchange.exchange(asks, quick, wait.dividedBy(2), foreign);
            if (reply.isEmpty()) {
                quietSoFar.run();
                Duration rest = wait.minus(quick);
                if (!rest.isZero()) {
                    // Sent again now and halfway: covers a lost first pair and a server that came up meanwhile.
                    reply = exchange.exchange(asks, rest, rest.dividedBy(2), foreign);
                }
            }
            return reply.map(this::describe);
        }
    }

    private String describe(ClientExchange.Reply reply) {
        DHCPPacket packet = reply.packet();
        String offer = Byte.valueOf(DHCPOFFER).equals(packet.getDHCPMessageType())
                ? ", offering " + packet.getYiaddr().getHostAddress() : "";
        return "another DHCP server (" + host(serverOf(packet, reply.from())) + ") answered on " + port.name() + offer;
    }

    /** The server identifier option, else the sender's address. */
    private static InetAddress serverOf(DHCPPacket reply, SocketAddress from) {
        try {
            InetAddress id = reply.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER);
            if (id != null) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // malformed option: fall back to the sender
        }
        return from instanceof InetSocketAddress sender ? sender.getAddress() : null;
    }

    private static String host(InetAddress address) {
        return address == null ? "unknown" : address.getHostAddress();
    }
}
