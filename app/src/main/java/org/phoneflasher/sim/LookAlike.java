package org.phoneflasher.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

/**
 * Look-alike Cisco firmware files: the signed header's shape (tag 1 version, tag 2 header length, tag 3 signer,
 * tag 14 own name, tag 12 a 256-byte "signature"), then random payload. Real firmware is Cisco's and never ships
 * with the project; the demo, the tests and the benchmarks flash these.
 */
public final class LookAlike {
    private final Random random;

    public LookAlike(long seed) {
        this.random = new Random(seed);
    }

    /** A component listed in a .loads, and its size in bytes. */
    public record Component(String name, long size) {}

    /** Writes {@code <load>.loads} listing the components, and each component file, into {@code dir}. */
    public void writeLoad(Path dir, String load, String version, List<Component> components, String eol) throws IOException {
        StringBuilder text = new StringBuilder("# RELEASE load version ").append(version).append(eol);
        text.append("#HARDWARE_COMP_1 15").append(eol);
        for (Component component : components) {
            text.append(component.name()).append(eol);
            writeSigned(dir.resolve(component.name()), component.name(), component.size());
        }
        writeLoadsFile(dir.resolve(load + ".loads"), load + ".loads", text.toString());
    }

    /** A .loads file with the given text after its header. */
    public void writeLoadsFile(Path path, String headerName, String text) throws IOException {
        byte[] head = header(headerName);
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        Files.write(path, ByteBuffer.allocate(head.length + body.length).put(head).put(body).array());
    }

    /** Header naming {@code headerName}, then random payload, streamed in 64 KB pieces. */
    public void writeSigned(Path path, String headerName, long payload) throws IOException {
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(header(headerName)));
            byte[] chunk = new byte[64 * 1024];
            for (long left = payload; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, left)));
            }
        }
    }

    public byte[] header(String name) {
        byte[] signer = "CN=look-alike;OU=phoneflasher".getBytes(StandardCharsets.US_ASCII);
        byte[] fileName = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] signature = new byte[256];
        random.nextBytes(signature);
        int length = 5 + 5 + (3 + signer.length) + (3 + fileName.length) + (3 + signature.length);
        ByteBuffer h = ByteBuffer.allocate(length);
        h.put((byte) 1).putShort((short) 2).put((byte) 1).put((byte) 0);
        h.put((byte) 2).putShort((short) 2).putShort((short) length);
        h.put((byte) 3).putShort((short) signer.length).put(signer);
        h.put((byte) 14).putShort((short) fileName.length).put(fileName);
        h.put((byte) 12).putShort((short) signature.length).put(signature);
        return h.array();
    }
}
