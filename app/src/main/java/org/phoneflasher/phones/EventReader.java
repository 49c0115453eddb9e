package org.phoneflasher.phones;

import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.phoneflasher.dhcp.VendorClass;
import org.phoneflasher.events.Event;
import org.phoneflasher.net.Mac;

/**
 * Reads the DHCP and file servers' events as facts about one phone each: which phone (the MAC a name carries, else
 * the one the box leased the client's address to) and what it did. Not thread-safe: the tracker calls it under its
 * lock.
 */
final class EventReader {

    /** What one event says about one phone. */
    sealed interface Fact {
        Mac mac();

        Instant at();
    }

    /** It was offered or given an address; option 60 may name its model. */
    /** {@code phone}: option 60 says a Cisco phone (a laptop on the link is followed too, but never told to fix a phone menu). */
    record Addressed(Mac mac, Instant at, InetAddress ip, Optional<String> model, boolean leased, boolean phone) implements Fact {}

    record Asked(Mac mac, Instant at, String name) implements Fact {}

    record Progressed(Mac mac, Instant at, String name, long bytes, long total) implements Fact {}

    record Delivered(Mac mac, Instant at, String name, InetAddress ip, long bytes, long millis) implements Fact {}

    record Undelivered(Mac mac, Instant at, String name, InetAddress ip, long bytes, String reason) implements Fact {}

    /** It registered with the bench registrar (expires 0: it unregistered). */
    record Registered(Mac mac, Instant at, InetAddress source, long expires) implements Fact {}

    private final Map<InetAddress, Mac> macByIp = new HashMap<>();

    /** {@code mac} holds {@code ip} (a lease, a phone restored, a config served to it). */
    void learn(InetAddress ip, Mac mac) {
        if (ip != null) {
            macByIp.put(ip, mac);
        }
    }

    void forget(Mac mac) {
        macByIp.values().removeIf(mac::equals);
    }

    Optional<Fact> read(Event event) {
        if (event instanceof Event.DhcpOffered e) {
            return Optional.of(new Addressed(e.mac(), e.at(), e.address(), Optional.ofNullable(e.model()), false,
                    VendorClass.phone(e.vendorClass())));
        } else if (event instanceof Event.DhcpLeased e) {
            learn(e.address(), e.mac());
            return Optional.of(new Addressed(e.mac(), e.at(), e.address(), Optional.ofNullable(e.model()), true,
                    VendorClass.phone(e.vendorClass())));
        } else if (event instanceof Event.FileRequested e) {
            return macFor(e.client(), e.name()).map(mac -> new Asked(mac, e.at(), e.name()));
        } else if (event instanceof Event.FileProgress e) {
            return macFor(e.client(), e.name()).map(mac -> new Progressed(mac, e.at(), e.name(), e.bytes(), e.total()));
        } else if (event instanceof Event.FileSent e) {
            return macFor(e.client(), e.name())
                    .map(mac -> new Delivered(mac, e.at(), e.name(), e.client(), e.bytes(), e.millis()));
        } else if (event instanceof Event.SipRegistered e) {
            return Optional.of(new Registered(e.mac(), e.at(), e.source(), e.expires()));
        } else if (event instanceof Event.FileFailed e) {
            return macFor(e.client(), e.name())
                    .map(mac -> new Undelivered(mac, e.at(), e.name(), e.client(), e.bytes(), e.reason()));
        }
        return Optional.empty();
    }

    private Optional<Mac> macFor(InetAddress client, String name) {
        Optional<Mac> named = FileKind.macIn(name);
        return named.isPresent() ? named : Optional.ofNullable(macByIp.get(client));
    }
}
