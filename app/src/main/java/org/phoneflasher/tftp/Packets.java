package org.phoneflasher.tftp;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.apache.commons.net.tftp.TFTPErrorPacket;
import org.apache.commons.net.tftp.TFTPPacket;
import org.apache.commons.net.tftp.TFTPPacketException;

/** Small helpers around the Commons Net packet classes. */
final class Packets {
    private Packets() {}

    /** The 16-bit opcode, or -1 if the datagram is too short to have one. */
    static int opcode(DatagramPacket packet) {
        if (packet.getLength() < 2) {
            return -1;
        }
        byte[] data = packet.getData();
        int at = packet.getOffset();
        return (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
    }

    /**
     * Parses a received datagram, or returns null if it is malformed. The bytes are copied first: Commons Net's
     * parsers read {@code getData()} from index 0 and its option parser can run past {@code getLength()} into
     * whatever an earlier, longer datagram left in a reused buffer.
     */
    static TFTPPacket parse(DatagramPacket packet) {
        byte[] exact = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength());
        // Commons Net looks at the low opcode byte only; 0x0101 must not pass as an RRQ.
        if (exact.length < 2 || exact[0] != 0) {
            return null;
        }
        try {
            return TFTPPacket.newTFTPPacket(new DatagramPacket(exact, exact.length, packet.getSocketAddress()));
        } catch (TFTPPacketException | RuntimeException e) {
            // RuntimeException: the request parser throws ArrayIndexOutOfBounds on an unterminated option.
            return null;
        }
    }

    static DatagramPacket error(InetSocketAddress to, int code, String message) {
        return new TFTPErrorPacket(to.getAddress(), to.getPort(), code, ascii(message)).newDatagram();
    }

    /** TFTPErrorPacket copies message.length() bytes of the platform encoding: keep messages one byte per char. */
    static String ascii(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
