package org.phoneflasher.firmware;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits under a tar reader to tell a finished tar from a truncated one: Commons Compress reports both as "no more
 * entries", but only a complete tar has an all-zero 512-byte record where the next header would be. Bytes are only
 * inspected while the reader looks for a header, never while it streams entry data.
 */
final class TarEndWatch extends FilterInputStream {
    static final int RECORD = 512;
    private final byte[] one = new byte[1];
    private long position;
    private long from = Long.MAX_VALUE;
    private boolean recordZero;
    private boolean sawZeroRecord;

    TarEndWatch(InputStream in) {
        super(in);
    }

    long position() {
        return position;
    }

    /** Watch for a whole zero record starting at or after {@code offset}, which must be record-aligned. */
    void watchFrom(long offset) {
        from = offset;
        sawZeroRecord = false;
    }

    void stop() {
        from = Long.MAX_VALUE;
    }

    boolean sawEndMarker() {
        return sawZeroRecord;
    }

    static long nextRecord(long offset) {
        return (offset + RECORD - 1) / RECORD * RECORD;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            if (position + n > from) {
                observe(b, off, n);
            }
            position += n;
        }
        return n;
    }

    /** Read through rather than skip, so skipped padding and records are seen and counted. */
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

    private void observe(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) {
            long p = position + i;
            if (p < from) {
                continue;
            }
            int inRecord = (int) (p % RECORD);
            if (inRecord == 0) {
                recordZero = true;
            }
            recordZero &= b[off + i] == 0;
            if (inRecord == RECORD - 1 && recordZero) {
                sawZeroRecord = true;
            }
        }
    }
}
