package org.phoneflasher.firmware;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
            long size = Files.size(file.get().path());
            return new Resolution.Found(new StickContent(file.get().name(), file.get().path(), size, () -> stillServed(file.get())));
        } catch (IOException e) {
            // Pulled between the index and this request: the phone hears "not found" and goes on.
            return new Resolution.NotFound(path.requested());
        }
    }

    private boolean stillServed(ServedFile file) {
        return index.get().file(file.name()).filter(now -> now.path().equals(file.path())).isPresent();
    }

    /**
     * A stick file, streamed through a FileChannel. Each read first asks whether the file is still on offer: a
     * stick pulled mid-transfer ends the transfer with an error instead of finishing from a file that is gone.
     */
    record StickContent(String name, Path path, long size, java.util.function.BooleanSupplier served) implements Content {
        @Override
        public ReadableByteChannel open() throws IOException {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new ReadableByteChannel() {
                @Override
                public int read(ByteBuffer dst) throws IOException {
                    if (!served.getAsBoolean()) {
                        throw new IOException(name + " withdrawn: the stick was removed or changed");
                    }
                    return channel.read(dst);
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
