package org.phoneflasher.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} connections from one client address on a connector: one more is closed as soon as it opens, so
 * one device cannot take a port's every connection. Jetty limits connections in all ({@code NetworkConnectionLimit})
 * but not per address. Said once in the log per address, until all of that address's connections have closed.
 */
final class PerAddressLimit implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(PerAddressLimit.class);

    private final String port;
    private final int max;
    private final Map<InetAddress, Integer> open = new HashMap<>();
    /** Each counted connection's address, kept: a closed socket no longer tells its peer. */
    private final Map<Connection, InetAddress> counted = new IdentityHashMap<>();
    private final Set<InetAddress> told = new HashSet<>();

    PerAddressLimit(String port, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max " + max);
        }
        this.port = port;
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = addressOf(connection);
        if (address == null) {
            return;
        }
        boolean tell;
        synchronized (this) {
            int n = open.getOrDefault(address, 0);
            if (n < max) {
                open.put(address, n + 1);
                counted.put(connection, address);
                return;
            }
            tell = told.add(address);
        }
        if (tell) {
            LOG.warn("HTTP {}: {} holds {} connections, the most one address may; closing its further ones", port,
                    address.getHostAddress(), max);
        }
        connection.getEndPoint().close();
    }

    @Override
    public void onClosed(Connection connection) {
        synchronized (this) {
            InetAddress address = counted.remove(connection);
            if (address == null) {
                return;
            }
            int n = open.merge(address, -1, Integer::sum);
            if (n <= 0) {
                open.remove(address);
                told.remove(address);
            }
        }
    }

    /** Connections counted for the address now. */
    synchronized int open(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    private static InetAddress addressOf(Connection connection) {
        return connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
    }
}
