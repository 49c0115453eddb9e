package org.phoneflasher.firmware;

/**
 * What an archive from a stick may cost the box. A real cmterm bundle is 10–40 MB with a few dozen files and
 * compresses barely at all (.sbn payloads are already compressed), so the defaults leave wide room for real firmware
 * while stopping bombs and junk before they fill the disk.
 *
 * @param maxTotalBytes bytes written while unpacking one archive, copies of nested zips included
 * @param maxEntries    entries of every kind, summed over the archive and the archives inside it
 * @param maxRatio      how many times its compressed size a compressed stream or zip entry may expand
 * @param maxNesting    how many levels of archives may sit inside the archive on the stick
 */
public record ArchiveLimits(long maxTotalBytes, int maxEntries, long maxRatio, int maxNesting) {
    public ArchiveLimits {
        if (maxTotalBytes < 1 || maxEntries < 1 || maxRatio < 1 || maxNesting < 0) {
            throw new IllegalArgumentException("archive limits must be positive: " + maxTotalBytes + ", " + maxEntries
                    + ", " + maxRatio + ", " + maxNesting);
        }
    }

    public static ArchiveLimits defaults() {
        return new ArchiveLimits(1L << 30, 20_000, 200, 3);
    }
}
