package org.phoneflasher.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OackTest {

    @Test
    void encodesOpcodeSixThenNulTerminatedPairs() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("blksize", "1428");
        options.put("tsize", "3000000");
        byte[] expected = bytes("\0\6blksize\0" + "1428\0tsize\0" + "3000000\0");
        assertArrayEquals(expected, Oack.encode(options));
    }

    @Test
    void emptyOackIsJustTheOpcode() {
        assertArrayEquals(new byte[] {0, 6}, Oack.encode(Map.of()));
    }

    @Test
    void negotiatedOptionsEncodeInAStableOrder() {
        TransferOptions options = TransferOptions.negotiate(
                Map.of("TIMEOUT", "2", "tsize", "0", "BlkSize", "512"), 42, TftpSettings.defaults());
        assertArrayEquals(bytes("\0\6blksize\0" + "512\0tsize\0" + "42\0timeout\0" + "2\0"), Oack.encode(options.acknowledged()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
