package org.phoneflasher.dhcp;

import java.net.Inet4Address;
import org.phoneflasher.net.BoxInterface;
import org.phoneflasher.net.BoxInterface.Ipv4;

/** The addresses the box may hand out: by default every host of the port's subnet but the box itself. */
public record PoolRange(Inet4Address first, Inet4Address last) {

    public static PoolRange wholeSubnet(BoxInterface port) {
        return new PoolRange(Ipv4.address(port.firstHost()), Ipv4.address(port.lastHost()));
    }

    /** "10.99.0.100-10.99.0.200", checked against the port's subnet. */
    public static PoolRange parse(String text, BoxInterface port) {
        String[] ends = text.split("-");
        if (ends.length != 2) {
            throw new IllegalArgumentException("pool must look like FIRST-LAST, got: " + text);
        }
        PoolRange range = new PoolRange(Ipv4.parse(ends[0]), Ipv4.parse(ends[1]));
        if (!port.contains(range.first()) || !port.contains(range.last())) {
            throw new IllegalArgumentException("pool " + text + " is not inside " + port.name() + "'s subnet "
                    + Ipv4.address(port.network()).getHostAddress() + "/" + port.prefixLength());
        }
        if (Integer.compareUnsigned(Ipv4.toInt(range.first()), Ipv4.toInt(range.last())) > 0) {
            throw new IllegalArgumentException("pool " + text + " ends before it starts");
        }
        return range;
    }
}
