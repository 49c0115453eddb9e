package org.phoneflasher.dhcp;

import static org.dhcp4java.DHCPConstants.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.dhcp4java.DHCPOption;
import org.dhcp4java.DHCPPacket;
import org.dhcp4java.DHCPResponseFactory;
import org.dhcp4java.DHCPServlet;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.net.BoxInterface;
import org.phoneflasher.net.Mac;

/** The DHCP decisions: dhcp4java parses and dispatches, this answers DISCOVER/REQUEST/RELEASE/DECLINE/INFORM. */
public final class LeaseServlet extends DHCPServlet {
    private static final byte OPTION_CISCO_TFTP = (byte) 150;

    private final DhcpSettings settings;
    private final LeasePool pool;
    private final EventBus events;
    /** Told when a client names another server; the gate decides what that means. */
    private final Consumer<String> otherServerNamed;
    private final DHCPOption[] replyOptions;

    public LeaseServlet(DhcpSettings settings, LeasePool pool, EventBus events, Consumer<String> otherServerNamed) {
        this.settings = settings;
        this.pool = pool;
        this.events = events;
        this.otherServerNamed = otherServerNamed;
        this.replyOptions = replyOptions(settings);
    }

    /**
     * Option 150, option 66 and siaddr all name the box: which one a phone uses is undocumented, a MikroTik user saw
     * option 150 ignored where next-server worked (seed 000), so every reply carries all three.
     */
    private static DHCPOption[] replyOptions(DhcpSettings settings) {
        BoxInterface port = settings.port();
        List<DHCPOption> options = new ArrayList<>();
        options.add(DHCPOption.newOptionAsInetAddress(DHO_SUBNET_MASK, port.netmask()));
        options.add(DHCPOption.newOptionAsInetAddress(DHO_BROADCAST_ADDRESS, port.broadcast()));
        if (settings.router() != null) {
            options.add(DHCPOption.newOptionAsInetAddresses(DHO_ROUTERS, new InetAddress[] {settings.router()}));
        }
        options.add(new DHCPOption(OPTION_CISCO_TFTP, DHCPOption.inetAddresses2Bytes(new InetAddress[] {port.address()})));
        options.add(DHCPOption.newOptionAsString(DHO_TFTP_SERVER, port.address().getHostAddress()));
        return options.toArray(new DHCPOption[0]);
    }

    @Override
    protected DHCPPacket doDiscover(DHCPPacket request) {
        Optional<Mac> mac = macOf(request);
        if (mac.isEmpty()) {
            return null;
        }
        VendorClass vendor = VendorClass.parse(string(request, DHO_VENDOR_CLASS_IDENTIFIER));
        LeasePool.Answer offered = pool.offer(mac.get(), requestedAddress(request), text(vendor), hostname(request),
                settings.leaseSeconds());
        if (!offered.given()) {
            events.publish(new Event.DhcpRefusedRequest(Instant.now(), mac.get(), null, offered.refusal()));
            return null;
        }
        DHCPPacket offer = DHCPResponseFactory.makeDHCPOffer(request, offered.address(), (int) offered.seconds(),
                settings.port().address(), null, replyOptions);
        offer.setSiaddr(settings.port().address());
        events.publish(new Event.DhcpOffered(Instant.now(), mac.get(), offered.address(), text(vendor), model(vendor)));
        return offer;
    }

    @Override
    protected DHCPPacket doRequest(DHCPPacket request) {
        Optional<Mac> mac = macOf(request);
        if (mac.isEmpty()) {
            return null;
        }
        InetAddress serverId = option(request, DHO_DHCP_SERVER_IDENTIFIER);
        if (serverId != null && !serverId.equals(settings.port().address())) {
            // SELECTING with another server's id: the client took an OFFER from another server, or says so.
            otherServerNamed.accept("a client asked DHCP server " + serverId.getHostAddress() + " for its offer");
            return null;
        }
        Inet4Address wanted = requestedAddress(request);
        if (wanted == null && request.getCiaddr() instanceof Inet4Address ciaddr && !ciaddr.isAnyLocalAddress()) {
            wanted = ciaddr;
        }
        if (wanted == null) {
            return nak(request, mac.get(), null, "REQUEST names no address");
        }
        if (!pool.inPool(wanted)) {
            return nak(request, mac.get(), wanted, "address is not in this box's pool");
        }
        VendorClass vendor = VendorClass.parse(string(request, DHO_VENDOR_CLASS_IDENTIFIER));
        LeasePool.Answer lease = pool.confirm(mac.get(), wanted, settings.leaseSeconds(), text(vendor), hostname(request));
        if (!lease.given()) {
            return nak(request, mac.get(), wanted, lease.refusal());
        }
        DHCPPacket ack = DHCPResponseFactory.makeDHCPAck(request, wanted, (int) lease.seconds(),
                settings.port().address(), null, replyOptions);
        ack.setSiaddr(settings.port().address());
        events.publish(new Event.DhcpLeased(Instant.now(), mac.get(), wanted, text(vendor), model(vendor), lease.seconds()));
        return ack;
    }

