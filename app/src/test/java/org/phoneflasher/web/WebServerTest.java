package org.phoneflasher.web;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The limits on real connections, on loopback (127.0.0.1 and 127.0.0.2 are two client addresses). */
class WebServerTest {
    static final HttpLimits LIMITS = HttpLimits.within(new FdBudget(1024, 40), 64);

    WebServer server;
    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Handler ok = new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Sink.write(response, true, "ok", callback);
                return true;
            }
        };
        server = new WebServer(InetAddress.getLoopbackAddress(), 0, ok, 0, ok, LIMITS);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    @Test
    void sizedFromTheDescriptorsLeftAfterTftpAndTheRest() {
        HttpLimits limits = HttpLimits.within(new FdBudget(512, 40), 64);
        assertEquals(2 * 64 + HttpLimits.OTHERS, limits.reserved());
        long spare = 512 - 40 - limits.reserved();
        assertEquals(spare * 2 / 3, limits.files());
        assertEquals(spare - spare * 2 / 3, limits.status());
        assertEquals(8, limits.filesPerAddress());
        assertEquals(16, limits.statusPerAddress());
        assertEquals(16, limits.streams());
        assertEquals(6, limits.streamsPerAddress());
        assertFalse(limits.tight());
        HttpLimits small = HttpLimits.within(new FdBudget(200, 40), 64);
        assertTrue(small.tight(), small.describe());
        assertEquals(HttpLimits.MIN_CONNECTIONS, small.files());
        assertFalse(HttpLimits.within(new FdBudget(small.advisedLimit(), 40), 64).tight());
        assertEquals(HttpLimits.MAX_FILES, HttpLimits.within(new FdBudget(1 << 20, 40), 64).files());
    }

    @Test
    void theLimitIsReadFromProcSelfLimits() {
        String limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max processes             63432                63432                processes \n"
                + "Max open files            256                  4096                 files     \n";
        assertEquals(256, FdBudget.parseLimit(limits));
        assertTrue(FdBudget.ofThisProcess().limit() > FdBudget.ofThisProcess().open());
    }

    @Test
    void oneAddressGetsItsShareOfConnectionsAndAnotherStillGetsIn() throws Exception {
        int port = server.port("files");
        InetAddress one = InetAddress.getByName("127.0.0.1");
        InetAddress two = InetAddress.getByName("127.0.0.2");
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < LIMITS.filesPerAddress(); i++) {
            held.add(connect(one, port));
        }
        // Each held one answers: they are all counted in.
        for (Socket s : held) {
            assertEquals("200", get(s));
        }
        Socket over = connect(one, port);
        assertEquals("closed", get(over), "one more from the same address is closed");
        assertEquals("200", get(connect(two, port)), "another address still gets in");
        // Once they close, the address may connect again: closed connections are counted out.
        for (Socket s : held) {
            s.close();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        String again = "closed";
        while (!again.equals("200") && System.nanoTime() < deadline) {
            again = get(connect(one, port));
        }
        assertEquals("200", again);
        for (int i = 1; i < LIMITS.filesPerAddress(); i++) {
            assertEquals("200", get(connect(one, port)), "connection " + i + " after the first ones closed");
        }
    }

    private Socket connect(InetAddress from, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        s.setSoTimeout(2000);
        return s;
    }

    /** The status code a GET on this connection gets, or "closed". */
    private static String get(Socket s) throws IOException {
        try {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            String text = new String(head, StandardCharsets.US_ASCII);
            // Read the rest of this answer ("ok" after the headers) so the connection is ready for the next.
            StringBuilder rest = new StringBuilder(text);
            while (!rest.toString().endsWith("\r\n\r\nok")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                rest.append((char) b);
            }
            return text.length() == 12 ? text.substring(9, 12) : "closed";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (IOException e) {
            return "closed";
        }
    }
}
