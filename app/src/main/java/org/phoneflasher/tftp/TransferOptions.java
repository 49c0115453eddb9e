package org.phoneflasher.tftp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The options granted for one read transfer (RFC 2347 negotiation of RFC 2348 blksize and RFC 2349 tsize/timeout).
 * An empty component means the option was not requested or not accepted, and so is left out of the OACK.
 */
record TransferOptions(OptionalInt blksize, OptionalLong tsize, OptionalInt timeout) {

    static final int DEFAULT_BLOCK_SIZE = 512;
    static final int MIN_BLOCK_SIZE = 8;
    static final int MAX_BLOCK_SIZE = 65464;
    static final int MIN_TIMEOUT = 1;
    /**
     * Largest timeout granted (tftp-hpa's own timer; RFC 2349 allows up to 255 s). RFC 2349 wants the OACK to echo the
     * client's value, so a longer one is not acknowledged rather than lowered: the client keeps its default timer.
     */
    static final int MAX_GRANTED_TIMEOUT = 5;

    static final TransferOptions NONE = new TransferOptions(OptionalInt.empty(), OptionalLong.empty(), OptionalInt.empty());

    /**
     * Decides what to grant from an RRQ's options. Names are case-insensitive; a value that is not a plain decimal
     * number, out of range, or an option we do not implement (windowsize, anything unknown) is ignored, which RFC 2347
     * allows: the client then runs without it.
     */
    static TransferOptions negotiate(Map<String, String> requested, long contentSize, TftpSettings settings) {
        OptionalInt blksize = OptionalInt.empty();
        OptionalLong tsize = OptionalLong.empty();
        OptionalInt timeout = OptionalInt.empty();
        // Sorted so that a name sent twice in different case gives the same answer every time.
        for (Map.Entry<String, String> option : new TreeMap<>(requested).entrySet()) {
            long value = parse(option.getValue());
            if (value < 0) {
                continue;
            }
            switch (option.getKey().toLowerCase(Locale.ROOT)) {
                case "blksize" -> {
                    if (blksize.isEmpty() && value >= MIN_BLOCK_SIZE) {
                        blksize = OptionalInt.of((int) Math.min(value, settings.maxBlockSize()));
                    }
                }
                case "tsize" -> {
                    // In an RRQ the client sends 0 and asks for the size; any other value has no meaning here.
                    if (tsize.isEmpty() && value == 0 && contentSize >= 0) {
                        tsize = OptionalLong.of(contentSize);
                    }
                }
                case "timeout" -> {
                    if (timeout.isEmpty() && value >= MIN_TIMEOUT && value <= MAX_GRANTED_TIMEOUT) {
                        timeout = OptionalInt.of((int) value);
                    }
                }
                default -> {
                    // windowsize (RFC 7440) and unknown options: not acknowledged.
                }
            }
        }
        return new TransferOptions(blksize, tsize, timeout);
    }

    /** Whether an OACK is due instead of starting with DATA 1. */
    boolean hasAny() {
        return blksize.isPresent() || tsize.isPresent() || timeout.isPresent();
    }

    int blockSize() {
        return blksize.orElse(DEFAULT_BLOCK_SIZE);
    }

    Duration retransmitTimeout(Duration fallback) {
        return timeout.isPresent() ? Duration.ofSeconds(timeout.getAsInt()) : fallback;
    }

    /** The granted options in OACK order: blksize, tsize, timeout. */
    Map<String, String> acknowledged() {
        Map<String, String> out = new LinkedHashMap<>();
        blksize.ifPresent(v -> out.put("blksize", Integer.toString(v)));
        tsize.ifPresent(v -> out.put("tsize", Long.toString(v)));
        timeout.ifPresent(v -> out.put("timeout", Integer.toString(v)));
        return out;
    }

    /** A plain unsigned decimal, saturated at Long.MAX_VALUE so huge blksize requests still clamp; -1 if not a number. */
    private static long parse(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
