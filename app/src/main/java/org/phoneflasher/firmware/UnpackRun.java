package org.phoneflasher.firmware;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * One unpack: walks an archive and the archives inside it, streaming each file into a numbered staging file and
 * enforcing the limits while the bytes flow (sizes in headers can lie). Where files end up is {@link ServedLayout}'s
 * call, made once every path is known. Not thread-safe; one instance per unpack.
 */
final class UnpackRun {
    /** The archive is refused; an IOException so it can travel up through Commons Compress's readers. */
    static final class Refused extends IOException {
        Refused(String reason) {
            super(reason);
        }
    }

    /** Writing the cache failed (disk full, say): the box's problem, never blamed on the archive. */
    static final class CacheFailure extends IOException {
        CacheFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * A file taken from the archive.
     *
     * @param path   its path in the archive, under the folder of the nested archive it came from
     * @param file   where it waits in the staging folder
     * @param origin how to name it in messages ("payload.tar!/usr/local/cm/tftp/x.sbn")
     */
    record Staged(String path, Path file, String origin) {}

    /** Archive forms, told apart by name: what the stick's owner downloaded is named for what it is. */
    enum Kind {
        ZIP, TAR, SIGNED;

        static Optional<Kind> of(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".zip")) {
                return Optional.of(ZIP);
            }
            // Cisco's current packages are signed with SHA-512 and named .cop.sha512; same layout as .cop.sgn.
            if (n.endsWith(".cop.sgn") || n.endsWith(".cop.sha512")) {
                return Optional.of(SIGNED);
            }
            if (n.endsWith(".cop") || n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
                return Optional.of(TAR);
            }
            return Optional.empty();
        }
    }

    /** A signed .cop's gzip stream starts within this many bytes; Cisco's header is a few hundred. */
    static final int SIGNED_SCAN = 64 * 1024;

    /** The archive being read: its label in messages ("" for the one on the stick), its folder, its depth. */
    private record Scope(String archive, String base, int depth) {
        String label(String entry) {
            return archive.isEmpty() ? entry : archive + "!/" + entry;
        }

        String stream() {
            return archive.isEmpty() ? "its compressed stream" : quote(archive);
        }

        Scope inside(String entry, String path) {
            return new Scope(label(entry), EntryPath.parent(path), depth + 1);
        }
    }

    private final Path staging;
    private final ArchiveLimits limits;
    private final List<Staged> staged = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final byte[] buffer = new byte[64 * 1024];
    private long written;
    private int entries;
    private int nextId;

    UnpackRun(Path staging, ArchiveLimits limits) {
        this.staging = staging;
        this.limits = limits;
    }

    /** Files in the order the archive holds them: the first of two with the same served name wins. */
    List<Staged> staged() {
        return Collections.unmodifiableList(staged);
    }

    List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    void unpack(Path archive, Kind kind) throws IOException {
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new CacheFailure(e);
        }
        Scope top = new Scope("", "", 0);
        if (kind == Kind.ZIP) {
            zip(archive, top);
            return;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), buffer.length)) {
            stream(in, kind, top);
        }
    }

    private void stream(InputStream in, Kind kind, Scope scope) throws IOException {
        // Streams opened here are closed here; the one they read from belongs to the caller (often an outer tar).
        InputStream shielded = new FilterInputStream(in) {
            @Override
            public void close() {}
        };
        switch (kind) {
            case ZIP -> nestedZip(shielded, scope);
            case TAR -> {
                try (InputStream body = maybeGunzip(shielded, scope)) {
                    tar(body, scope);
                }
            }
            case SIGNED -> {
                try (InputStream body = gunzip(afterSignedHeader(shielded), scope)) {
                    tar(body, scope);
                }
            }
        }
    }

    /** A zip needs its central directory at the end, so a nested one is copied out first. */
    private void nestedZip(InputStream in, Scope scope) throws IOException {
        Path copy = staging.resolve("nested-" + nextId++ + ".zip");
        try {
            copy(in, copy);
            zip(copy, scope);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private void zip(Path file, Scope scope) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                String name = entry.getName();
                String path = admit(name, scope);
                if (entry.isUnixSymlink()) {
                    skipped(scope, name, "symbolic link");
                    continue;
                }
                if (entry.isDirectory()) {
                    continue;
                }
                CRC32 crc = new CRC32();
                try (InputStream raw = zip.getInputStream(entry)) {
                    LongSupplier compressed = raw instanceof InputStreamStatistics stats
                            ? stats::getCompressedCount : entry::getCompressedSize;
                    InputStream in = new RatioGuard(new CheckedInputStream(raw, crc), compressed, limits.maxRatio(),
                            quote(scope.label(name)));
                    content(in, path, name, scope);
                    drain(in);
                }
                if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
                    throw new IOException(quote(scope.label(name)) + " fails its CRC check");
                }
            }
        }
    }

    private void tar(InputStream body, Scope scope) throws IOException {
        TarEndWatch watch = new TarEndWatch(body);
        // Not closed: that would close body, which stream() closes.
        TarArchiveInputStream tar = new TarArchiveInputStream(watch);
        while (true) {
            watch.watchFrom(TarEndWatch.nextRecord(watch.position()));
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null) {
                break;
            }
            watch.stop();
            String name = entry.getName();
            String path = admit(name, scope);
            if (entry.isSymbolicLink() || entry.isLink()) {
                skipped(scope, name, entry.isLink() ? "hard link" : "symbolic link");
            } else if (entry.isFile()) {
                content(tar, path, name, scope);
            } else if (!entry.isDirectory()) {
                skipped(scope, name, "not a regular file");
            }
            drain(tar); // so the next header's offset is known
        }
        if (!watch.sawEndMarker()) {
            throw new IOException((scope.archive().isEmpty() ? "tar" : quote(scope.archive()))
                    + " ends without its end-of-archive record");
        }
        drain(body); // reaches the gzip trailer, whose CRC and length are then checked
    }

    /** Counts the entry and checks its name; returns its path under the archive's folder. */
    private String admit(String name, Scope scope) throws Refused {
        if (++entries > limits.maxEntries()) {
            throw new Refused("holds more than " + limits.maxEntries() + " entries");
        }
        Optional<String> problem = EntryPath.problem(name);
        if (problem.isPresent()) {
            throw new Refused(quote(scope.label(name)) + " has an unsafe name (" + problem.get() + ")");
        }
        return scope.base() + EntryPath.normalize(name);
    }

    private void content(InputStream in, String path, String name, Scope scope) throws IOException {
        Optional<Kind> nested = Kind.of(path);
        if (nested.isEmpty()) {
            Path file = staging.resolve(Integer.toString(nextId++));
            copy(in, file);
            staged.add(new Staged(path, file, scope.label(name)));
            return;
        }
        if (scope.depth() >= limits.maxNesting()) {
            throw new Refused(quote(scope.label(name)) + " is an archive nested deeper than the limit of "
                    + limits.maxNesting());
        }
        stream(in, nested.get(), scope.inside(name, path));
    }

    private InputStream maybeGunzip(InputStream in, Scope scope) throws IOException {
        // Tolerant: a .cop or .tar.gz that is a plain tar (or the other way round) is still read.
        InputStream peekable = new BufferedInputStream(in);
        peekable.mark(2);
        byte[] magic = peekable.readNBytes(2);
        peekable.reset();
        boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        return gzip ? gunzip(peekable, scope) : peekable;
    }

    private InputStream gunzip(InputStream in, Scope scope) throws IOException {
        GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
        return new RatioGuard(gz, gz::getCompressedCount, limits.maxRatio(), scope.stream());
    }

    /** Skips Cisco's signed header: at its stated length if it parses, else at the first gzip magic. */
    private static InputStream afterSignedHeader(InputStream in) throws IOException {
        byte[] head = in.readNBytes(SIGNED_SCAN);
        int start = gzipStart(head);
        if (start < 0) {
            throw new IOException("no gzip stream in its first " + SIGNED_SCAN / 1024 + " KB");
        }
        return new SequenceInputStream(new ByteArrayInputStream(head, start, head.length - start), in);
    }

    static int gzipStart(byte[] head) {
        try {
            int length = SignedHeader.read(ByteBuffer.wrap(head)).length();
            if (isGzipAt(head, length)) {
                return length;
            }
        } catch (SignedHeader.BadHeader e) {
            // Not the header shape we know: fall back to scanning.
        }
        for (int i = 0; i < head.length; i++) {
            if (isGzipAt(head, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isGzipAt(byte[] b, int i) {
        return i + 3 <= b.length && (b[i] & 0xff) == 0x1f && (b[i + 1] & 0xff) == 0x8b && b[i + 2] == 8;
    }

    /** Read errors are the archive's; write errors are the cache's (CacheFailure). */
    private void copy(InputStream in, Path target) throws IOException {
        OutputStream out;
        try {
            out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CacheFailure(e);
        }
        try (out) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                written += n;
                if (written > limits.maxTotalBytes()) {
                    throw new Refused("unpacks to more than " + size(limits.maxTotalBytes()));
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new CacheFailure(e);
                }
            }
        }
    }

    private void drain(InputStream in) throws IOException {
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    private void skipped(Scope scope, String name, String what) {
        warnings.add("skipped " + quote(scope.label(name)) + ": " + what);
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
