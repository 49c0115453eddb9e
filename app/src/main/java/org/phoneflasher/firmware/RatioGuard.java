package org.phoneflasher.firmware;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Counts what a decompressor hands out against what it has actually consumed, so a bomb is stopped while it streams
 * whatever sizes its headers claim. Below {@link #FLOOR} nothing is checked: a small text file can legitimately
 * shrink a thousandfold, and small entries are bounded by the entry and byte limits anyway.
 */
final class RatioGuard extends FilterInputStream {
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
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    /** Skipped bytes are expanded bytes too: read them so they are counted. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    private void count(int n) throws UnpackRun.Refused {
        expanded += n;
        if (expanded > FLOOR && expanded / maxRatio > Math.max(1, compressed.getAsLong())) {
            throw new UnpackRun.Refused(what + " expands more than " + maxRatio
                    + " times its compressed size (a zip bomb?)");
        }
    }
}
