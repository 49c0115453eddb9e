package org.phoneflasher.firmware;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.phoneflasher.files.Content;
import org.phoneflasher.files.ContentSource;
import org.phoneflasher.files.RequestPath;
import org.phoneflasher.files.Resolution;

/**
 * The stick's files as the resolver sees them: loose files, unpacked folders and archive entries alike, looked up
 * case-insensitively in the current index. The .loads of an incomplete load is refused, so no phone starts a flash
 * that cannot finish.
 */
public final class IndexedFiles implements ContentSource {
    private final Supplier<StickIndex> index;

    public IndexedFiles(Supplier<StickIndex> index) {
        this.index = index;
    }

    @Override
    public Resolution find(RequestPath path, InetAddress from) {
        StickIndex current = index.get();
        List<String> segments = path.segments();
        for (int i = 1; i <= segments.size(); i++) {
            Optional<String> why = current.refusal(String.join("/", segments.subList(0, i)));
            if (why.isPresent()) {
                return new Resolution.Refused(path.requested(), why.get());
            }
        }
        Optional<ServedFile> file = current.file(path.relative());
        if (file.isEmpty()) {
            return new Resolution.NotFound(path.requested());
        }
        Optional<Load> incomplete = current.loadOfLoadsFile(file.get().name()).filter(l -> !l.complete());
        if (incomplete.isPresent()) {
            return new Resolution.Refused(path.requested(),
                    "load " + incomplete.get().name() + " is incomplete: " + String.join("; ", incomplete.get().problems()));
        }
        try {
            Version version = Version.of(file.get().path());
            return new Resolution.Found(new StickContent(file.get().name(), file.get().path(), version, () -> stillServed(file.get())));
        } catch (IOException e) {
            // Pulled between the index and this request: the phone hears "not found" and goes on.
            return new Resolution.NotFound(path.requested());
        }
    }

    private boolean stillServed(ServedFile file) {
        return index.get().file(file.name()).filter(now -> now.path().equals(file.path())).isPresent();
    }

    /** A file as it was when a phone asked for it: its size and when it was last written. */
    record Version(long size, FileTime modified) {
        static Version of(Path path) throws IOException {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            return new Version(attrs.size(), attrs.lastModifiedTime());
        }
    }

    /**
     * A stick file, streamed through a FileChannel. Each read first asks whether the file is still on offer and still
     * the file the phone asked for: a stick pulled mid-transfer, or a file written over in place, ends the transfer
     * with an error instead of sending old bytes followed by new ones (or fewer) as if they were one file.
     */
    record StickContent(String name, Path path, Version version, java.util.function.BooleanSupplier served) implements Content {
        @Override
        public long size() {
            return version.size();
        }

        @Override
        public ReadableByteChannel open() throws IOException {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new ReadableByteChannel() {
                private long position;

                @Override
                public int read(ByteBuffer dst) throws IOException {
                    Version now;
                    try {
                        now = served.getAsBoolean() ? Version.of(path) : null;
                    } catch (NoSuchFileException gone) {
                        now = null;
                    }
                    if (now == null) {
                        throw new IOException(name + " withdrawn: the stick was removed or changed");
                    }
                    if (!now.equals(version)) {
                        throw new IOException(name + " changed on the stick during the transfer");
                    }
                    int read = channel.read(dst);
                    if (read < 0 && position < version.size()) {
                        throw new IOException(name + " is shorter than when the transfer began");
                    }
                    position += Math.max(read, 0);
                    return read;
                }

                @Override
                public boolean isOpen() {
                    return channel.isOpen();
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }
}
