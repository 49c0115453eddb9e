package org.phoneflasher.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A script opening the status page's live stream over and over: {@code count} GET /api/stream from each source
 * address, each read (and discarded) for {@code seconds}. Run inside a rig host (`java -cp … StreamFlood HOST PORT
 * COUNT SECONDS SOURCE…`); prints how the box answered as soon as every stream has its answer, then again at the end.
 */
public final class StreamFlood {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        AtomicInteger streaming = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger retryAfter = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(count * (args.length - 4));
        for (int i = 4; i < args.length; i++) {
            InetAddress source = InetAddress.getByName(args[i]);
            for (int n = 0; n < count; n++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(new InetSocketAddress(host, port), 5000);
                socket.setSoTimeout(1000);
                sockets.add(socket);
                socket.getOutputStream().write(("GET /api/stream HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                Thread t = new Thread(() -> {
                    try (InputStream in = socket.getInputStream()) {
                        String head = head(in);
                        if (head.startsWith("HTTP/1.1 200") && head.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
                            streaming.incrementAndGet();
                        } else if (head.startsWith("HTTP/1.1 503")) {
                            refused.incrementAndGet();
                            if (head.toLowerCase(Locale.ROOT).contains("\nretry-after: ")) {
                                retryAfter.incrementAndGet();
                            }
                        } else {
                            other.incrementAndGet();
                        }
                        answered.countDown();
                        byte[] sink = new byte[4096];
                        while (System.nanoTime() < end) {
                            try {
                                if (in.read(sink) < 0) {
                                    return;
                                }
                            } catch (java.net.SocketTimeoutException e) {
                                // nothing this second; keep reading
                            }
                        }
                    } catch (IOException e) {
                        other.incrementAndGet();
                        answered.countDown();
                    }
                });
                t.start();
                threads.add(t);
            }
        }
        answered.await(20, java.util.concurrent.TimeUnit.SECONDS);
        String summary = String.format("%d streaming, %d refused with 503 (%d with Retry-After), %d otherwise", streaming.get(),
                refused.get(), retryAfter.get(), other.get());
        System.out.println("answered: " + summary);
        System.out.flush();
        for (Thread t : threads) {
            t.join();
        }
        for (Socket s : sockets) {
            s.close();
        }
        System.out.println("ended: " + summary);
    }

    /** The status line and headers, up to the blank line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!head.toString().contains("\r\n\r\n") && System.nanoTime() < deadline) {
            try {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            } catch (java.net.SocketTimeoutException e) {
                // keep waiting until the deadline
            }
        }
        return head.toString();
    }
}
