package org.phoneflasher.e2e;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A port on this JVM's loopback that leads to a port on the loopback of a network namespace, so a client in the
 * test (Selenium) reaches a server inside the rig (chromedriver) without giving the namespace a route to the host.
 * Linux keeps the network namespace per thread: one thread enters the namespace with setns(2) and opens every
 * connection from there; the sockets stay in that namespace whichever thread then reads them.
 */
final class NetnsTunnel implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;

    interface LibC extends Library {
        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService inside = Executors.newSingleThreadExecutor(r -> daemon(r, "netns-connect"));
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> daemon(r, "netns-pump"));

    NetnsTunnel(String namespace, int targetPort) throws Exception {
        this.targetPort = targetPort;
        inside.submit(() -> enter(namespace)).get(10, TimeUnit.SECONDS);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private static Void enter(String namespace) {
        LibC libc = Native.load("c", LibC.class);
        int fd = libc.open("/var/run/netns/" + namespace, O_RDONLY);
        if (fd < 0) {
            throw new IllegalStateException("cannot open namespace " + namespace + ": errno " + Native.getLastError());
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns into " + namespace + " failed: errno " + Native.getLastError());
            }
        } finally {
            libc.close(fd);
        }
        return null;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket outside;
            try {
                outside = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket inner = inside.submit(() -> new Socket(InetAddress.getLoopbackAddress(), targetPort)).get(10, TimeUnit.SECONDS);
                pumps.submit(() -> copy(outside, inner));
                pumps.submit(() -> copy(inner, outside));
            } catch (Exception e) {
                // The target is not listening yet: the client sees its connection drop and may try again.
                closeQuietly(outside);
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        server.close();
        inside.shutdownNow();
        pumps.shutdownNow();
    }
}
