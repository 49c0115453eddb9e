package org.phoneflasher.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TransferOptionsTest {
    private static final TftpSettings DEFAULTS = TftpSettings.defaults();

    private static TransferOptions negotiate(Map<String, String> requested) {
        return TransferOptions.negotiate(requested, 123_456, DEFAULTS);
    }

    @Test
    void blksizeInRangeIsGranted() {
        TransferOptions options = negotiate(Map.of("blksize", "1428"));
        assertEquals(OptionalInt.of(1428), options.blksize());
        assertEquals(1428, options.blockSize());
        assertTrue(options.hasAny());
        assertEquals(OptionalInt.of(8), negotiate(Map.of("blksize", "8")).blksize());
        assertEquals(OptionalInt.of(65464), negotiate(Map.of("blksize", "65464")).blksize());
    }

    @Test
    void blksizeBelowEightIsIgnored() {
        TransferOptions options = negotiate(Map.of("blksize", "7"));
        assertEquals(OptionalInt.empty(), options.blksize());
        assertEquals(512, options.blockSize());
        assertFalse(options.hasAny());
        assertFalse(negotiate(Map.of("blksize", "0")).hasAny());
    }

    @Test
    void blksizeAboveMaximumIsClamped() {
        assertEquals(OptionalInt.of(65464), negotiate(Map.of("blksize", "65465")).blksize());
        assertEquals(OptionalInt.of(65464), negotiate(Map.of("blksize", "99999999999999999999999999")).blksize());
        TftpSettings small = new TftpSettings(4, 4, Duration.ofSeconds(1), 5, 1468);
        assertEquals(OptionalInt.of(1468), TransferOptions.negotiate(Map.of("blksize", "8192"), 10, small).blksize());
        assertEquals(OptionalInt.of(1024), TransferOptions.negotiate(Map.of("blksize", "1024"), 10, small).blksize());
    }

    @Test
    void nonNumericValuesAreIgnored() {
        for (String bad : List.of("abc", "", "-5", "+1428", " 1428", "1428 ", "14e2", "0x400")) {
            TransferOptions options = negotiate(Map.of("blksize", bad, "timeout", bad, "tsize", bad));
            assertFalse(options.hasAny(), "value '" + bad + "' gave " + options);
        }
    }

    @Test
    void tsizeZeroIsAnsweredWithTheContentSize() {
        assertEquals(OptionalLong.of(123_456), negotiate(Map.of("tsize", "0")).tsize());
        assertEquals(OptionalLong.of(0), TransferOptions.negotiate(Map.of("tsize", "0"), 0, DEFAULTS).tsize());
        // Only 0 is a question in a read request.
        assertEquals(OptionalLong.empty(), negotiate(Map.of("tsize", "500")).tsize());
    }

    @Test
    void timeoutIsGrantedFromOneToFiveSeconds() {
        assertEquals(OptionalInt.empty(), negotiate(Map.of("timeout", "0")).timeout());
        assertEquals(OptionalInt.of(1), negotiate(Map.of("timeout", "1")).timeout());
        assertEquals(OptionalInt.of(5), negotiate(Map.of("timeout", "5")).timeout());
        // Valid by RFC 2349, but an OACK must echo it: not acknowledged, so no client makes the box wait longer.
        assertEquals(OptionalInt.empty(), negotiate(Map.of("timeout", "6")).timeout());
        assertEquals(OptionalInt.empty(), negotiate(Map.of("timeout", "255")).timeout());
        assertEquals(OptionalInt.empty(), negotiate(Map.of("timeout", "256")).timeout());
        assertEquals(Duration.ofSeconds(3), negotiate(Map.of("timeout", "3")).retransmitTimeout(Duration.ofMillis(7)));
        assertEquals(Duration.ofMillis(7), negotiate(Map.of()).retransmitTimeout(Duration.ofMillis(7)));
    }

    @Test
    void namesAreCaseInsensitive() {
        TransferOptions options = negotiate(Map.of("BLKSIZE", "1024", "TSize", "0", "Timeout", "2"));
        assertEquals(new TransferOptions(OptionalInt.of(1024), OptionalLong.of(123_456), OptionalInt.of(2)), options);
    }

    @Test
    void sameNameInTwoCasesGivesAStableAnswer() {
        Map<String, String> requested = new HashMap<>();
        requested.put("blksize", "1024");
        requested.put("BLKSIZE", "2048");
        // "BLKSIZE" sorts first.
        assertEquals(OptionalInt.of(2048), negotiate(requested).blksize());
    }

    @Test
    void noOrOnlyUnknownOptionsMeanNoOack() {
        assertFalse(negotiate(Map.of()).hasAny());
        assertEquals(TransferOptions.NONE, negotiate(Map.of()));
        assertFalse(negotiate(Map.of("windowsize", "16", "multicast", "", "rollover", "0")).hasAny());
    }

    @Test
    void acknowledgedOptionsComeInAFixedOrder() {
        TransferOptions options = negotiate(Map.of("timeout", "4", "tsize", "0", "blksize", "1428", "windowsize", "8"));
        assertEquals(List.of("blksize", "tsize", "timeout"), List.copyOf(options.acknowledged().keySet()));
        assertEquals(List.of("1428", "123456", "4"), List.copyOf(options.acknowledged().values()));
    }
}
