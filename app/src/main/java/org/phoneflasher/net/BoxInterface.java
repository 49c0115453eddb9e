package org.phoneflasher.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/** The box's one phone port: its name, its IPv4 address and prefix, its MAC. */
public record BoxInterface(String name, Inet4Address address, int prefixLength, byte[] mac) {

    public static BoxInterface of(String name) throws IOException {
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            throw new IOException("cannot read interface " + name + ": " + e.getMessage(), e);
        }
        if (nic == null) {
            throw new IOException("no interface named " + name);
        }
        for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
            if (ia.getAddress() instanceof Inet4Address v4) {
                byte[] mac = nic.getHardwareAddress();
                return new BoxInterface(name, v4, ia.getNetworkPrefixLength(), mac == null ? new byte[6] : mac);
            }
        }
        throw new IOException("interface " + name + " has no IPv4 address; give it one first (e.g. ip addr add 10.99.0.1/24 dev "
                + name + ")");
    }

    public int mask() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public InetAddress netmask() {
        return Ipv4.address(mask());
    }

    public int network() {
        return Ipv4.toInt(address) & mask();
    }

    public InetAddress broadcast() {
        return Ipv4.address(network() | ~mask());
    }

    /** The usable hosts of the subnet: network and broadcast excluded. */
    public int firstHost() {
        return network() + 1;
    }

    public int lastHost() {
        return (network() | ~mask()) - 1;
    }

    public boolean contains(InetAddress candidate) {
        return candidate instanceof Inet4Address && (Ipv4.toInt(candidate) & mask()) == network();
    }

    /** IPv4 helpers: addresses as ints make pool arithmetic plain. */
    public static final class Ipv4 {
        private Ipv4() {}

        public static int toInt(InetAddress address) {
            byte[] b = address.getAddress();
            return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        }

        public static Inet4Address address(int value) {
            try {
                return (Inet4Address) InetAddress.getByAddress(
                        new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Inet4Address parse(String dotted) {
            String[] parts = dotted.trim().split("\\.");
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            int value = 0;
            for (String part : parts) {
                int octet;
                try {
                    octet = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not an IPv4 address: " + dotted);
                }
                if (octet < 0 || octet > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + dotted);
                }
                value = value << 8 | octet;
            }
            return address(value);
        }
    }
}
