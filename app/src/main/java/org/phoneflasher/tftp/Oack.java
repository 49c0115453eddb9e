package org.phoneflasher.tftp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The RFC 2347 option acknowledgement, which Commons Net cannot build: opcode 6, then name\0value\0 pairs. */
final class Oack {
    static final int OPCODE = 6;

    private Oack() {}

    /** The pairs are written in the map's iteration order, so pass an ordered map for stable bytes. */
    static byte[] encode(Map<String, String> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(0);
        out.write(OPCODE);
        for (Map.Entry<String, String> option : options.entrySet()) {
            out.writeBytes(option.getKey().getBytes(StandardCharsets.US_ASCII));
            out.write(0);
            out.writeBytes(option.getValue().getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }
}
