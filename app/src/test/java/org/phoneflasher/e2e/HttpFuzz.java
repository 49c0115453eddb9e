package org.phoneflasher.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Broken HTTP at one port: malformed request lines, huge and endless headers, bad framing, random bytes (seeded),
 * and slowloris connections dripping a header line a second. Run inside a rig host (`java -cp … HttpFuzz HOST PORT
 * SEED RANDOM_CASES SLOW_SECONDS`); prints one line per answer kind ("400: 12"), a "case" line for each answered
 * with 500 or not at all, and a last line "fuzz done: N cases".
 */
public final class HttpFuzz {
    /** More than one address may hold on either port: the box must close some of them. */
    static final int SLOW = 24;

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        int randomCases = Integer.parseInt(args[3]);
        int slowSeconds = Integer.parseInt(args[4]);
        String h = "Host: " + host + ":" + port + "\r\n";
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("garbage line", ascii("GARBAGE\r\n\r\n"));
        cases.put("no version", ascii("GET /\r\n\r\n"));
        cases.put("bad version", ascii("GET / HTTP/9.9\r\n" + h + "\r\n"));
        cases.put("bad method", ascii("G\u0001T / HTTP/1.1\r\n" + h + "\r\n"));
        cases.put("bad escape", ascii("GET /%zz%00 HTTP/1.1\r\n" + h + "\r\n"));
        cases.put("traversal", ascii("GET /../../../etc/passwd HTTP/1.1\r\n" + h + "\r\n"));
        cases.put("no host", ascii("GET / HTTP/1.1\r\n\r\n"));
        cases.put("two hosts", ascii("GET / HTTP/1.1\r\n" + h + h + "\r\n"));
        cases.put("negative length", ascii("POST / HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\n"));
        cases.put("length and chunked", ascii("POST / HTTP/1.1\r\n" + h + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nzz"));
        cases.put("bad chunk", ascii("POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n"));
        cases.put("header without colon", ascii("GET / HTTP/1.1\r\n" + h + "NoColonHere\r\n\r\n"));
        cases.put("bare LF and CR", ascii("GET / HTTP/1.1\n" + h + "X: a\rb\r\n\r\n"));
        cases.put("long line", ascii("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\n" + h + "\r\n"));
        cases.put("huge header", ascii("GET / HTTP/1.1\r\n" + h + "X-Big: " + "b".repeat(1_000_000) + "\r\n\r\n"));
        cases.put("many headers", ascii("GET / HTTP/1.1\r\n" + h + "X-N: 1\r\n".repeat(20_000) + "\r\n"));
        cases.put("pipelined junk", ascii("GET / HTTP/1.1\r\n" + h + "\r\n" + "\u0000\u00ff".repeat(5000)));
        cases.put("upgrade h2c", ascii("GET / HTTP/1.1\r\n" + h + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAAA\r\n\r\n"));
        cases.put("h2 preface", ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        cases.put("tls hello", new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00});
        for (int i = 0; i < randomCases; i++) {
            byte[] bytes = new byte[1 + random.nextInt(i % 4 == 0 ? 65536 : 512)];
            random.nextBytes(bytes);
            if (i % 3 == 0) {
                // A plausible start, then noise: gets past the first byte checks.
                byte[] start = ascii("GET /" + i + " HTTP/1.1\r\n");
                System.arraycopy(start, 0, bytes, 0, Math.min(start.length, bytes.length));
            }
            cases.put("random " + i, bytes);
        }

        Map<String, Integer> kinds = new TreeMap<>();
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            String kind = send(host, port, c.getValue());
            kinds.merge(kind, 1, Integer::sum);
            // 505 (HTTP/9.9) is an answer; 500 is the box failing, silence a connection it holds for nothing.
            if (kind.equals("500") || kind.equals("no answer")) {
                System.out.println("case " + c.getKey() + ": " + kind);
            }
        }
        // Slowloris: a request's headers, one line a second, never ended.
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < SLOW; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), 5000);
            s.getOutputStream().write(ascii("GET / HTTP/1.1\r\n" + h));
            slow.add(s);
        }
        int slowClosed = 0;
        for (int second = 0; second < slowSeconds; second++) {
            Thread.sleep(1000);
            for (Socket s : slow) {
                if (!s.isClosed()) {
                    try {
                        s.getOutputStream().write(ascii("X-Slow-" + second + ": x\r\n"));
                    } catch (IOException e) {
                        s.close();
                        slowClosed++;
                    }
                }
            }
        }
        for (Socket s : slow) {
            s.close();
        }
        kinds.merge("slowloris closed by the box", slowClosed, Integer::sum);
        kinds.forEach((kind, n) -> System.out.println(kind + ": " + n));
        System.out.println("fuzz done: " + cases.size() + " cases, " + SLOW + " slowloris connections for " + slowSeconds + " s");
    }

    /** What the box did: the status code it answered, or that it closed the connection without one. */
    private static String send(String host, int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // The box closed while we were still sending (a huge header): its answer may still be there to read.
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            try {
                int b;
                while (head.size() < 12 && (b = in.read()) >= 0) {
                    head.write(b);
                }
            } catch (SocketTimeoutException e) {
                return "no answer";
            } catch (IOException e) {
                // reset
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            return text.startsWith("HTTP/1.") && text.length() >= 12 ? text.substring(9, 12) : "closed";
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
