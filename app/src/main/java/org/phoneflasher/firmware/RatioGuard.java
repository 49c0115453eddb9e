package org.phoneflasher.firmware;

import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Counts what a decompressor hands out against what it has actually consumed, so a bomb is stopped while it streams
 * whatever sizes its headers claim. Below {@link #FLOOR} nothing is checked: a small text file can legitimately
 * shrink a thousandfold, and small entries are bounded by the entry and byte limits anyway.
 */
final class RatioGuard extends ReadThrough {
    static final long FLOOR = 1 << 20;
    private final LongSupplier compressed;
    private final long maxRatio;
    private final String what;
    private long expanded;

    RatioGuard(InputStream decompressed, LongSupplier compressed, long maxRatio, String what) {
        super(decompressed);
        this.compressed = compressed;
        this.maxRatio = maxRatio;
        this.what = what;
    }

    @Override
    void seen(byte[] b, int off, int n) throws UnpackRun.Refused {
        count(n);
    }

    private void count(int n) throws UnpackRun.Refused {
        expanded += n;
        if (expanded > FLOOR && expanded / maxRatio > Math.max(1, compressed.getAsLong())) {
            throw new UnpackRun.Refused(what + " expands more than " + maxRatio
                    + " times its compressed size (a zip bomb?)");
        }
    }
}
