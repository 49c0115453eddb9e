package org.phoneflasher.firmware;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that sees every byte that passes, skipped ones included: a skip is read through, so the bytes a reader
 * jumps over (tar padding, an entry nobody wants) are still counted and inspected.
 */
abstract class ReadThrough extends FilterInputStream {
    private final byte[] one = new byte[1];

    ReadThrough(InputStream in) {
        super(in);
    }

    /** Called with each run of bytes read, before the caller gets them. */
    abstract void seen(byte[] b, int off, int n) throws IOException;

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            seen(b, off, n);
        }
        return n;
    }

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
}
