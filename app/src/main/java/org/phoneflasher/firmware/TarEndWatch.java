package org.phoneflasher.firmware;

import java.io.InputStream;

/**
 * Sits under a tar reader to tell a finished tar from a truncated one: Commons Compress reports both as "no more
 * entries", but only a complete tar has an all-zero 512-byte record where the next header would be. Bytes are only
 * inspected while the reader looks for a header, never while it streams entry data.
 */
final class TarEndWatch extends ReadThrough {
    static final int RECORD = 512;
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
    void seen(byte[] b, int off, int n) {
        if (position + n > from) {
            observe(b, off, n);
        }
        position += n;
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
