package org.phoneflasher.web;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Jetty server, two ports: the file port (6970) for phones and the status port for people. Each connector is
 * named and each context bound to its connector, so files never appear on the status port or the API on 6970.
 * Each port takes a bounded number of connections ({@link HttpLimits}), in all and per client address, and closes
 * idle ones, so a flood of silent connections never takes the descriptors TFTP and DHCP need.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Server server;

    public WebServer(InetAddress bind, int filePort, Handler files, int statusPort, Handler api, HttpLimits limits) {
        // Threads are not what a flood takes: requests are answered and streams written without holding one.
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("http");
        server = new Server(threads);
        ServerConnector fileConnector = connector(bind, filePort, "files", HttpLimits.FILES_IDLE, limits.files(),
                limits.filesPerAddress());
        ServerConnector statusConnector = connector(bind, statusPort, "status", HttpLimits.STATUS_IDLE, limits.status(),
                limits.statusPerAddress());
        server.addConnector(fileConnector);
        server.addConnector(statusConnector);
        ContextHandler fileContext = new ContextHandler(files, "/");
        fileContext.setVirtualHosts(List.of("@files"));
        ContextHandler statusContext = new ContextHandler(api, "/");
        statusContext.setVirtualHosts(List.of("@status"));
        server.setHandler(new ContextHandlerCollection(fileContext, statusContext));
    }

    private ServerConnector connector(InetAddress bind, int port, String name, Duration idle, int max, int perAddress) {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(bind.getHostAddress());
        connector.setPort(port);
        connector.setName(name);
        connector.setIdleTimeout(idle.toMillis());
        connector.addEventListener(new PerAddressLimit(name, perAddress));
        // Jetty's own limit: at max it stops accepting (new connections wait in the kernel's queue, taking no
        // descriptor) and gives the idle ones a short timeout, so the port frees itself from a flood of silent ones.
        NetworkConnectionLimit limit = new Limit(name, max, connector);
        limit.setEndPointIdleTimeout(HttpLimits.BUSY_IDLE.toMillis());
        server.addBean(limit);
        return connector;
    }

    /** Jetty's limit, saying in the log when a port fills (at most every 30 s: a flood fills it again and again). */
    private static final class Limit extends NetworkConnectionLimit {
        private static final long SAY_EVERY_NANOS = Duration.ofSeconds(30).toNanos();
        private final String name;
        private long saidAt;
        private boolean said;

        Limit(String name, int max, ServerConnector connector) {
            super(max, connector);
            this.name = name;
        }

        @Override
        protected void limit() {
            super.limit();
            long now = System.nanoTime();
            synchronized (this) {
                if (said && now - saidAt < SAY_EVERY_NANOS) {
                    return;
                }
                said = true;
                saidAt = now;
            }
            LOG.warn("HTTP {} full: {} connections open, the most it takes; new ones wait, idle ones are closed after {} s",
                    name, getMaxNetworkConnectionCount(), HttpLimits.BUSY_IDLE.toSeconds());
        }
    }

    public void start() throws Exception {
        server.start();
    }

    /** The bound port of the named connector (useful when started on port 0). */
    public int port(String name) {
        for (var connector : server.getConnectors()) {
            if (connector instanceof ServerConnector sc && name.equals(sc.getName())) {
                return sc.getLocalPort();
            }
        }
        throw new IllegalArgumentException("no connector " + name);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
