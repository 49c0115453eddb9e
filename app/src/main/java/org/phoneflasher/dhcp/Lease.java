package org.phoneflasher.dhcp;

import java.net.Inet4Address;
import org.phoneflasher.net.Mac;

/** A MAC's address binding; kept after expiry so the same phone gets the same address back. */
public record Lease(Mac mac, Inet4Address ip, long expiresAt, String vendorClass, String hostname) {

    public Inet4Address address() {
        return ip;
    }

    public boolean activeAt(long nowMillis) {
        return expiresAt > nowMillis;
    }

    /** A packet that left out option 60 or 12 does not erase what an earlier one said. */
    public Lease keepingDetailsOf(Lease earlier) {
        return new Lease(mac, ip, expiresAt, vendorClass != null ? vendorClass : earlier.vendorClass(),
                hostname != null ? hostname : earlier.hostname());
    }

    public Lease until(long expiresAt) {
        return new Lease(mac, ip, expiresAt, vendorClass, hostname);
    }
}
