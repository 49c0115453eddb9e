package org.phoneflasher.web;

import java.net.InetAddress;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One Jetty server, two ports: the file port (6970) for phones and the status port for people. Each connector is
 * named and each context bound to its connector, so files never appear on the status port or the API on 6970.
 */
public final class WebServer implements AutoCloseable {
    private final Server server;

    public WebServer(InetAddress bind, int filePort, Handler files, int statusPort, Handler api) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("http");
        server = new Server(threads);
        ServerConnector fileConnector = connector(bind, filePort, "files");
        ServerConnector statusConnector = connector(bind, statusPort, "status");
        server.addConnector(fileConnector);
        server.addConnector(statusConnector);
        ContextHandler fileContext = new ContextHandler(files, "/");
        fileContext.setVirtualHosts(List.of("@files"));
        ContextHandler statusContext = new ContextHandler(api, "/");
        statusContext.setVirtualHosts(List.of("@status"));
        server.setHandler(new ContextHandlerCollection(fileContext, statusContext));
    }

    private ServerConnector connector(InetAddress bind, int port, String name) {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(bind.getHostAddress());
        connector.setPort(port);
        connector.setName(name);
        return connector;
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
