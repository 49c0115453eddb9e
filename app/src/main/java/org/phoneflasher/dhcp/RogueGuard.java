package org.phoneflasher.dhcp;

import static org.dhcp4java.DHCPConstants.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.dhcp4java.DHCPPacket;
import org.phoneflasher.net.BoxInterface;

/**
 * Asks the link, as a client would, whether a DHCP server other than the box answers. A box plugged into an office
 * LAN must stay silent rather than hand out addresses there.
 */
public final class RogueGuard {
    private final BoxInterface port;
    private final Duration wait;
    private final SecureRandom random = new SecureRandom();

    public RogueGuard(BoxInterface port, Duration wait) {
        this.port = port;
        this.wait = wait;
    }

    /** A description of the other server that answered, or empty when none did within the wait. */
    public Optional<String> probe() throws IOException {
        DHCPPacket discover = ClientExchange.request(random.nextInt(), port.mac(), DHCPDISCOVER);
        discover.setOptionAsString(DHO_VENDOR_CLASS_IDENTIFIER, "phoneflasher-guard");
        discover.setOptionRaw(DHO_DHCP_PARAMETER_REQUEST_LIST, new byte[] {DHO_SUBNET_MASK, DHO_ROUTERS});
        try (ClientExchange exchange = ClientExchange.open(port.name())) {
            // A second DISCOVER halfway covers a lost first one.
            return exchange.exchange(discover, wait, wait.dividedBy(2), reply -> !port.address().equals(serverOf(reply, null)))
                    .map(reply -> "another DHCP server (" + host(serverOf(reply.packet(), reply.from())) + ") answered on "
                            + port.name() + ", offering " + reply.packet().getYiaddr().getHostAddress());
        }
    }

    /** The server identifier option, else the sender's address. */
    private static InetAddress serverOf(DHCPPacket reply, java.net.SocketAddress from) {
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
