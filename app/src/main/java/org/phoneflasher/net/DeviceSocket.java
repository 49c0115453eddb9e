package org.phoneflasher.net;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * A UDP socket on 0.0.0.0:port that only sees and sends through one interface (SO_BINDTODEVICE), the way dnsmasq's
 * --bind-interfaces does. A DISCOVER comes from 0.0.0.0, so nothing in the packet says which port it came in on:
 * without this a box with an office uplink would answer the office. Java has no such option, hence JNA.
 */
public final class DeviceSocket {
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;

    private DeviceSocket() {}

    interface LibC extends Library {
        int setsockopt(int fd, int level, int optname, byte[] optval, int optlen);
    }

    public static DatagramChannel open(String device, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            bindToDevice(channel, device);
            channel.bind(new InetSocketAddress("0.0.0.0", port));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void bindToDevice(DatagramChannel channel, String device) throws IOException {
        int fd;
        try {
            Method getFd = channel.getClass().getMethod("getFDVal");
            getFd.setAccessible(true);
            fd = (int) getFd.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot reach the socket's descriptor (run with --add-opens java.base/sun.nio.ch=ALL-UNNAMED): "
                    + e, e);
        }
        byte[] name = (device + "\0").getBytes(StandardCharsets.US_ASCII);
        LibC libc = Native.load("c", LibC.class);
        if (libc.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, name.length) != 0) {
            throw new IOException("SO_BINDTODEVICE " + device + " failed (errno " + Native.getLastError()
                    + "); binding to an interface needs root or CAP_NET_RAW");
        }
    }
}