    /** Only the holder's RELEASE counts: its MAC, the address in ciaddr it holds, and no other server named. */
    @Override
    protected DHCPPacket doRelease(DHCPPacket request) {
        Optional<Mac> mac = macOf(request);
        if (mac.isPresent() && !namesAnotherServer(request) && request.getCiaddr() instanceof Inet4Address ciaddr) {
            pool.release(mac.get(), ciaddr).ifPresent(lease -> events.publish(
                    new Event.DhcpReleased(Instant.now(), lease.mac(), lease.ip(), "release")));
        }
        return null;
    }

    /** Only the holder's DECLINE counts; any other (a flood under random MACs) is dropped without a word. */
    @Override
    protected DHCPPacket doDecline(DHCPPacket request) {
        Optional<Mac> mac = macOf(request);
        Inet4Address declined = requestedAddress(request);
        if (mac.isPresent() && declined != null && !namesAnotherServer(request)) {
            pool.decline(mac.get(), declined).ifPresent(lease -> events.publish(
                    new Event.DhcpReleased(Instant.now(), lease.mac(), declined, "decline")));
        }
        return null;
    }

    private boolean namesAnotherServer(DHCPPacket request) {
        InetAddress serverId = option(request, DHO_DHCP_SERVER_IDENTIFIER);
        return serverId != null && !serverId.equals(settings.port().address());
    }

    /** A host with an address asks only for options: it gets the TFTP pointers, no lease. */
    @Override
    protected DHCPPacket doInform(DHCPPacket request) {
        if (macOf(request).isEmpty() || request.getCiaddr().isAnyLocalAddress()) {
            return null;
        }
        DHCPPacket ack = DHCPResponseFactory.makeDHCPAck(request, request.getCiaddr(), 0, settings.port().address(), null,
                replyOptions);
        ack.setSiaddr(settings.port().address());
        return ack;
    }

    private DHCPPacket nak(DHCPPacket request, Mac mac, Inet4Address wanted, String reason) {
        events.publish(new Event.DhcpRefusedRequest(Instant.now(), mac, wanted, reason));
        return DHCPResponseFactory.makeDHCPNak(request, settings.port().address(), reason);
    }

    /** Ethernet MACs only; the box's own MAC is its guard probing the link, not a phone. */
    private Optional<Mac> macOf(DHCPPacket request) {
        if (request.getHtype() != HTYPE_ETHER || request.getHlen() != 6) {
            return Optional.empty();
        }
        byte[] mac = Arrays.copyOf(request.getChaddr(), 6);
        if (Arrays.equals(mac, settings.port().mac())) {
            return Optional.empty();
        }
        return Mac.parse(HexFormat.of().withUpperCase().formatHex(mac));
    }

    private static String text(VendorClass vendor) {
        return vendor == null ? null : vendor.text();
    }

    private static String model(VendorClass vendor) {
        return vendor == null ? null : vendor.model().orElse(null);
    }

    private static String hostname(DHCPPacket request) {
        return string(request, DHO_HOST_NAME);
    }

    private static Inet4Address requestedAddress(DHCPPacket request) {
        return option(request, DHO_DHCP_REQUESTED_ADDRESS) instanceof Inet4Address v4 ? v4 : null;
    }

    // A malformed option from the wire reads as absent rather than failing the whole packet.
    private static InetAddress option(DHCPPacket request, byte code) {
        try {
            return request.getOptionAsInetAddr(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String string(DHCPPacket request, byte code) {
        try {
            return request.getOptionAsString(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
