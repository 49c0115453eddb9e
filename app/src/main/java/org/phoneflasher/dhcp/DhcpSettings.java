package org.phoneflasher.dhcp;

import java.net.Inet4Address;
import java.time.Duration;
import org.phoneflasher.net.BoxInterface;

/**
 * How the box serves DHCP on its phone port.
 *
 * @param router     handed out as option 3 only when set: a phone on the box's link needs no gateway to flash
 * @param force      serve even when another DHCP server answers on the link
 * @param guardQuick how long the first probe listens before the box starts serving (it listens on to guardWait)
 * @param guardWait  how long a probe listens for another server's OFFER
 * @param guardEvery how often the link is probed again while the box runs
 */
public record DhcpSettings(BoxInterface port, PoolRange pool, long leaseSeconds, Inet4Address router, boolean force,
        Duration guardQuick, Duration guardWait, Duration guardEvery) {}
