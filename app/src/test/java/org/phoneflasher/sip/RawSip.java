package org.phoneflasher.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP client that writes its messages by hand, so a test can send exactly what a broken or hostile peer would: a
 * replayed Authorization, a made-up nonce, garbage. Its digest is computed here, independently of the box's.
 */
final class RawSip implements AutoCloseable {
    final DatagramSocket socket;
    private final InetSocketAddress server;
    private int cseq;

    RawSip(InetAddress local, InetSocketAddress server) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
        this.socket.setSoTimeout(2000);
        this.server = server;
    }

    String host() {
        return socket.getLocalAddress().getHostAddress();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** A REGISTER for {@code user}; {@code authorization} is the whole header value or null. */
    String register(String user, String authorization, int expires) {
        String branch = "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return "REGISTER " + requestUri() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host() + ":" + port() + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + server.getHostString() + ">;tag=" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "\r\n"
                + "To: <sip:" + user + "@" + server.getHostString() + ">\r\n"
                + "Call-ID: " + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@" + host() + "\r\n"
                + "CSeq: " + (++cseq) + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@" + host() + ":" + port() + ">\r\n"
                + "Expires: " + expires + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: 0\r\n\r\n";
    }

    String requestUri() {
        return "sip:" + server.getHostString() + ":" + server.getPort();
    }

    /** An Authorization value for the challenge's nonce: with qop=auth when {@code nc} is given, else RFC 2069's. */
    String authorization(String authName, String password, String nonce, String nc, String cnonce) {
        String ha1 = md5(authName + ":" + BenchRegistrar.REALM + ":" + password);
        String ha2 = md5("REGISTER:" + requestUri());
        String response = nc == null ? md5(ha1 + ":" + nonce + ":" + ha2) : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + authName + "\", realm=\"" + BenchRegistrar.REALM + "\", nonce=\"" + nonce + "\", uri=\""
                + requestUri() + "\", response=\"" + response + "\", algorithm=MD5"
                + (nc == null ? "" : ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"");
    }

    void send(String message) throws IOException {
        send(message.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The next message that arrives within the socket's timeout, if any. */
    Optional<String> receive() throws IOException {
        byte[] buffer = new byte[65535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            return Optional.of(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
    }

    /** The next final response (1xx skipped), or empty. */
    Optional<String> response() throws IOException {
        while (true) {
            Optional<String> m = receive();
            if (m.isEmpty() || !m.get().startsWith("SIP/2.0 1")) {
                return m;
            }
        }
    }

    String exchange(String message) throws IOException {
        send(message);
        return response().orElseThrow(() -> new AssertionError("no answer to:\n" + message));
    }

    static int status(String response) {
        return Integer.parseInt(response.substring("SIP/2.0 ".length(), "SIP/2.0 ".length() + 3));
    }

    static String nonce(String response) {
        Matcher m = Pattern.compile("(?i)nonce=\"([^\"]+)\"").matcher(response);
        if (!m.find()) {
            throw new AssertionError("no nonce in:\n" + response);
        }
        return m.group(1);
    }

    static Optional<String> header(String message, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\r?$").matcher(message);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
