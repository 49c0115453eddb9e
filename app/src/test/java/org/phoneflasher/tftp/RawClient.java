package org.phoneflasher.tftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A hand-rolled TFTP client for the cases Commons Net's client cannot produce. */
final class RawClient implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final DatagramSocket socket;
    private final int serverPort;

    RawClient(int serverPort) throws IOException {
        this(serverPort, LOOPBACK);
    }

    /** A client on another local address (any of 127/8 on Linux), to stand for a second device. */
    RawClient(int serverPort, InetAddress local) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
        this.socket.setSoTimeout(3000);
        this.serverPort = serverPort;
    }

    InetSocketAddress server() {
        return new InetSocketAddress(LOOPBACK, serverPort);
    }

    void sendRaw(byte[] bytes) throws IOException {
        sendRaw(bytes, server());
    }

    void sendRaw(byte[] bytes, SocketAddress to) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    void rrq(String name, String mode, String... options) throws IOException {
        sendRaw(request(1, name, mode, options));
    }

    void wrq(String name) throws IOException {
        sendRaw(request(2, name, "octet"));
    }

    void ack(SocketAddress to, int block) throws IOException {
        sendRaw(new byte[] {0, 4, (byte) (block >> 8), (byte) block}, to);
    }

    void error(SocketAddress to, int code, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(5);
        out.write(code >> 8);
        out.write(code);
        out.writeBytes(message.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        sendRaw(out.toByteArray(), to);
    }

    /** The next datagram, or a failed test on timeout. */
    Packet receive() throws IOException {
        Packet packet = receive(3000);
        if (packet == null) {
            throw new AssertionError("no packet from the server within 3 s");
        }
        return packet;
    }

    /** The next datagram, or null after {@code millis}. */
    Packet receive(long millis) throws IOException {
        byte[] buffer = new byte[70000];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) Math.max(1, millis));
        try {
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Packet(Arrays.copyOf(buffer, datagram.getLength()), (InetSocketAddress) datagram.getSocketAddress());
    }

    /** Downloads without options, ACKing each block, checking block order; returns the bytes. */
    byte[] download(String name, String mode) throws IOException {
        rrq(name, mode);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int expected = 1;
        while (true) {
            Packet p = receive();
            if (p.opcode() != 3) {
                throw new AssertionError("expected DATA " + expected + ", got " + p);
            }
            if (p.block() != expected) {
                throw new AssertionError("expected DATA " + expected + ", got DATA " + p.block());
            }
            out.writeBytes(p.payload());
            ack(p.from(), p.block());
            if (p.payload().length < 512) {
                return out.toByteArray();
            }
            expected = (expected + 1) & 0xffff;
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    static byte[] request(int opcode, String name, String mode, String... options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(opcode);
        for (String part : concat(name, mode, options)) {
            out.writeBytes(part.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        return out.toByteArray();
    }

    private static String[] concat(String name, String mode, String[] options) {
        String[] all = new String[options.length + 2];
        all[0] = name;
        all[1] = mode;
        System.arraycopy(options, 0, all, 2, options.length);
        return all;
    }

    record Packet(byte[] bytes, InetSocketAddress from) {
        int opcode() {
            return (bytes[0] & 0xff) << 8 | bytes[1] & 0xff;
        }

        /** Block number of a DATA or ACK, error code of an ERROR. */
        int block() {
            return (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
        }

        int errorCode() {
            if (opcode() != 5) {
                throw new AssertionError("expected ERROR, got " + this);
            }
            return block();
        }

        String errorMessage() {
            int end = 4;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 4, end - 4, StandardCharsets.US_ASCII);
        }

        byte[] payload() {
            return Arrays.copyOfRange(bytes, 4, bytes.length);
        }

        /** The name/value pairs of an OACK, in order. */
        Map<String, String> oackOptions() {
            if (opcode() != 6) {
                throw new AssertionError("expected OACK, got " + this);
            }
            Map<String, String> options = new LinkedHashMap<>();
            String[] parts = new String(bytes, 2, bytes.length - 2, StandardCharsets.US_ASCII).split("\0", -1);
            for (int i = 0; i + 1 < parts.length; i += 2) {
                options.put(parts[i], parts[i + 1]);
            }
            return options;
        }

        @Override
        public String toString() {
            return "opcode " + opcode() + (bytes.length >= 4 ? " #" + block() : "") + " (" + bytes.length + " bytes from "
                    + from + (opcode() == 5 ? ": " + errorMessage() : "") + ")";
        }
    }
}
