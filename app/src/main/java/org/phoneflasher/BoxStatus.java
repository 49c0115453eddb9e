package org.phoneflasher;

import java.net.Inet4Address;
import java.util.Collection;
import java.util.List;
import org.phoneflasher.dhcp.DhcpGate.DhcpStatus;
import org.phoneflasher.dhcp.Lease;
import org.phoneflasher.firmware.Target;
import org.phoneflasher.phones.PhoneTracker.Today;
import org.phoneflasher.store.WriteBehind.StorageStatus;
import org.phoneflasher.web.Json;

/**
 * What /api/status and the page's header say about the box itself; the stick fields are null without a stick watcher.
 * {@code today} is the page's summary: phones done, working and failed today by the box's clock.
 */
public record BoxStatus(
        @Json.Named("interface") String port,
        Inet4Address address,
        DhcpStatus dhcp,
        String usb,
        Boolean stickPresent,
        Collection<Target> targets,
        List<String> problems,
        StorageStatus storage,
        List<Lease> leases,
        int livePages,
        Today today) {}
